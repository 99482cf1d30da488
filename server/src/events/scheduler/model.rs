//! The scheduler's public input and output, as read from and written to JSON.
//!
//! Slots and tables are numbered from 0. A slot is one round of short meetings (e.g. 10:00–10:20);
//! a table is a place that holds one meeting at a time.

use serde::{Deserialize, Serialize};

/// A matching event to schedule: who takes part, which meetings were accepted, and how many slots
/// and tables the venue has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub participants: Vec<Participant>,
    pub meetings: Vec<Meeting>,
    /// Either a count (`12`) or one label a slot (`["10:00", "10:20", …]`).
    pub slots: Slots,
    /// How many meetings can take place at the same time.
    pub tables: usize,
}

/// Which side of the event a participant is on. Meetings normally pair a vendor with a user
/// company; an organiser may allow same-side meetings, which can cost the optimality guarantee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Vendor,
    UserCompany,
}

/// One vendor or user company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub id: String,
    pub side: Side,
    /// Slots (0-based) in which this participant cannot meet anyone.
    #[serde(default)]
    pub unavailable_slots: Vec<usize>,
}

/// An accepted meeting request between participants `a` and `b`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub id: String,
    pub a: String,
    pub b: String,
    /// A meeting both sides marked as essential: placed before the others.
    #[serde(default)]
    pub must_meet: bool,
}

/// The event's slots: a count, or labels (whose order is the slots' order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Slots {
    Count(usize),
    Labels(Vec<String>),
}

impl Slots {
    pub fn count(&self) -> usize {
        match self {
            Slots::Count(count) => *count,
            Slots::Labels(labels) => labels.len(),
        }
    }

    /// The label of `slot`, when the slots were given as labels.
    pub fn label(&self, slot: usize) -> Option<&str> {
        match self {
            Slots::Count(_) => None,
            Slots::Labels(labels) => labels.get(slot).map(String::as_str),
        }
    }
}

/// A schedule: where each meeting takes place, and what could not be placed and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleResult {
    /// Which algorithm produced the schedule; see [`Method`].
    pub method: Method,
    /// One entry a placed meeting, ordered by slot, then table.
    pub assignments: Vec<Assignment>,
    /// How many distinct slots hold at least one meeting.
    pub slots_used: usize,
    /// No schedule of all the meetings can use fewer slots: max(Δ, ⌈meetings / tables⌉), where Δ is
    /// the largest number of meetings of any one participant.
    pub lower_bound: usize,
    pub meetings_placed: usize,
    pub meetings_total: usize,
    pub must_meets_placed: usize,
    pub must_meets_total: usize,
    /// True when every meeting is placed in exactly `lower_bound` slots, which no schedule can beat.
    pub optimal: bool,
    /// The meetings that could not be placed, in input order.
    pub unplaced: Vec<Unplaced>,
}

/// How the schedule was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Bipartite edge colouring (König) made equitable (de Werra): places every meeting in
    /// `lower_bound` slots whenever the event has that many slots free for everyone.
    EquitableColouring,
    /// Slot-by-slot colouring restricted to the slots both participants can attend, repaired by
    /// Kempe-chain swaps and bounded relocation; opens a further slot only when that is needed.
    ConstrainedRepair,
    /// The meeting graph has an odd cycle (same-side meetings), so König's theorem does not apply:
    /// the same repair heuristic as `constrained_repair`, correct but without the optimality proof.
    Heuristic,
}

impl Method {
    /// The name used in JSON, e.g. `equitable_colouring`.
    pub fn name(self) -> &'static str {
        match self {
            Method::EquitableColouring => "equitable_colouring",
            Method::ConstrainedRepair => "constrained_repair",
            Method::Heuristic => "heuristic",
        }
    }
}

/// One placed meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub meeting: String,
    pub slot: usize,
    pub table: usize,
    /// The slot's label, when the instance named its slots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_label: Option<String>,
}

/// A meeting the scheduler could not place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    pub meeting: String,
    pub reason: UnplacedReason,
    /// A sentence for the organiser, naming the participants and slots involved.
    pub detail: String,
}

/// Why a meeting is not in the schedule. Each is judged against the final schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnplacedReason {
    /// The two participants have no slot in which both are available.
    NoCommonFreeSlot,
    /// One participant's available slots are all taken by other meetings.
    ParticipantFullyBooked,
    /// Both have free slots, but never the same one: more slots would be needed.
    NotEnoughSlots,
    /// Both are free in some slot, but every table is taken in each such slot.
    NoTableFree,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_match_the_json() {
        for method in [Method::EquitableColouring, Method::ConstrainedRepair, Method::Heuristic] {
            assert_eq!(serde_json::to_value(method).unwrap(), method.name());
        }
    }

    #[test]
    fn slots_are_a_count_or_labels() {
        let count: Slots = serde_json::from_str("3").unwrap();
        let labels: Slots = serde_json::from_str(r#"["10:00", "10:20"]"#).unwrap();
        assert_eq!((count.count(), count.label(0)), (3, None));
        assert_eq!((labels.count(), labels.label(1), labels.label(2)), (2, Some("10:20"), None));
    }
}
