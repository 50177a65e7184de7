//! The register's forms: entering an organisation and changing its
//! details, signing it up (recorded at once by the secretariat, or asked
//! for by its own people), the secretariat's queue of requests, changing
//! the Compact champion and recording a withdrawal.
//!
//! Each handler reads the form (its CSRF token checked by [`CsrfForm`]),
//! calls the use case, and renders what comes back: a redirect when it was
//! done, the form again with every problem beside its field (422) or with
//! the reason the records forbid it (409), or the error page.
//!
//! [`CsrfForm`]: crate::csrf::CsrfForm

pub mod champion;
pub mod details;
pub mod requests;
pub mod sign_up;
pub mod withdraw;

use super::PageError;
use crate::components::{ErrorLink, ErrorSummary, Field, Input};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use askama::Template;
use axum::http::StatusCode;
use compact_app::register::RegisterEntry;
use compact_core::date_ranges::{DateRange, Since};
use compact_core::refusal::{Conflict, Refusal};
use compact_core::register::{FieldProblem, Problem, SignUpRefusal};

pub use super::LoadedCompact;

/// The one template of these forms: some paragraphs, the fields, perhaps a
/// confirmation box, and a button.
#[derive(Template)]
#[template(path = "register_form.html")]
pub struct FormPage {
    pub frame: Frame,
    pub error_summary: Option<ErrorSummary>,
    pub intro: Vec<String>,
    pub warning: Option<String>,
    pub action: String,
    pub fields: Vec<Field>,
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

/// What a form sent back shows: every field at fault, or why the records
/// forbid the change.
#[derive(Debug, Default)]
pub struct Faults {
    pub problems: Vec<FieldProblem>,
    pub conflict: Option<Conflict>,
}

impl Faults {
    /// 200 for a fresh form, 422 for fields to correct, 409 when the
    /// records forbid the change: the statuses the API answers too.
    pub fn status(&self) -> StatusCode {
        if self.conflict.is_some() {
            StatusCode::CONFLICT
        } else if self.problems.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

/// A use case's answer: done, a form to show again with its faults, or
/// the error page.
pub enum Sent<T> {
    Done(T),
    Again(Faults),
}

pub fn sent<T>(visit: &Visit, result: compact_app::Result<T>) -> Result<Sent<T>, PageError> {
    match result {
        Ok(done) => Ok(Sent::Done(done)),
        Err(compact_app::Error::Refused(Refusal::Invalid(problems))) => Ok(Sent::Again(Faults {
            problems,
            conflict: None,
        })),
        Err(compact_app::Error::Refused(Refusal::Conflict(conflict))) => Ok(Sent::Again(Faults {
            problems: Vec::new(),
            conflict: Some(conflict),
        })),
        Err(e) => Err(PageError::from_app(visit, e)),
    }
}

/// The page for a refusal outside a form: the records forbid what the form
/// is for (409, with the reason), or the refusal's error page.
pub fn refused_page(visit: &Visit, error: compact_app::Error) -> axum::response::Response {
    use axum::response::IntoResponse;
    match error {
        compact_app::Error::Refused(Refusal::Conflict(conflict)) => {
            let t = Tr::new(visit.lang);
            PageError::conflict(visit, conflict_text(&t, &conflict)).into_response()
        }
        other => PageError::from_app(visit, other).into_response(),
    }
}

/// Why the records forbid a change, in the page's language.
pub fn conflict_text(t: &Tr, conflict: &Conflict) -> String {
    match conflict {
        Conflict::SignUp(SignUpRefusal::AlreadySignedUp { since }) => t.with(
            "signup-refused-already",
            &[("date", Arg::Text(t.date(since)))],
        ),
        Conflict::SignUp(SignUpRefusal::BeforeWithdrawal { withdrawn_on }) => t.with(
            "signup-refused-before-withdrawal",
            &[("date", Arg::Text(t.date(withdrawn_on)))],
        ),
        Conflict::NoSignUpInForce => t.get("conflict-no-sign-up-in-force"),
        Conflict::AlreadyWithdrawn { withdrawn_on } => t.with(
            "conflict-already-withdrawn",
            &[("date", Arg::Text(t.date(withdrawn_on)))],
        ),
        Conflict::WithdrawalBeforeSigning { signed_on } => t.with(
            "conflict-withdrawal-before-signing",
            &[("date", Arg::Text(t.date(signed_on)))],
        ),
        Conflict::RequestAlreadyDecided => t.get("request-error-decided"),
        Conflict::NoReductionProcedure => t.get("conflict-no-reduction-procedure"),
        Conflict::ConsultationNotRecorded => t.get("conflict-consultation-not-recorded"),
        Conflict::ConsultationPublished { published_on } => t.with(
            "conflict-consultation-published",
            &[("date", Arg::Text(t.date(published_on)))],
        ),
        Conflict::ConsultationNotOpen {
            opened_on,
            closes_on,
        } => t.with(
            "conflict-consultation-not-open",
            &[
                ("opened", Arg::Text(t.date(opened_on))),
                ("closes", Arg::Text(t.date(closes_on))),
            ],
        ),
        Conflict::ConsultationNotClosed { closes_on } => t.with(
            "conflict-consultation-not-closed",
            &[("date", Arg::Text(t.date(closes_on)))],
        ),
        Conflict::FeedbackAlreadyPublished { published_on } => t.with(
            "conflict-feedback-published",
            &[("date", Arg::Text(t.date(published_on)))],
        ),
        Conflict::ConsultationIsDraft => t.get("conflict-consultation-draft"),
        Conflict::TooManyDocuments { max } => {
            t.with("form-error-too-many-file", &[("max", (*max).into())])
        }
    }
}

/// The words for a problem with a field, in the page's language. A date
/// outside its range says the range: the earliest date and why it is the
/// earliest, and that the latest is today.
pub fn problem_text(t: &Tr, p: &FieldProblem) -> String {
    let what = t.get(&format!("field-{}", p.field.replace('_', "-")));
    let earliest = |range: &DateRange| ("earliest", Arg::Text(t.date(&range.earliest)));
    let key = match p.problem {
        Problem::Missing if p.field == "authority" => return t.get("signup-error-authority"),
        Problem::Missing if p.field == "file" => return t.get("form-error-missing-file"),
        Problem::Missing => "form-error-missing",
        Problem::NotADate => "form-error-not-a-date",
        Problem::InFuture => "form-error-in-future",
        Problem::TooEarly => {
            let mut args: Vec<(&str, Arg)> = p.range.iter().map(earliest).collect();
            args.push(("what", Arg::Text(what)));
            // A sign-up's earliest date depends on the Compact; the dates
            // that follow a sign-up have a message of their own each.
            let key = match p.range.map(|r| r.since) {
                Some(Since::Edition) => "form-error-too-early-edition".to_string(),
                Some(Since::CompactsBegan) => "form-error-too-early-compacts-began".to_string(),
                _ => format!("form-error-too-early-{}", p.field.replace('_', "-")),
            };
            return t.with(&key, &args);
        }
        Problem::WrongKind => {
            return t.get(&format!("form-error-kind-{}", p.field.replace('_', "-")))
        }
        Problem::OutOfRange => {
            return t.get(&format!("form-error-range-{}", p.field.replace('_', "-")))
        }
        Problem::TooLong => {
            let max = compact_core::consultation::max_chars(p.field);
            return t.with(
                "form-error-too-long",
                &[("what", Arg::Text(what)), ("max", max.into())],
            );
        }
        Problem::WrongFormat => {
            return t.get(&format!("form-error-format-{}", p.field.replace('_', "-")))
        }
        Problem::TooLate => {
            let latest = p.range.map(|r| t.date(&r.latest)).unwrap_or_default();
            // A consultation's dates say why they end where they do; other
            // dates say the latest.
            let key = match p.field {
                "opened_on" | "closes_on" => {
                    format!("form-error-too-late-{}", p.field.replace('_', "-"))
                }
                _ => "form-error-too-late".to_string(),
            };
            return t.with(
                &key,
                &[("latest", Arg::Text(latest)), ("what", Arg::Text(what))],
            );
        }
        Problem::TooMany => {
            return t.with(
                &format!("form-error-too-many-{}", p.field.replace('_', "-")),
                &[("max", compact_core::consultation::MAX_DOCUMENTS.into())],
            )
        }
        Problem::Empty => "form-error-empty",
        Problem::TooLarge => {
            return t.with(
                "form-error-too-large",
                &[
                    ("what", Arg::Text(what)),
                    (
                        "max",
                        Arg::Text(t.size(compact_core::consultation::MAX_UPLOAD_BYTES as u64)),
                    ),
                ],
            )
        }
    };
    t.with(key, &[("what", Arg::Text(what))])
}

/// A form's fields with what was typed and the first problem of each.
pub struct Fields<'a> {
    pub t: &'a Tr,
    pub faults: &'a Faults,
}

impl Fields<'_> {
    pub fn error(&self, name: &str) -> Option<String> {
        self.faults
            .problems
            .iter()
            .find(|p| p.field == name)
            .map(|p| problem_text(self.t, p))
    }

