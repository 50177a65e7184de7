//! The register's forms: signing an organisation up (recorded at once by
//! the secretariat, or asked for by the organisation's own people and
//! approved by the secretariat), changing its Compact champion, and
//! recording a withdrawal.
//!
//! Every form checks its CSRF token and the visitor's right to act, reads
//! the fields through the core's checks, and shows every problem at once.

use super::{forms, load_compact, render, signed_in_account, LoadedCompact, OrInternal, PageError};
use crate::components::{ErrorLink, Input};
use crate::frame::{render as render_component, Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use compact_core::access::Action;
use compact_core::model::{Organisation, Signatory};
use compact_core::register::{
    ChampionInput, FieldProblem, Problem, Register, SignUpInput, SignUpRefusal, WithdrawalInput,
};
use compact_core::{OrganisationId, SignupRequestId};
use compact_store::{Actor, RequestStatus, StoreError};
use serde::Deserialize;

/// The one template of these forms: some paragraphs, the fields, perhaps a
/// confirmation box, and a button.
#[derive(Template)]
#[template(path = "register_form.html")]
pub(super) struct FormPage {
    pub frame: Frame,
    pub error_summary: String,
    pub intro: Vec<String>,
    pub warning: Option<String>,
    pub action: String,
    pub fields: Vec<String>,
    pub confirm: Option<Confirm>,
    pub button: String,
}

pub struct Confirm {
    /// The checkbox's name and id.
    pub name: &'static str,
    pub label: String,
    pub checked: bool,
    pub error: Option<String>,
}

/// The words for a problem with a field, in the page's language.
pub(super) fn problem_text(t: &Tr, p: &FieldProblem) -> String {
    let what = t.get(&format!("field-{}", p.field.replace('_', "-")));
    let key = match p.problem {
        Problem::Missing if p.field == "authority" => return t.get("signup-error-authority"),
        Problem::Missing => "form-error-missing",
        Problem::NotADate => "form-error-not-a-date",
        Problem::InFuture => "form-error-in-future",
        Problem::TooEarly => {
            return t.get(&format!(
                "form-error-too-early-{}",
                p.field.replace('_', "-")
            ))
        }
        Problem::TooLong => "form-error-too-long",
        Problem::WrongFormat => {
            return t.get(&format!("form-error-format-{}", p.field.replace('_', "-")))
        }
    };
    t.with(key, &[("what", Arg::Text(what))])
}

/// A form's fields with what was typed and the first problem of each.
pub(super) struct Fields<'a> {
    pub t: &'a Tr,
    pub problems: &'a [FieldProblem],
}

impl Fields<'_> {
    pub(super) fn error(&self, name: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|p| p.field == name)
            .map(|p| problem_text(self.t, p))
    }

    pub(super) fn text(
        &self,
        name: &'static str,
        value: &str,
        autocomplete: &'static str,
    ) -> String {
        self.input(name, value, None, autocomplete, None)
    }

    fn date(&self, name: &'static str, value: &str, hint_key: &str) -> String {
        self.input(
            name,
            value,
            Some(self.t.get(hint_key)),
            "off",
            Some("govuk-input--width-10".into()),
        )
    }

    fn input(
        &self,
        name: &'static str,
        value: &str,
        hint: Option<String>,
        autocomplete: &'static str,
        classes: Option<String>,
    ) -> String {
        render_component(&Input {
            id: name.into(),
            name: name.into(),
            label: self.t.get(&format!("label-{}", name.replace('_', "-"))),
            input_type: "text",
            value: Some(value.to_string()).filter(|v| !v.is_empty()),
            hint,
            error: self.error(name),
            error_prefix: self.t.get("error-prefix"),
            autocomplete: Some(autocomplete),
            spellcheck_off: false,
            classes,
        })
        .unwrap_or_default()
    }

    /// The error summary of a form sent back: the expired-form message when
    /// its CSRF token did not match (linking to `first_field`), else the
    /// field problems.
    pub(super) fn summary_or_expired(
        &self,
        frame: &mut Frame,
        expired: bool,
        first_field: &str,
    ) -> String {
        if expired {
            frame.error_summary(&[ErrorLink {
                text: self.t.get("error-form-expired"),
                href: format!("#{first_field}"),
            }])
        } else {
            self.summary(frame)
        }
    }

    pub(super) fn summary(&self, frame: &mut Frame) -> String {
        if self.problems.is_empty() {
            return String::new();
        }
        let links: Vec<ErrorLink> = self
            .problems
            .iter()
            .map(|p| ErrorLink {
                text: problem_text(self.t, p),
                href: format!("#{}", p.field),
            })
            .collect();
        frame.error_summary(&links)
    }
}

