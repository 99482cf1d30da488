//! Checking a schedule against the hard rules. Used by the tests and by the organiser's edits,
//! which apply nothing unless the edited schedule passes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::model::{Instance, ScheduleResult};

/// One broken rule in a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Violation {
    #[error("meeting {meeting:?} is not in the event")]
    UnknownMeeting { meeting: String },
    #[error("meeting {meeting:?} is not placed, so it cannot be swapped")]
    NotPlaced { meeting: String },
    #[error("meeting {meeting:?} is assigned more than once")]
    DuplicateAssignment { meeting: String },
    #[error("meeting {meeting:?} is in slot {slot}, but the event has {slots} slots")]
    SlotOutOfRange { meeting: String, slot: usize, slots: usize },
    #[error("meeting {meeting:?} is at table {table}, but the event has {tables} tables")]
    TableOutOfRange { meeting: String, table: usize, tables: usize },
    #[error("{participant:?} would be in two meetings in slot {slot}: {} and {}", meetings[0], meetings[1])]
    DoubleBooking { participant: String, slot: usize, meetings: [String; 2] },
    #[error("table {table} would hold two meetings in slot {slot}: {} and {}", meetings[0], meetings[1])]
    TableClash { slot: usize, table: usize, meetings: [String; 2] },
    #[error("{participant:?} is unavailable in slot {slot}, where meeting {meeting:?} is")]
    Unavailable { participant: String, meeting: String, slot: usize },
    #[error("the event itself is invalid: {message}")]
    InvalidInstance { message: String },
}

/// Every violation of the hard rules in `schedule`, in assignment order; empty when it is valid.
pub fn validate(instance: &Instance, schedule: &ScheduleResult) -> Vec<Violation> {
    let slots = instance.slots.count();
    let meetings: HashMap<&str, (&str, &str)> =
        instance.meetings.iter().map(|m| (m.id.as_str(), (m.a.as_str(), m.b.as_str()))).collect();
    let unavailable: HashMap<&str, &[usize]> =
        instance.participants.iter().map(|p| (p.id.as_str(), p.unavailable_slots.as_slice())).collect();
    let mut violations = Vec::new();
    let mut assigned: HashMap<&str, ()> = HashMap::new();
    let mut busy: HashMap<(&str, usize), &str> = HashMap::new();
    let mut seated: HashMap<(usize, usize), &str> = HashMap::new();
    for assignment in &schedule.assignments {
        let id = assignment.meeting.as_str();
        let Some(&(a, b)) = meetings.get(id) else {
            violations.push(Violation::UnknownMeeting { meeting: id.to_owned() });
            continue;
        };
        if assigned.insert(id, ()).is_some() {
            violations.push(Violation::DuplicateAssignment { meeting: id.to_owned() });
            continue;
        }
        let (slot, table) = (assignment.slot, assignment.table);
        if slot >= slots {
            violations.push(Violation::SlotOutOfRange { meeting: id.to_owned(), slot, slots });
            continue;
        }
        if table >= instance.tables {
            violations.push(Violation::TableOutOfRange { meeting: id.to_owned(), table, tables: instance.tables });
        }
        for participant in [a, b] {
            if unavailable.get(participant).is_some_and(|away| away.contains(&slot)) {
                violations.push(Violation::Unavailable {
                    participant: participant.to_owned(),
                    meeting: id.to_owned(),
                    slot,
                });
            }
            if let Some(other) = busy.insert((participant, slot), id) {
                violations.push(Violation::DoubleBooking {
                    participant: participant.to_owned(),
                    slot,
                    meetings: [other.to_owned(), id.to_owned()],
                });
            }
        }
        if let Some(other) = seated.insert((slot, table), id) {
            violations.push(Violation::TableClash { slot, table, meetings: [other.to_owned(), id.to_owned()] });
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::model::{Assignment, Method};
    use crate::events::scheduler::problem::tests::instance;

    fn with(assignments: &[(&str, usize, usize)]) -> ScheduleResult {
        ScheduleResult {
            method: Method::EquitableColouring,
            assignments: assignments
                .iter()
                .map(|&(meeting, slot, table)| Assignment {
                    meeting: meeting.to_owned(),
                    slot,
                    table,
                    slot_label: None,
                })
                .collect(),
            slots_used: 0,
            lower_bound: 0,
            meetings_placed: assignments.len(),
            meetings_total: 0,
            must_meets_placed: 0,
            must_meets_total: 0,
            optimal: false,
            unplaced: Vec::new(),
        }
    }

    #[test]
    fn each_hard_rule_is_caught() {
        let mut event = instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 2, 2);
        event.participants[2].unavailable_slots = vec![1];
        assert_eq!(validate(&event, &with(&[("m0", 0, 0), ("m1", 1, 1)])).len(), 1, "u2 is away in slot 1");
        assert!(matches!(
            validate(&event, &with(&[("m0", 0, 0), ("m1", 0, 1)]))[..],
            [Violation::DoubleBooking { ref participant, slot: 0, .. }] if participant == "v1"
        ));
        assert!(matches!(
            validate(&event, &with(&[("m0", 1, 0), ("m1", 0, 2)]))[..],
            [Violation::TableOutOfRange { table: 2, .. }]
        ));
        assert!(matches!(validate(&event, &with(&[("m9", 0, 0)]))[..], [Violation::UnknownMeeting { .. }]));
        assert!(validate(&event, &with(&[("m0", 1, 0), ("m1", 0, 0)])).is_empty());
    }

    #[test]
    fn a_table_clash_names_both_meetings() {
        let event = instance(&["v1", "v2", "u1", "u2"], &[("v1", "u1"), ("v2", "u2")], 1, 2);
        let violations = validate(&event, &with(&[("m0", 0, 1), ("m1", 0, 1)]));
        assert_eq!(violations, vec![Violation::TableClash { slot: 0, table: 1, meetings: ["m0".into(), "m1".into()] }]);
        assert_eq!(violations[0].to_string(), "table 1 would hold two meetings in slot 0: m0 and m1");
    }
}