    pub fn text(&self, name: &'static str, value: &str, autocomplete: &'static str) -> Field {
        Field::Input(self.input(name, value, None, autocomplete, None))
    }

    /// A text field with a hint under its label.
    pub fn hinted(&self, name: &'static str, value: &str, hint_key: &str) -> Field {
        Field::Input(self.input(name, value, Some(self.t.get(hint_key)), "off", None))
    }

    pub fn date(&self, name: &'static str, value: &str, hint_key: &str) -> Field {
        Field::Input(self.input(
            name,
            value,
            Some(self.t.get(hint_key)),
            "off",
            Some("govuk-input--width-10".into()),
        ))
    }

    fn input(
        &self,
        name: &'static str,
        value: &str,
        hint: Option<String>,
        autocomplete: &'static str,
        classes: Option<String>,
    ) -> Input {
        Input {
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
        }
    }

    /// The error summary of a form sent back: why the records forbid the
    /// change (linking to `first_field`), or every field at fault.
    pub fn summary(&self, frame: &mut Frame, first_field: &str) -> Option<ErrorSummary> {
        let links: Vec<ErrorLink> = match &self.faults.conflict {
            Some(conflict) => vec![ErrorLink {
                text: conflict_text(self.t, conflict),
                href: format!("#{first_field}"),
            }],
            None => self
                .faults
                .problems
                .iter()
                .map(|p| ErrorLink {
                    text: problem_text(self.t, p),
                    href: format!("#{}", p.field),
                })
                .collect(),
        };
        frame.error_summary(&links)
    }
}

/// The frame of a form about one organisation: the register, the
/// organisation, then the form.
pub fn organisation_frame(
    visit: &Visit,
    t: &Tr,
    compact: &LoadedCompact,
    entry: Option<&RegisterEntry>,
    title: String,
) -> Frame {
    let slug = &compact.stored.slug;
    let mut trail = vec![(t.get("register-title"), Some(crate::routes::register(slug)))];
    if let Some(entry) = entry {
        trail.push((
            entry.organisation.name.clone(),
            Some(crate::routes::organisation(slug, entry.organisation.id)),
        ));
    }
    trail.push((title.clone(), None));
    Frame::new(
        visit,
        title,
        Some(InCompact {
            slug,
            name: &compact.stored.name,
        }),
        Section::Register,
    )
    .with_breadcrumbs(trail)
}