/// The organisation of a register page, its sign-ups here, and what the
/// visitor may do with it.
struct Target {
    loaded: LoadedCompact,
    organisation: Organisation,
    /// The sign-up in force today, if any.
    current: Option<Signatory>,
    administer: bool,
    acts_for: bool,
}

async fn target(state: &AppState, visit: &Visit, slug: &str, id: i64) -> Result<Target, PageError> {
    let loaded = load_compact(state, visit, slug).await?;
    let compact = loaded.stored.id;
    let records = state
        .app
        .store
        .load_register(compact)
        .await
        .or_internal(visit)?;
    let id = OrganisationId(id);
    let register = Register::on(&records, state.today());
    let entry = register
        .entry(id)
        .ok_or_else(|| PageError::not_found(visit))?;
    let organisation = entry.organisation.clone();
    let current = entry.current().cloned();
    let viewer = visit.viewer();
    let administer = viewer.may(compact, Action::Administer);
    let acts_for = viewer.may(compact, Action::ActFor(id));
    Ok(Target {
        loaded,
        organisation,
        current,
        administer,
        acts_for,
    })
}

impl Target {
    fn frame(&self, visit: &Visit, t: &Tr, title: String) -> Frame {
        let slug = &self.loaded.stored.slug;
        let org_href = self.href();
        Frame::new(
            visit,
            title.clone(),
            Some(InCompact {
                slug,
                name: &self.loaded.stored.name,
            }),
            Section::Register,
        )
        .with_breadcrumbs(vec![
            (
                t.get("register-title"),
                Some(format!("/compacts/{slug}/register")),
            ),
            (self.organisation.name.clone(), Some(org_href)),
            (title, None),
        ])
    }

    fn href(&self) -> String {
        format!(
            "/compacts/{}/organisations/{}",
            self.loaded.stored.slug, self.organisation.id
        )
    }

    fn edition(&self) -> String {
        self.loaded.definition.identity.edition.clone()
    }

    /// A visitor without the right gets the "not allowed" page.
    fn guard(&self, visit: &Visit, allowed: bool) -> Result<(), PageError> {
        if allowed {
            Ok(())
        } else {
            Err(PageError::forbidden(visit))
        }
    }
}

// ---- signing up ----

#[derive(Deserialize, Default)]
pub struct SignUpForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    signed_on: String,
    #[serde(default)]
    signed_by: String,
    #[serde(default)]
    signer_role: String,
    #[serde(default)]
    authority: Option<String>,
    #[serde(default)]
    champion_name: String,
    #[serde(default)]
    champion_role: String,
    #[serde(default)]
    champion_contact: String,
    #[serde(default)]
    champion_trained_on: String,
}

impl SignUpForm {
    fn input(&self) -> SignUpInput {
        SignUpInput {
            signed_on: self.signed_on.clone(),
            signed_by: self.signed_by.clone(),
            signer_role: self.signer_role.clone(),
            authority_confirmed: self.authority.is_some(),
            champion: ChampionInput {
                name: self.champion_name.clone(),
                role: self.champion_role.clone(),
                contact: self.champion_contact.clone(),
                appointed_on: String::new(),
                trained_on: self.champion_trained_on.clone(),
            },
        }
    }
}

