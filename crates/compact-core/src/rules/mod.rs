//! The rules engine: compares what happened (records) with what a Compact
//! promises (its definition) on a given date, and reports findings.
//!
//! Pure code: no I/O. One file per family of rules. Every rule runs only when
//! the definition states the standard it needs, so an absent standard keeps
//! its rules silent. The engine answers as it would have on `as_of`: a record
//! dated after `as_of` has not happened yet. `docs/rules.md` documents every
//! rule and the semantics shared by all of them.

use crate::calendar::Date;
use crate::definition::Definition;
use crate::model::Records;
use serde::Serialize;

mod consultation;
mod context;
mod dispute;
mod finding;
pub mod fixtures;
mod funding;
mod funding_changes;
mod governance;
mod report;
mod review;
mod signatory;

pub use finding::{Finding, LabelledDate, RecordRef, RuleId, Subject};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A firm commitment ("will") was missed.
    Breach,
    /// A softened commitment was missed, or a shorter period had a reason.
    Advisory,
    /// A deadline of an open matter falls within the coming 14 days.
    Due,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breach => "breach",
            Severity::Advisory => "advisory",
            Severity::Due => "due",
        }
    }
}

/// Check `records` against `definition` as of `as_of`.
///
/// Findings come sorted by severity (breaches first), then date, rule and
/// subject, so the same input always gives the same list.
pub fn check(definition: &Definition, records: &Records, as_of: Date) -> Vec<Finding> {
    let ctx = context::Ctx::new(definition, records, as_of);
    let mut out = report::Findings::new();
    consultation::check(&ctx, &mut out);
    funding::check(&ctx, &mut out);
    dispute::check(&ctx, &mut out);
    governance::check(&ctx, &mut out);
    signatory::check(&ctx, &mut out);
    review::check(&ctx, &mut out);
    out.into_report_order()
}
