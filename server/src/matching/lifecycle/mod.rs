//! The match lifecycle (proposed → interested → introduced → meeting → trial → adopted, or
//! declined / expired): pure rules in [`rules`]; the database side is `matching::store::transitions`.

mod rules;

pub use rules::{Change, Disclosure, MatchFacts, Refusal, Side, Stage, Step, decide, vendor_disclosure};

/// Feeds a matching event's meeting outcome into the lifecycle (database side; see
/// `matching::store::outcomes`).
pub use crate::matching::store::outcomes::on_meeting_outcome;
