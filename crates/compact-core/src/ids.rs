//! Typed identifiers, so an organisation's id can never be passed where a
//! consultation's is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A Compact (one locality's agreement) in the database.
    CompactId,
    OrganisationId,
    SignatoryId,
    ConsultationId,
    /// A document uploaded to a consultation.
    DocumentId,
    AgreementId,
    FundingChangeId,
    PaymentId,
    DisputeId,
    DisputeEventId,
    SeatId,
    ReviewId,
    MilestoneId,
    /// A person's account (sign-in), which may hold roles in several Compacts.
    AccountId,
    /// An API token belonging to an account.
    ApiTokenId,
    /// A member's request that their organisation sign up to a Compact.
    SignupRequestId,
);
