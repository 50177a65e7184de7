//! The domain of Compact.
//!
//! Everything here is pure: no I/O, no async, no SQL, no HTTP. A Compact's
//! definition ([`definition`]), the records of what happens under it
//! ([`model`]), the date semantics every deadline uses ([`calendar`]) and the
//! rules engine that compares the two ([`rules`]).

pub mod access;
pub mod audit_checkpoint;
pub mod calendar;
pub mod consultation;
pub mod date_ranges;
pub mod definition;
pub mod funding;
pub mod giving360;
pub mod identifiers;
pub mod ids;
pub mod import;
pub mod kitemark;
pub mod model;
pub mod money;
pub mod refusal;
pub mod register;
pub mod rules;
pub mod spreadsheets;
pub mod throttle;

pub use calendar::Date;
pub use ids::*;
pub use money::Pence;
