//! What a use case answers when it does not do what was asked: a refusal
//! (the domain's answer, see `compact_core::refusal`) or a failure of ours,
//! which keeps its cause so the log says what went wrong.

use compact_core::definition::DefinitionError;
use compact_core::refusal::{Missing, Refusal};
use compact_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("refused: {0}")]
    Refused(Refusal),
    #[error("the database failed")]
    Store(#[source] StoreError),
    /// A stored definition no longer reads (a newer format, a hand edit):
    /// it was validated when the Compact was created, so this is ours.
    #[error("the stored definition of {slug} does not read")]
    Definition {
        slug: String,
        #[source]
        source: DefinitionError,
    },
    #[error("a background task failed")]
    Task(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<Vec<compact_core::register::FieldProblem>> for Error {
    fn from(problems: Vec<compact_core::register::FieldProblem>) -> Error {
        Error::Refused(Refusal::Invalid(problems))
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        Error::Refused(r)
    }
}

/// The store reports what it found under the write lock in its own terms;
/// those that are the domain's answers become refusals here, once.
impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        match e {
            StoreError::Refused(conflict) => Error::Refused(Refusal::Conflict(conflict)),
            StoreError::NoSuchSignatory(_) => Error::Refused(Refusal::NotFound(Missing::SignUp)),
            StoreError::NoSuchSignupRequest(_) => {
                Error::Refused(Refusal::NotFound(Missing::SignUpRequest))
            }
            StoreError::NoSuchAgreement(_) => Error::Refused(Refusal::NotFound(Missing::Agreement)),
            StoreError::NoSuchFundingChange(_) => {
                Error::Refused(Refusal::NotFound(Missing::FundingChange))
            }
            StoreError::NoSuchPayment(_) => Error::Refused(Refusal::NotFound(Missing::Payment)),
            StoreError::NoSuchConsultation(_) => {
                Error::Refused(Refusal::NotFound(Missing::Consultation))
            }
            StoreError::NoSuchDocument(_) => Error::Refused(Refusal::NotFound(Missing::Document)),
            StoreError::OrganisationNotInCompact { .. } => {
                Error::Refused(Refusal::NotFound(Missing::Organisation))
            }
            StoreError::NoSuchCompact(_) | StoreError::NoSuchCompactId(_) => {
                Error::Refused(Refusal::NotFound(Missing::Compact))
            }
            other => Error::Store(other),
        }
    }
}

impl Error {
    /// The refusal, if this is one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Error::Refused(r) => Some(r),
            _ => None,
        }
    }

    /// The error and every cause beneath it, for the log:
    /// `the database failed: error returned from database: ...`.
    pub fn chain(&self) -> String {
        error_chain(self)
    }
}

/// An error and every cause beneath it, in one line for the log. Where a
/// request failed, its span adds the request's id, so each failure is
/// logged once, with the request it failed.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
