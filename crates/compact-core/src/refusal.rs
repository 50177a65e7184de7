//! Why an action is refused: one type for every use case, so the pages,
//! the API and the command answer each refusal the same way.
//!
//! A refusal is the domain's answer, not a failure: the thing asked for does
//! not exist, the person asking may not do it, what they typed needs
//! correcting, or the records as they stand forbid it. Each kind maps to one
//! HTTP status in one place (`RefusalKind`), and each conflict carries what
//! a message needs to say why.

use crate::calendar::Date;
use crate::register::{FieldProblem, SignUpRefusal};
use serde::Serialize;

/// Which thing could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    Compact,
    Organisation,
    SignUp,
    SignUpRequest,
    Agreement,
    FundingChange,
    Payment,
    /// A consultation, or a draft the one asking may not see.
    Consultation,
    /// A document uploaded to a consultation.
    Document,
}

/// What the records as they stand forbid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("{0}")]
    SignUp(SignUpRefusal),
    /// A champion or withdrawal needs a sign-up in force today.
    #[error("the organisation has no sign-up in force today: sign it up first")]
    NoSignUpInForce,
    #[error("the sign-up was already withdrawn on {withdrawn_on}")]
    AlreadyWithdrawn { withdrawn_on: Date },
    #[error("a withdrawal cannot come before the signing, on {signed_on}")]
    WithdrawalBeforeSigning { signed_on: Date },
    #[error("the request has already been decided")]
    RequestAlreadyDecided,
    /// A step of the reduction procedure for a change that has none: the
    /// Compact sets no procedure, or the change does not cut funding.
    #[error("this change follows no reduction procedure: the Compact sets none, or the change does not cut funding")]
    NoReductionProcedure,
    /// The criteria belong to the consultation, which must be recorded
    /// first.
    #[error("record the consultation before its criteria")]
    ConsultationNotRecorded,
    /// Only a draft can be changed or published.
    #[error(
        "the consultation was published on {published_on}; a published consultation is not changed"
    )]
    ConsultationPublished { published_on: Date },
    /// Responses are sent online while the consultation is open.
    #[error("the consultation takes responses from {opened_on} to {closes_on}")]
    ConsultationNotOpen { opened_on: Date, closes_on: Date },
    /// Feedback follows the close.
    #[error("feedback is published after the consultation closes on {closes_on}")]
    ConsultationNotClosed { closes_on: Date },
    #[error("feedback on this consultation was published on {published_on}")]
    FeedbackAlreadyPublished { published_on: Date },
    /// Responses and feedback are about published consultations.
    #[error("the consultation is still a draft: publish it first")]
    ConsultationIsDraft,
    /// Links and uploads together are at most `max` (found under the
    /// write lock, when another upload came first).
    #[error(
        "the consultation already has {max} documents, links and files together: remove one first"
    )]
    TooManyDocuments { max: usize },
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotFound(Missing),
    /// Only someone signed in may do this.
    SignInRequired,
    /// Signed in, but the roles held do not allow it.
    NotAllowed,
    /// Every field at fault, at once.
    Invalid(Vec<FieldProblem>),
    Conflict(Conflict),
}

/// The kinds of refusal, each answered with one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// 404
    NotFound,
    /// 401
    SignInRequired,
    /// 403
    NotAllowed,
    /// 422
    Invalid,
    /// 409
    Conflict,
}

impl Refusal {
    pub fn kind(&self) -> RefusalKind {
        match self {
            Refusal::NotFound(_) => RefusalKind::NotFound,
            Refusal::SignInRequired => RefusalKind::SignInRequired,
            Refusal::NotAllowed => RefusalKind::NotAllowed,
            Refusal::Invalid(_) => RefusalKind::Invalid,
            Refusal::Conflict(_) => RefusalKind::Conflict,
        }
    }
}

impl RefusalKind {
    /// The HTTP status that answers this kind of refusal.
    pub fn http_status(self) -> u16 {
        match self {
            RefusalKind::NotFound => 404,
            RefusalKind::SignInRequired => 401,
            RefusalKind::NotAllowed => 403,
            RefusalKind::Invalid => 422,
            RefusalKind::Conflict => 409,
        }
    }
}

impl From<Conflict> for Refusal {
    fn from(c: Conflict) -> Refusal {
        Refusal::Conflict(c)
    }
}

impl From<SignUpRefusal> for Refusal {
    fn from(r: SignUpRefusal) -> Refusal {
        Refusal::Conflict(Conflict::SignUp(r))
    }
}

impl From<Vec<FieldProblem>> for Refusal {
    fn from(problems: Vec<FieldProblem>) -> Refusal {
        Refusal::Invalid(problems)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotFound(what) => write!(f, "no such {what:?}"),
            Refusal::SignInRequired => f.write_str("sign in first"),
            Refusal::NotAllowed => f.write_str("your roles in this Compact do not allow this"),
            Refusal::Invalid(problems) => write!(f, "{} fields need correcting", problems.len()),
            Refusal::Conflict(c) => c.fmt(f),
        }
    }
}
