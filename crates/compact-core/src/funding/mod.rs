//! Funding agreements and changes to them, as people record them: what
//! they type and its checks (every field problem at once), money typed in
//! pounds and pence, the reduction procedure's task list worked out from a
//! Compact's definition, and the equality impact assessment of a change.
//!
//! Pure: the store keeps what these checks return, the use cases decide
//! who may record it (`crate::access`), and the rules engine judges it.

mod impact;
mod input;
mod money;
mod party;
pub mod tasks;
#[cfg(test)]
mod tests;

pub use impact::{entry_fields, ImpactEntryInput, ImpactInput};
pub use input::{AgreementInput, ChangeInput, PaidInput, PaymentInput, StepInput, StepRecorded};
pub use money::{parse_pounds, MAX_AMOUNT};
pub use party::{name_key, party_lookups, PartyLookup};
pub use tasks::{reduction_tasks, Task, TaskList, TaskState};

use crate::definition::{OrganisationKind, ProtectedCharacteristic, Sector};
use crate::ids::OrganisationId;

/// The protected characteristics an impact assessment considers: those
/// the Compact lists, or all nine of the Equality Act 2010 when its
/// definition lists none (the Act applies either way).
pub fn characteristics_considered(
    listed: &[ProtectedCharacteristic],
) -> Vec<ProtectedCharacteristic> {
    if listed.is_empty() {
        ProtectedCharacteristic::ALL.to_vec()
    } else {
        listed.to_vec()
    }
}

/// Whether an assessment was joint: at least one VCSE organisation took
/// part. `kind` says what each participant is (`None` for one not known).
pub fn is_joint(
    participants: &[OrganisationId],
    kind: impl Fn(OrganisationId) -> Option<OrganisationKind>,
) -> bool {
    participants
        .iter()
        .any(|&o| kind(o).is_some_and(|k| k.sector() == Sector::Vcse))
}
