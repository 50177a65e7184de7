//! Every address of the service's pages, in one table.
//!
//! Each page has a pattern (what the router matches, `{name}` for a part
//! of the path) and a function that builds its address from typed values,
//! so a link cannot name a page that does not exist or put an
//! organisation's number where a request's belongs. The router is built
//! from the patterns (`page_routes` in `lib.rs`), and a test checks that
//! every builder's address is matched by its own pattern.

use compact_core::{
    AgreementId, ConsultationId, DocumentId, FundingChangeId, OrganisationId, PaymentId,
    SignupRequestId,
};

pub const HOME: &str = "/";
pub const COMPACT: &str = "/compacts/{slug}";
pub const REGISTER: &str = "/compacts/{slug}/register";
pub const REGISTER_CSV: &str = "/compacts/{slug}/register.csv";
pub const REGISTER_JSON: &str = "/compacts/{slug}/register.json";
pub const IMPORT: &str = "/compacts/{slug}/organisations/import";
pub const NEW_ORGANISATION: &str = "/compacts/{slug}/organisations/new";
pub const ORGANISATION: &str = "/compacts/{slug}/organisations/{id}";
pub const DETAILS: &str = "/compacts/{slug}/organisations/{id}/details";
pub const SIGN_UP: &str = "/compacts/{slug}/organisations/{id}/sign-up";
pub const CHAMPION: &str = "/compacts/{slug}/organisations/{id}/champion";
pub const WITHDRAW: &str = "/compacts/{slug}/organisations/{id}/withdraw";
pub const KITEMARK_BADGE: &str = "/compacts/{slug}/organisations/{id}/kitemark.svg";
pub const SIGN_UP_REQUESTS: &str = "/compacts/{slug}/sign-up-requests";
pub const SIGN_UP_REQUEST: &str = "/compacts/{slug}/sign-up-requests/{id}";
pub const FINDINGS: &str = "/compacts/{slug}/findings";
pub const CONSULTATIONS: &str = "/compacts/{slug}/consultations";
pub const NEW_CONSULTATION: &str = "/compacts/{slug}/consultations/new";
pub const CONSULTATION: &str = "/compacts/{slug}/consultations/{id}";
pub const EDIT_CONSULTATION: &str = "/compacts/{slug}/consultations/{id}/edit";
pub const PUBLISH_CONSULTATION: &str = "/compacts/{slug}/consultations/{id}/publish";
pub const RESPOND: &str = "/compacts/{slug}/consultations/{id}/respond";
pub const RECORD_RESPONSE: &str = "/compacts/{slug}/consultations/{id}/record-response";
pub const FEEDBACK: &str = "/compacts/{slug}/consultations/{id}/feedback";
/// A draft's uploaded documents (the upload form), one document (its
/// download), and removing one.
pub const CONSULTATION_DOCUMENTS: &str = "/compacts/{slug}/consultations/{id}/documents";
pub const CONSULTATION_DOCUMENT: &str = "/compacts/{slug}/consultations/{id}/documents/{document}";
pub const REMOVE_CONSULTATION_DOCUMENT: &str =
    "/compacts/{slug}/consultations/{id}/documents/{document}/remove";
/// The feeds: the Compact's consultations, and one lead's.
pub const CONSULTATIONS_ATOM: &str = "/compacts/{slug}/consultations.atom";
pub const CONSULTATIONS_ICS: &str = "/compacts/{slug}/consultations.ics";
pub const LEAD_CONSULTATIONS_ATOM: &str = "/compacts/{slug}/organisations/{id}/consultations.atom";
pub const LEAD_CONSULTATIONS_ICS: &str = "/compacts/{slug}/organisations/{id}/consultations.ics";
pub const AUDIT: &str = "/compacts/{slug}/audit";
pub const KITEMARK_VERIFY: &str = "/kitemark/verify";
pub const KITEMARK_KEYS: &str = "/kitemark/keys.json";
/// A Compact's funding agreements as 360Giving open data.
pub const GRANTS_JSON: &str = "/compacts/{slug}/funding/360giving.json";
pub const GRANTS_CSV: &str = "/compacts/{slug}/funding/360giving.csv";
/// The secretariat's page for importing a funder's 360Giving file.
pub const GRANTS_IMPORT: &str = "/compacts/{slug}/funding/import";

