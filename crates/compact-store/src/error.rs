//! Errors of the store. Each says, in one line, what went wrong and what to do.

use compact_core::access::GrantError;
use compact_core::{
    AccountId, AgreementId, ApiTokenId, CompactId, FundingChangeId, OrganisationId, PaymentId,
    SignatoryId, SignupRequestId,
};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database address {url:?} is not one Compact understands: use sqlite://PATH (for example sqlite://compact.db) or postgres://USER@HOST:PORT/DATABASE"
    )]
    UnsupportedUrl { url: String },

    #[error("the database address {url:?} is malformed: {reason}")]
    MalformedUrl { url: String, reason: String },

    #[error("cannot open the SQLite database {path}: {reason}")]
    SqliteOpen { path: PathBuf, reason: String },

    #[error("cannot reach the PostgreSQL server at {target}: {reason}")]
    PostgresUnreachable { target: String, reason: String },

    #[error("the database could not be brought up to date (migration failed): {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),

    #[error("the database is at migration {applied}, newer than this version of Compact knows ({known}); upgrade Compact")]
    DatabaseTooNew { applied: i64, known: i64 },

    #[error("there is no Compact called {0:?} in this database")]
    NoSuchCompact(String),

    #[error("a Compact called {0:?} already exists in this database")]
    CompactExists(String),

    #[error("the stored value {value:?} in {table}.{column} is not valid: {reason}")]
    Corrupt {
        table: &'static str,
        column: &'static str,
        value: String,
        reason: String,
    },

    #[error("a record refers to {what} {id}, which is not among the records being saved")]
    DanglingReference { what: &'static str, id: i64 },

    #[error("an account with the e-mail address {0} already exists")]
    AccountExists(String),

    #[error(
        "{0:?} is not an e-mail address: it needs one @ with something either side, and no spaces"
    )]
    InvalidEmail(String),

    #[error("an account needs a name: the person's name as others will see it")]
    AccountNameMissing,

    #[error("an API token needs a name that says what uses it, e.g. \"monthly report script\"")]
    ApiTokenNameMissing,

    #[error("there is no account {0}")]
    NoSuchAccount(AccountId),

    #[error("there is no API token {0}")]
    NoSuchApiToken(ApiTokenId),

    #[error("there is no Compact with the number {0} in this database")]
    NoSuchCompactId(CompactId),

    #[error("organisation {organisation} is not one of the organisations of Compact {compact}")]
    OrganisationNotInCompact {
        organisation: OrganisationId,
        compact: CompactId,
    },

    #[error("{0}")]
    InvalidGrant(#[from] GrantError),

    /// What the records, read under the write lock, forbid: decided by the
    /// core, so the use cases answer it as a refusal.
    #[error("{0}")]
    Refused(compact_core::refusal::Conflict),

    #[error("there is no sign-up {0} in this Compact")]
    NoSuchSignatory(SignatoryId),

    #[error("there is no sign-up request {0} in this Compact")]
    NoSuchSignupRequest(SignupRequestId),

    #[error("there is no funding agreement {0} in this Compact")]
    NoSuchAgreement(AgreementId),

    #[error("there is no change {0} to this funding agreement")]
    NoSuchFundingChange(FundingChangeId),

    #[error("there is no payment {0} of this funding agreement")]
    NoSuchPayment(PaymentId),
    #[error("there is no consultation {0} in this Compact")]
    NoSuchConsultation(compact_core::ConsultationId),

    #[error("there is no document {0} of this consultation")]
    NoSuchDocument(compact_core::DocumentId),

    #[error("there is no e-mail {0} in the outbox")]
    NoSuchEmail(crate::EmailId),

    #[error("cannot hash the password: {0}")]
    PasswordHashing(String),

    #[error("backup failed: {0}")]
    Backup(String),

    #[error("the audit checkpoint key or file: {0}")]
    Keys(String),

    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