fn sign_up_page(
    visit: &Visit,
    target: &Target,
    form: &SignUpForm,
    problems: &[FieldProblem],
    extra_error: Option<String>,
) -> Response {
    let t = Tr::new(visit.lang);
    let title_key = if target.administer {
        "signup-title-record"
    } else {
        "signup-title-ask"
    };
    let title = t.with(
        title_key,
        &[("organisation", Arg::Text(target.organisation.name.clone()))],
    );
    let mut frame = target.frame(visit, &t, title);
    let fields = Fields { t: &t, problems };
    let mut error_summary = fields.summary(&mut frame);
    if let Some(text) = &extra_error {
        error_summary = frame.error_summary(&[ErrorLink {
            text: text.clone(),
            href: "#signed_on".into(),
        }]);
    }
    let mut intro = vec![t.with(
        "signup-edition",
        &[
            ("compact", Arg::Text(target.loaded.stored.name.clone())),
            ("edition", Arg::Text(target.edition())),
        ],
    )];
    intro.push(t.get(if target.administer {
        "signup-intro-record"
    } else {
        "signup-intro-ask"
    }));
    let page = FormPage {
        error_summary,
        intro,
        warning: None,
        action: format!("{}/sign-up", target.href()),
        fields: vec![
            fields.date("signed_on", &form.signed_on, "hint-date"),
            fields.text("signed_by", &form.signed_by, "name"),
            fields.text("signer_role", &form.signer_role, "organization-title"),
            fields.text("champion_name", &form.champion_name, "off"),
            fields.text("champion_role", &form.champion_role, "off"),
            fields.text("champion_contact", &form.champion_contact, "off"),
            fields.date(
                "champion_trained_on",
                &form.champion_trained_on,
                "hint-date-optional",
            ),
        ],
        confirm: Some(Confirm {
            name: "authority",
            label: t.get("signup-authority"),
            checked: form.authority.is_some(),
            error: fields.error("authority"),
        }),
        button: t.get(if target.administer {
            "signup-button-record"
        } else {
            "signup-button-ask"
        }),
        frame,
    };
    let failed = !problems.is_empty() || extra_error.is_some();
    (forms::status(failed), render(&page)).into_response()
}

pub async fn sign_up_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let target = target(&state, &visit, &slug, id).await?;
    target.guard(&visit, target.administer || target.acts_for)?;
    if target.current.is_some() {
        return Ok(Redirect::to(&target.href()).into_response());
    }
    Ok(sign_up_page(
        &visit,
        &target,
        &SignUpForm::default(),
        &[],
        None,
    ))
}

pub async fn sign_up(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<SignUpForm>,
) -> Result<Response, PageError> {
    let target = target(&state, &visit, &slug, id).await?;
    target.guard(&visit, target.administer || target.acts_for)?;
    let t = Tr::new(visit.lang);
    if !visit.csrf_matches(&form.csrf_token) {
        return Ok(sign_up_page(
            &visit,
            &target,
            &form,
            &[],
            Some(t.get("error-form-expired")),
        ));
    }
    let sign_up = match form.input().check(state.today()) {
        Ok(s) => s,
        Err(problems) => return Ok(sign_up_page(&visit, &target, &form, &problems, None)),
    };
    let compact = target.loaded.stored.id;
    let account = signed_in_account(&visit)?;
    let actor = Actor::Account(account);
    let result = if target.administer {
        state
            .app
            .store
            .add_signatory(
                compact,
                target.organisation.id,
                &sign_up,
                &target.edition(),
                &actor,
            )
            .await
            .map(|_| "signed-up")
    } else {
        state
            .app
            .store
            .request_signup(
                compact,
                target.organisation.id,
                &sign_up,
                &target.edition(),
                account,
                &actor,
            )
            .await
            .map(|_| "requested")
    };
    match result {
        Ok(done) => Ok(Redirect::to(&format!("{}?done={done}", target.href())).into_response()),
        Err(StoreError::SignUpRefused(refusal)) => {
            let text = refusal_text(&t, refusal);
            Ok(sign_up_page(&visit, &target, &form, &[], Some(text)))
        }
        Err(e) => Err(PageError::internal(&visit, e.to_string())),
    }
}

fn refusal_text(t: &Tr, refusal: SignUpRefusal) -> String {
    match refusal {
        SignUpRefusal::AlreadySignedUp { since } => t.with(
            "signup-refused-already",
            &[("date", Arg::Text(t.date(&since)))],
        ),
        SignUpRefusal::BeforeWithdrawal { withdrawn_on } => t.with(
            "signup-refused-before-withdrawal",
            &[("date", Arg::Text(t.date(&withdrawn_on)))],
        ),
    }
}

// ---- the champion ----

#[derive(Deserialize, Default)]
pub struct ChampionForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    champion_name: String,
    #[serde(default)]
    champion_role: String,
    #[serde(default)]
    champion_contact: String,
    #[serde(default)]
    champion_appointed_on: String,
    #[serde(default)]
    champion_trained_on: String,
}