/// The page for importing a council's spreadsheet of agreements, payments
/// or changes.
pub const RECORDS_IMPORT: &str = "/compacts/{slug}/records/import";

/// An example file of each layout of a council's spreadsheet.
pub fn spreadsheet_example(kind: compact_core::spreadsheets::SheetKind) -> String {
    format!("/spreadsheet-examples/{kind}.csv")
}

pub fn records_import(slug: &str) -> String {
    format!("/compacts/{slug}/records/import")
}

pub fn grants_import(slug: &str) -> String {
    format!("/compacts/{slug}/funding/import")
}

pub fn grants_json(slug: &str) -> String {
    format!("/compacts/{slug}/funding/360giving.json")
}

pub fn grants_csv(slug: &str) -> String {
    format!("/compacts/{slug}/funding/360giving.csv")
}

// ---- funding: a Compact's agreements, their payments and changes ----

pub const FUNDING: &str = "/compacts/{slug}/funding";
pub const NEW_AGREEMENT: &str = "/compacts/{slug}/funding/new";
pub const AGREEMENT: &str = "/compacts/{slug}/funding/{id}";
pub const EDIT_AGREEMENT: &str = "/compacts/{slug}/funding/{id}/edit";
pub const NEW_PAYMENT: &str = "/compacts/{slug}/funding/{id}/payments/new";
pub const PAYMENT_PAID: &str = "/compacts/{slug}/funding/{id}/payments/{payment}/paid";
pub const NEW_CHANGE: &str = "/compacts/{slug}/funding/{id}/changes/new";
pub const CHANGE: &str = "/compacts/{slug}/funding/{id}/changes/{change}";
pub const NEW_STEP: &str = "/compacts/{slug}/funding/{id}/changes/{change}/steps/new";
pub const IMPACT_ASSESSMENT: &str =
    "/compacts/{slug}/funding/{id}/changes/{change}/impact-assessment";

pub fn funding(slug: &str) -> String {
    format!("/compacts/{slug}/funding")
}

/// The list of agreements with a query string (without its `?`).
pub fn funding_with(slug: &str, query: &str) -> String {
    with_query(funding(slug), query)
}

pub fn new_agreement(slug: &str) -> String {
    format!("/compacts/{slug}/funding/new")
}

pub fn agreement(slug: &str, id: AgreementId) -> String {
    format!("/compacts/{slug}/funding/{}", id.0)
}

/// An agreement's page with the notice of what was just recorded.
pub fn agreement_done(slug: &str, id: AgreementId, done: FundingDone) -> String {
    format!("{}?done={}", agreement(slug, id), done.as_str())
}

pub fn edit_agreement(slug: &str, id: AgreementId) -> String {
    format!("{}/edit", agreement(slug, id))
}

pub fn new_payment(slug: &str, id: AgreementId) -> String {
    format!("{}/payments/new", agreement(slug, id))
}

pub fn payment_paid(slug: &str, id: AgreementId, payment: PaymentId) -> String {
    format!("{}/payments/{}/paid", agreement(slug, id), payment.0)
}

/// A payment's row on its agreement's page.
pub fn payment(slug: &str, id: AgreementId, payment: PaymentId) -> String {
    format!("{}#{}", agreement(slug, id), payment_anchor(payment))
}

/// The id of a payment's row, which [`payment`] links to.
pub fn payment_anchor(payment: PaymentId) -> String {
    format!("payment-{}", payment.0)
}

pub fn new_change(slug: &str, id: AgreementId) -> String {
    format!("{}/changes/new", agreement(slug, id))
}

pub fn change(slug: &str, id: AgreementId, change: FundingChangeId) -> String {
    format!("{}/changes/{}", agreement(slug, id), change.0)
}

/// A change's page with the notice of what was just recorded.
pub fn change_done(
    slug: &str,
    id: AgreementId,
    which: FundingChangeId,
    done: FundingDone,
) -> String {
    format!("{}?done={}", change(slug, id, which), done.as_str())
}

pub fn new_step(slug: &str, id: AgreementId, which: FundingChangeId) -> String {
    format!("{}/steps/new", change(slug, id, which))
}

pub fn impact_assessment(slug: &str, id: AgreementId, which: FundingChangeId) -> String {
    format!("{}/impact-assessment", change(slug, id, which))
}

