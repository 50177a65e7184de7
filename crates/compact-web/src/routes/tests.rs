use super::*;

/// Whether `path` is matched by `pattern`, each `{name}` standing for
/// one non-empty part.
fn matches(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (p, a): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == a.len()
        && p.iter().zip(&a).all(|(p, a)| {
            if p.starts_with('{') && p.ends_with('}') {
                !a.is_empty()
            } else if let Some((before, after)) = p.split_once('{') {
                // `{id}.svg`-like parts do not occur; a literal suffix
                // after a parameter is matched on its own.
                a.starts_with(before) && a.ends_with(after.split_once('}').map_or("", |x| x.1))
            } else {
                p == a
            }
        })
}

#[test]
fn every_address_is_matched_by_its_own_pattern() {
    let (s, o, r) = ("wiltshire", OrganisationId(12), SignupRequestId(3));
    let k = ConsultationId(4);
    let (a, c) = (AgreementId(5), FundingChangeId(6));
    let table: Vec<(&str, String)> = vec![
        (HOME, home()),
        (COMPACT, compact(s)),
        (REGISTER, register(s)),
        (REGISTER, register_with(s, "q=food")),
        (REGISTER_CSV, register_csv(s, "")),
        (REGISTER_JSON, register_json(s, "on=2026-03-31")),
        (IMPORT, import(s)),
        (NEW_ORGANISATION, new_organisation(s)),
        (ORGANISATION, organisation(s, o)),
        (ORGANISATION, organisation_done(s, o, Done::Champion)),
        (DETAILS, details(s, o)),
        (SIGN_UP, sign_up(s, o)),
        (CHAMPION, champion(s, o)),
        (WITHDRAW, withdraw(s, o)),
        (KITEMARK_BADGE, kitemark_badge(s, o)),
        (SIGN_UP_REQUESTS, sign_up_requests(s)),
        (SIGN_UP_REQUEST, sign_up_request(s, r)),
        (FINDINGS, findings(s)),
        (CONSULTATIONS, consultations(s)),
        (NEW_CONSULTATION, new_consultation(s)),
        (CONSULTATION, consultation(s, k)),
        (
            CONSULTATION,
            consultation_done(s, k, ConsultationDone::Saved),
        ),
        (EDIT_CONSULTATION, edit_consultation(s, k)),
        (PUBLISH_CONSULTATION, publish_consultation(s, k)),
        (RESPOND, respond(s, k)),
        (RECORD_RESPONSE, record_response(s, k)),
        (FEEDBACK, feedback(s, k)),
        (CONSULTATION_DOCUMENTS, consultation_documents(s, k)),
        (
            CONSULTATION_DOCUMENT,
            consultation_document(s, k, DocumentId(4)),
        ),
        (
            REMOVE_CONSULTATION_DOCUMENT,
            remove_consultation_document(s, k, DocumentId(4)),
        ),
        (CONSULTATIONS_ATOM, consultations_atom(s)),
        (CONSULTATIONS_ICS, consultations_ics(s)),
        (LEAD_CONSULTATIONS_ATOM, lead_consultations_atom(s, o)),
        (LEAD_CONSULTATIONS_ICS, lead_consultations_ics(s, o)),
        (FINDINGS, findings_page(s, 2)),
        (AUDIT, audit(s)),
        (AUDIT, audit_with(s, "page=2")),
        (KITEMARK_VERIFY, kitemark_verify()),
        (SIGN_IN, sign_in()),
        (ACCOUNT, account()),
        (FORGOT_PASSWORD, forgot_password()),
        (RESET_PASSWORD, reset_password("abc-123_x")),
        (GRANTS_JSON, grants_json(s)),
        (GRANTS_CSV, grants_csv(s)),
        (GRANTS_IMPORT, grants_import(s)),
        (RECORDS_IMPORT, records_import(s)),
        // funding
        (FUNDING, funding(s)),
        (FUNDING, funding_with(s, "funder=2&page=2")),
        (NEW_AGREEMENT, new_agreement(s)),
        (AGREEMENT, agreement(s, a)),
        (AGREEMENT, agreement_done(s, a, FundingDone::Payment)),
        (EDIT_AGREEMENT, edit_agreement(s, a)),
        (NEW_PAYMENT, new_payment(s, a)),
        (PAYMENT_PAID, payment_paid(s, a, PaymentId(4))),
        (NEW_CHANGE, new_change(s, a)),
        (CHANGE, change(s, a, c)),
        (CHANGE, change_done(s, a, c, FundingDone::Step)),
        (NEW_STEP, new_step(s, a, c)),
        (IMPACT_ASSESSMENT, impact_assessment(s, a, c)),
    ];
    for (pattern, address) in table {
        assert!(
            matches(pattern, &address),
            "{address} is not matched by {pattern}"
        );
    }
    assert_eq!(
        organisation_done(s, o, Done::Added),
        "/compacts/wiltshire/organisations/12?done=added"
    );
}

#[test]
fn what_was_done_reads_back_from_its_name() {
    for done in Done::ALL {
        assert_eq!(Done::parse(done.as_str()), Some(done));
    }
    for done in ConsultationDone::ALL {
        assert_eq!(ConsultationDone::parse(done.as_str()), Some(done));
    }
    for done in FundingDone::ALL {
        assert_eq!(FundingDone::parse(done.as_str()), Some(done));
    }
    assert_eq!(Done::parse("nothing"), None);
}