fn champion_page(
    visit: &Visit,
    target: &Target,
    form: &ChampionForm,
    problems: &[FieldProblem],
    expired: bool,
) -> Response {
    let t = Tr::new(visit.lang);
    let title = t.get("champion-title");
    let mut frame = target.frame(visit, &t, title);
    let fields = Fields { t: &t, problems };
    let error_summary = fields.summary_or_expired(&mut frame, expired, "champion_name");
    let page = FormPage {
        error_summary,
        intro: vec![t.with(
            "champion-intro",
            &[("organisation", Arg::Text(target.organisation.name.clone()))],
        )],
        warning: None,
        action: format!("{}/champion", target.href()),
        fields: vec![
            fields.text("champion_name", &form.champion_name, "off"),
            fields.text("champion_role", &form.champion_role, "off"),
            fields.text("champion_contact", &form.champion_contact, "off"),
            fields.date(
                "champion_appointed_on",
                &form.champion_appointed_on,
                "hint-date",
            ),
            fields.date(
                "champion_trained_on",
                &form.champion_trained_on,
                "hint-date-optional",
            ),
        ],
        confirm: None,
        button: t.get("champion-button"),
        frame,
    };
    (
        forms::status(!problems.is_empty() || expired),
        render(&page),
    )
        .into_response()
}

fn date_text(date: Option<compact_core::Date>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

pub async fn champion_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let target = target(&state, &visit, &slug, id).await?;
    target.guard(&visit, target.administer || target.acts_for)?;
    let Some(current) = &target.current else {
        return Err(PageError::not_found(&visit));
    };
    let form = match &current.champion {
        Some(c) => ChampionForm {
            champion_name: c.name.clone(),
            champion_role: c.role.clone(),
            champion_contact: c.contact.clone(),
            champion_appointed_on: date_text(Some(c.appointed_on)),
            champion_trained_on: date_text(c.trained_on),
            ..ChampionForm::default()
        },
        None => ChampionForm::default(),
    };
    Ok(champion_page(&visit, &target, &form, &[], false))
}

pub async fn champion(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ChampionForm>,
) -> Result<Response, PageError> {
    let target = target(&state, &visit, &slug, id).await?;
    target.guard(&visit, target.administer || target.acts_for)?;
    let Some(current) = &target.current else {
        return Err(PageError::not_found(&visit));
    };
    if !visit.csrf_matches(&form.csrf_token) {
        return Ok(champion_page(&visit, &target, &form, &[], true));
    }
    let input = ChampionInput {
        name: form.champion_name.clone(),
        role: form.champion_role.clone(),
        contact: form.champion_contact.clone(),
        appointed_on: form.champion_appointed_on.clone(),
        trained_on: form.champion_trained_on.clone(),
    };
    let champion = match input.check(state.today(), current.signed_on) {
        Ok(c) => c,
        Err(problems) => return Ok(champion_page(&visit, &target, &form, &problems, false)),
    };
    state
        .app
        .store
        .set_champion(
            target.loaded.stored.id,
            current.id,
            &champion,
            &Actor::Account(signed_in_account(&visit)?),
        )
        .await
        .or_internal(&visit)?;
    Ok(Redirect::to(&format!("{}?done=champion", target.href())).into_response())
}

// ---- withdrawal ----

#[derive(Deserialize, Default)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    withdrawn_on: String,
    #[serde(default)]
    reason: String,
}

fn withdraw_page(
    visit: &Visit,
    target: &Target,
    form: &WithdrawForm,
    problems: &[FieldProblem],
    expired: bool,
) -> Response {
    let t = Tr::new(visit.lang);
    let title = t.get("withdraw-title");
    let mut frame = target.frame(visit, &t, title);
    let fields = Fields { t: &t, problems };
    let error_summary = fields.summary_or_expired(&mut frame, expired, "withdrawn_on");
    let signed_on = target
        .current
        .as_ref()
        .map(|s| t.date(&s.signed_on))
        .unwrap_or_default();
    let page = FormPage {
        error_summary,
        intro: vec![t.with(
            "withdraw-intro",
            &[
                ("organisation", Arg::Text(target.organisation.name.clone())),
                ("date", Arg::Text(signed_on)),
            ],
        )],
        warning: Some(t.get("withdraw-warning")),
        action: format!("{}/withdraw", target.href()),
        fields: vec![
            fields.date("withdrawn_on", &form.withdrawn_on, "hint-date"),
            fields.text("reason", &form.reason, "off"),
        ],
        confirm: None,
        button: t.get("withdraw-button"),
        frame,
    };
    (
        forms::status(!problems.is_empty() || expired),
        render(&page),
    )
        .into_response()
}