/// What was just recorded about an agreement, for its page's notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundingDone {
    Added,
    Updated,
    Payment,
    Paid,
    Change,
    Step,
    Impact,
}

impl FundingDone {
    pub const ALL: [FundingDone; 7] = [
        FundingDone::Added,
        FundingDone::Updated,
        FundingDone::Payment,
        FundingDone::Paid,
        FundingDone::Change,
        FundingDone::Step,
        FundingDone::Impact,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FundingDone::Added => "added",
            FundingDone::Updated => "updated",
            FundingDone::Payment => "payment",
            FundingDone::Paid => "paid",
            FundingDone::Change => "change",
            FundingDone::Step => "step",
            FundingDone::Impact => "impact",
        }
    }

    pub fn parse(text: &str) -> Option<FundingDone> {
        FundingDone::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// The newest signed checkpoint of the audit log, for anyone to keep.
pub const AUDIT_CHECKPOINT: &str = "/audit/checkpoint.json";
pub const SIGN_IN: &str = "/sign-in";
pub const SIGN_OUT: &str = "/sign-out";
pub const ACCOUNT: &str = "/account";
pub const FORGOT_PASSWORD: &str = "/forgot-password";
pub const RESET_PASSWORD: &str = "/reset-password/{token}";

pub fn home() -> String {
    HOME.to_string()
}

pub fn compact(slug: &str) -> String {
    format!("/compacts/{slug}")
}

pub fn register(slug: &str) -> String {
    format!("/compacts/{slug}/register")
}

/// The register with a query string (without its `?`), or plain when empty.
pub fn register_with(slug: &str, query: &str) -> String {
    with_query(register(slug), query)
}

pub fn register_csv(slug: &str, query: &str) -> String {
    with_query(format!("/compacts/{slug}/register.csv"), query)
}

pub fn register_json(slug: &str, query: &str) -> String {
    with_query(format!("/compacts/{slug}/register.json"), query)
}

pub fn import(slug: &str) -> String {
    format!("/compacts/{slug}/organisations/import")
}

pub fn new_organisation(slug: &str) -> String {
    format!("/compacts/{slug}/organisations/new")
}

pub fn organisation(slug: &str, id: OrganisationId) -> String {
    format!("/compacts/{slug}/organisations/{id}")
}

/// An organisation's page with the notice of what was just done there.
pub fn organisation_done(slug: &str, id: OrganisationId, done: Done) -> String {
    format!("{}?done={}", organisation(slug, id), done.as_str())
}

pub fn details(slug: &str, id: OrganisationId) -> String {
    format!("{}/details", organisation(slug, id))
}

pub fn sign_up(slug: &str, id: OrganisationId) -> String {
    format!("{}/sign-up", organisation(slug, id))
}

pub fn champion(slug: &str, id: OrganisationId) -> String {
    format!("{}/champion", organisation(slug, id))
}

pub fn withdraw(slug: &str, id: OrganisationId) -> String {
    format!("{}/withdraw", organisation(slug, id))
}

pub fn kitemark_badge(slug: &str, id: OrganisationId) -> String {
    format!("{}/kitemark.svg", organisation(slug, id))
}

pub fn sign_up_requests(slug: &str) -> String {
    format!("/compacts/{slug}/sign-up-requests")
}

pub fn sign_up_request(slug: &str, id: SignupRequestId) -> String {
    format!("/compacts/{slug}/sign-up-requests/{id}")
}

pub fn findings(slug: &str) -> String {
    format!("/compacts/{slug}/findings")
}

pub fn findings_page(slug: &str, page: u32) -> String {
    format!("/compacts/{slug}/findings?page={page}")
}

pub fn consultations(slug: &str) -> String {
    format!("/compacts/{slug}/consultations")
}

pub fn new_consultation(slug: &str) -> String {
    format!("/compacts/{slug}/consultations/new")
}

pub fn consultation(slug: &str, id: ConsultationId) -> String {
    format!("/compacts/{slug}/consultations/{id}")
}

/// A consultation's page with the notice of what was just done there.
pub fn consultation_done(slug: &str, id: ConsultationId, done: ConsultationDone) -> String {
    format!("{}?done={}", consultation(slug, id), done.as_str())
}

pub fn edit_consultation(slug: &str, id: ConsultationId) -> String {
    format!("{}/edit", consultation(slug, id))
}

pub fn publish_consultation(slug: &str, id: ConsultationId) -> String {
    format!("{}/publish", consultation(slug, id))
}

pub fn respond(slug: &str, id: ConsultationId) -> String {
    format!("{}/respond", consultation(slug, id))
}

pub fn record_response(slug: &str, id: ConsultationId) -> String {
    format!("{}/record-response", consultation(slug, id))
}

pub fn feedback(slug: &str, id: ConsultationId) -> String {
    format!("{}/feedback", consultation(slug, id))
}

pub fn consultation_documents(slug: &str, id: ConsultationId) -> String {
    format!("{}/documents", consultation(slug, id))
}

pub fn consultation_document(slug: &str, id: ConsultationId, document: DocumentId) -> String {
    format!("{}/documents/{document}", consultation(slug, id))
}

pub fn remove_consultation_document(
    slug: &str,
    id: ConsultationId,
    document: DocumentId,
) -> String {
    format!("{}/remove", consultation_document(slug, id, document))
}

pub fn consultations_atom(slug: &str) -> String {
    format!("/compacts/{slug}/consultations.atom")
}

pub fn consultations_ics(slug: &str) -> String {
    format!("/compacts/{slug}/consultations.ics")
}

pub fn lead_consultations_atom(slug: &str, id: OrganisationId) -> String {
    format!("{}/consultations.atom", organisation(slug, id))
}

pub fn lead_consultations_ics(slug: &str, id: OrganisationId) -> String {
    format!("{}/consultations.ics", organisation(slug, id))
}

pub fn audit(slug: &str) -> String {
    format!("/compacts/{slug}/audit")
}

pub fn audit_with(slug: &str, query: &str) -> String {
    with_query(audit(slug), query)
}

pub fn kitemark_verify() -> String {
    KITEMARK_VERIFY.to_string()
}

pub fn sign_in() -> String {
    SIGN_IN.to_string()
}

/// The sign-in page saying the visitor has signed out.
pub fn signed_out() -> String {
    format!("{SIGN_IN}?signed_out=1")
}

/// The sign-in page saying the password was changed.
pub fn password_reset_done() -> String {
    format!("{SIGN_IN}?reset=1")
}

pub fn account() -> String {
    ACCOUNT.to_string()
}

pub fn forgot_password() -> String {
    FORGOT_PASSWORD.to_string()
}

pub fn reset_password(token: &str) -> String {
    let mut path = String::from("/reset-password/");
    path.extend(form_urlencoded::byte_serialize(token.as_bytes()));
    path
}

fn with_query(path: String, query: &str) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// What was just done on an organisation's page, for its notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Added,
    Details,
    SignedUp,
    Requested,
    Champion,
    Withdrawn,
}

impl Done {
    pub const ALL: [Done; 6] = [
        Done::Added,
        Done::Details,
        Done::SignedUp,
        Done::Requested,
        Done::Champion,
        Done::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Done::Added => "added",
            Done::Details => "details",
            Done::SignedUp => "signed-up",
            Done::Requested => "requested",
            Done::Champion => "champion",
            Done::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// What was just done on a consultation's page, for its notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultationDone {
    Saved,
    Published,
    Responded,
    Recorded,
    Feedback,
    Uploaded,
    Removed,
}

impl ConsultationDone {
    pub const ALL: [ConsultationDone; 7] = [
        ConsultationDone::Saved,
        ConsultationDone::Published,
        ConsultationDone::Responded,
        ConsultationDone::Recorded,
        ConsultationDone::Feedback,
        ConsultationDone::Uploaded,
        ConsultationDone::Removed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsultationDone::Saved => "saved",
            ConsultationDone::Published => "published",
            ConsultationDone::Responded => "responded",
            ConsultationDone::Recorded => "recorded",
            ConsultationDone::Feedback => "feedback",
            ConsultationDone::Uploaded => "uploaded",
            ConsultationDone::Removed => "removed",
        }
    }

    pub fn parse(text: &str) -> Option<ConsultationDone> {
        ConsultationDone::ALL
            .into_iter()
            .find(|d| d.as_str() == text)
    }
}

#[cfg(test)]
mod tests;