pub async fn withdraw_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let target = target(&state, &visit, &slug, id).await?;
    target.guard(&visit, target.administer)?;
    if target.current.is_none() {
        return Err(PageError::not_found(&visit));
    }
    Ok(withdraw_page(
        &visit,
        &target,
        &WithdrawForm::default(),
        &[],
        false,
    ))
}

pub async fn withdraw(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, PageError> {
    let target = target(&state, &visit, &slug, id).await?;
    target.guard(&visit, target.administer)?;
    let Some(current) = &target.current else {
        return Err(PageError::not_found(&visit));
    };
    if !visit.csrf_matches(&form.csrf_token) {
        return Ok(withdraw_page(&visit, &target, &form, &[], true));
    }
    let input = WithdrawalInput {
        withdrawn_on: form.withdrawn_on.clone(),
        reason: form.reason.clone(),
    };
    let (on, reason) = match input.check(state.today(), current.signed_on) {
        Ok(w) => w,
        Err(problems) => return Ok(withdraw_page(&visit, &target, &form, &problems, false)),
    };
    state
        .app
        .store
        .withdraw_signatory(
            target.loaded.stored.id,
            current.id,
            on,
            &reason,
            &Actor::Account(signed_in_account(&visit)?),
        )
        .await
        .or_internal(&visit)?;
    Ok(Redirect::to(&format!("{}?done=withdrawn", target.href())).into_response())
}

// ---- the secretariat's queue of requests ----

pub struct RequestRow {
    pub href: String,
    pub organisation: String,
    pub requested_by: String,
    pub requested_on: String,
    pub signed_on: String,
    pub status: String,
    pub status_class: &'static str,
}

#[derive(Template)]
#[template(path = "signup_requests.html")]
struct RequestsPage {
    frame: Frame,
    pending: Vec<RequestRow>,
    decided: Vec<RequestRow>,
}

fn status_tag(t: &Tr, status: RequestStatus) -> (String, &'static str) {
    match status {
        RequestStatus::Pending => (t.get("request-pending"), "govuk-tag--blue"),
        RequestStatus::Approved => (t.get("request-approved"), "govuk-tag--green"),
        RequestStatus::Refused => (t.get("request-refused"), "govuk-tag--red"),
    }
}

pub(super) async fn secretariat(
    state: &AppState,
    visit: &Visit,
    slug: &str,
) -> Result<LoadedCompact, PageError> {
    let loaded = load_compact(state, visit, slug).await?;
    if !visit.viewer().may(loaded.stored.id, Action::Administer) {
        return Err(PageError::forbidden(visit));
    }
    Ok(loaded)
}

/// How many decided requests the queue page still lists.
const RECENT_DECISIONS: usize = 20;

pub async fn requests(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let t = Tr::new(visit.lang);
    let all = state
        .app
        .store
        .signup_requests(loaded.stored.id, None)
        .await
        .or_internal(&visit)?;
    let row = |r: &compact_store::SignupRequest| {
        let (status, status_class) = status_tag(&t, r.status);
        RequestRow {
            href: format!("/compacts/{slug}/sign-up-requests/{}", r.id),
            organisation: r.organisation_name.clone(),
            requested_by: r.requested_by_name.clone(),
            requested_on: t.date(&compact_core::calendar::london_date(r.requested_at)),
            signed_on: t.date(&r.sign_up.signed_on),
            status,
            status_class,
        }
    };
    let pending = all
        .iter()
        .filter(|r| r.status == RequestStatus::Pending)
        .map(row)
        .collect();
    let decided = all
        .iter()
        .filter(|r| r.status != RequestStatus::Pending)
        .take(RECENT_DECISIONS)
        .map(row)
        .collect();
    let title = t.get("requests-title");
    let frame = Frame::new(
        &visit,
        title.clone(),
        Some(InCompact {
            slug: &slug,
            name: &loaded.stored.name,
        }),
        Section::Register,
    )
    .with_breadcrumbs(vec![
        (
            t.get("register-title"),
            Some(format!("/compacts/{slug}/register")),
        ),
        (title, None),
    ]);
    Ok(render(&RequestsPage {
        frame,
        pending,
        decided,
    }))
}

#[derive(Template)]
#[template(path = "signup_request.html")]
struct RequestPage {
    frame: Frame,
    error_summary: String,
    details: Vec<(String, String)>,
    organisation_href: String,
    status: String,
    status_class: &'static str,
    pending: bool,
    decision_error: Option<String>,
    note: String,
    action: String,
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

async fn request_page(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: i64,
    form: &DecisionForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let loaded = secretariat(state, visit, slug).await?;
    let t = Tr::new(visit.lang);
    let request = state
        .app
        .store
        .signup_request(loaded.stored.id, SignupRequestId(id))
        .await
        .or_internal(visit)?
        .ok_or_else(|| PageError::not_found(visit))?;
    let s = &request.sign_up;
    let mut details = vec![
        (
            t.get("request-organisation"),
            request.organisation_name.clone(),
        ),
        (
            t.get("request-requested-by"),
            request.requested_by_name.clone(),
        ),
        (
            t.get("request-requested-on"),
            t.date(&compact_core::calendar::london_date(request.requested_at)),
        ),
        (t.get("label-signed-on"), t.date(&s.signed_on)),
        (t.get("label-signed-by"), s.signed_by_with_role()),
        (t.get("request-edition"), request.edition.clone()),
        (t.get("label-champion-name"), s.champion.name.clone()),
        (t.get("label-champion-role"), s.champion.role.clone()),
        (t.get("label-champion-contact"), s.champion.contact.clone()),
        (
            t.get("label-champion-trained-on"),
            t.maybe_date(&s.champion.trained_on),
        ),
    ];
    if let Some(note) = request.decision_note.as_ref().filter(|n| !n.is_empty()) {
        details.push((t.get("request-note"), note.clone()));
    }
    let (status, status_class) = status_tag(&t, request.status);
    let title = t.with(
        "request-title",
        &[("organisation", Arg::Text(request.organisation_name.clone()))],
    );
    let mut frame = Frame::new(
        visit,
        title.clone(),
        Some(InCompact {
            slug,
            name: &loaded.stored.name,
        }),
        Section::Register,
    )
    .with_breadcrumbs(vec![
        (
            t.get("requests-title"),
            Some(format!("/compacts/{slug}/sign-up-requests")),
        ),
        (title, None),
    ]);
    let error_summary = match &error {
        Some(text) => frame.error_summary(&[ErrorLink {
            text: text.clone(),
            href: "#decision".into(),
        }]),
        None => String::new(),
    };
    let failed = error.is_some();
    let page = RequestPage {
        error_summary,
        details,
        organisation_href: format!("/compacts/{slug}/organisations/{}", request.organisation),
        status,
        status_class,
        pending: request.status == RequestStatus::Pending,
        decision_error: error,
        note: form.note.clone(),
        action: format!("/compacts/{slug}/sign-up-requests/{id}"),
        frame,
    };
    Ok((forms::status(failed), render(&page)).into_response())
}

pub async fn request(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    request_page(&state, &visit, &slug, id, &DecisionForm::default(), None).await
}

pub async fn decide(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let t = Tr::new(visit.lang);
    if !visit.csrf_matches(&form.csrf_token) {
        let text = t.get("error-form-expired");
        return request_page(&state, &visit, &slug, id, &form, Some(text)).await;
    }
    let approve = match form.decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => {
            let text = t.get("request-error-decision");
            return request_page(&state, &visit, &slug, id, &form, Some(text)).await;
        }
    };
    let account = signed_in_account(&visit)?;
    let result = state
        .app
        .store
        .decide_signup(
            loaded.stored.id,
            SignupRequestId(id),
            approve,
            &form.note,
            account,
            &Actor::Account(account),
        )
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/compacts/{slug}/sign-up-requests")).into_response()),
        Err(StoreError::NoSuchSignupRequest(_)) => Err(PageError::not_found(&visit)),
        Err(StoreError::RequestAlreadyDecided(_)) => {
            let text = t.get("request-error-decided");
            request_page(&state, &visit, &slug, id, &form, Some(text)).await
        }
        Err(StoreError::SignUpRefused(refusal)) => {
            let text = refusal_text(&t, refusal);
            request_page(&state, &visit, &slug, id, &form, Some(text)).await
        }
        Err(e) => Err(PageError::internal(&visit, e.to_string())),
    }
}
