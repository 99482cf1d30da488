//! The matching-event scheduler: given the accepted meetings (pairs of participants, some marked
//! must-meet), the slots and the tables, decide which meeting takes place when and where.
//!
//! Hard rules: nobody is in two meetings in one slot; a table holds one meeting a slot; nobody
//! meets in a slot they marked unavailable. Goals, in order: place every meeting that can be
//! placed; use as few slots as possible; place must-meets first; spread each participant's
//! meetings evenly over the slots used.
//!
//! Pure: no I/O, no clock, no randomness; the same instance always gives the same schedule.
//! See `docs/scheduler.md` for the format, the algorithms and their guarantees. In short:
//! - bipartite meetings (vendor × user company) with enough slots free for everyone get an
//!   optimal schedule in max(Δ, ⌈m/T⌉) slots by equitable bipartite edge colouring
//!   ([`exact`]: [`colouring`], [`equitable`], and [`selection`] when slots are short);
//! - otherwise a colouring restricted to each meeting's usable slots, repaired by Kempe-chain
//!   swaps and bounded relocation ([`constrained`]);
//! - then [`spread`] evens out each participant's day, [`tables`] seats the meetings, and
//!   [`unplaced`] explains what is left over.
//!
//! [`validate`] checks any schedule against the hard rules; [`review`] lets an organiser move or
//! swap meetings by hand, re-checked as a whole.

mod board;
mod colouring;
mod constrained;
mod equitable;
mod exact;
mod model;
mod problem;
mod result;
mod review;
mod selection;
mod spread;
mod tables;
mod unplaced;
mod validate;

#[cfg(test)]
mod properties;

pub use model::{
    Assignment, Instance, Meeting, Method, Participant, ScheduleResult, Side, Slots, Unplaced, UnplacedReason,
};
pub use problem::{InstanceError, MAX_SLOTS};
pub use review::{evaluate, move_meeting, swap_meetings};
pub use validate::{Violation, validate};

use board::Board;
use problem::Problem;

/// Schedules `instance`, or says why it cannot be read as an event.
pub fn schedule(instance: &Instance) -> Result<ScheduleResult, InstanceError> {
    let problem = Problem::from_instance(instance)?;
    let lower_bound = problem.lower_bound();
    let (mut board, method) = match problem.bipartition() {
        Some(left) => {
            let free_for_everyone = problem.slots_free_for_everyone();
            if free_for_everyone.len() == problem.slots || free_for_everyone.len() >= lower_bound {
                (exact::equitable_schedule(&problem, &left, &free_for_everyone), Method::EquitableColouring)
            } else {
                (constrained::schedule_with_repair(&problem), Method::ConstrainedRepair)
            }
        }
        None => (constrained::schedule_with_repair(&problem), Method::Heuristic),
    };
    place_leftovers(&problem, &mut board);
    spread::spread(&problem, &mut board);
    let table_of = tables::assign_tables(&problem, &board);
    Ok(result::build(instance, &problem, &board, &table_of, method, lower_bound))
}

/// A last direct pass, must-meets first: any unplaced meeting with a slot where both are free, may
/// attend and a table is free goes there (a used slot if possible). The algorithms above rarely
/// leave one, but this makes "no table free" and the other reasons exact statements.
fn place_leftovers(problem: &Problem, board: &mut Board) {
    let mut leftovers: Vec<usize> = (0..problem.edges.len()).filter(|&e| board.slot_of(e).is_none()).collect();
    leftovers.sort_by_key(|&e| !problem.edges[e].must);
    for e in leftovers {
        let edge = problem.edges[e];
        let slot = (0..problem.slots)
            .filter(|&s| {
                problem.allowed(e, s)
                    && board.is_free(edge.a, s)
                    && board.is_free(edge.b, s)
                    && board.load(s) < problem.tables
            })
            .min_by_key(|&s| (board.load(s) == 0, s));
        if let Some(slot) = slot {
            board.place(problem, e, slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem::tests::instance;
    use super::*;

    const EXAMPLE: &str = r#"{
        "participants": [
            {"id": "trend-edr", "side": "vendor"},
            {"id": "utm-box", "side": "vendor", "unavailable_slots": [0]},
            {"id": "sato-seisakusho", "side": "user_company"},
            {"id": "kobe-dental", "side": "user_company", "unavailable_slots": [0]}
        ],
        "meetings": [
            {"id": "r1", "a": "trend-edr", "b": "sato-seisakusho", "must_meet": true},
            {"id": "r2", "a": "trend-edr", "b": "kobe-dental"},
            {"id": "r3", "a": "utm-box", "b": "sato-seisakusho"},
            {"id": "r4", "a": "utm-box", "b": "kobe-dental"}
        ],
        "slots": ["10:00", "10:20", "10:40"],
        "tables": 2
    }"#;

    #[test]
    fn the_documented_example_schedules_optimally() {
        let event: Instance = serde_json::from_str(EXAMPLE).unwrap();
        let result = schedule(&event).unwrap();
        assert!(validate(&event, &result).is_empty());
        // Slots 1 and 2 are free for everyone, and two are needed: the exact method, in those.
        assert_eq!(result.method, Method::EquitableColouring);
        assert!(result.assignments.iter().all(|a| a.slot > 0));
        assert_eq!((result.meetings_placed, result.slots_used, result.lower_bound), (4, 2, 2));
        assert!(result.optimal);
        assert!(
            result.assignments.iter().all(|a| a.slot_label.as_deref() == Some(["10:00", "10:20", "10:40"][a.slot]))
        );
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(json["method"], "equitable_colouring");
        assert_eq!(serde_json::from_value::<ScheduleResult>(json).unwrap(), result);
    }

    #[test]
    fn unknown_fields_and_sides_are_refused() {
        assert!(serde_json::from_str::<Instance>(&EXAMPLE.replace("\"tables\"", "\"rooms\"")).is_err());
        assert!(serde_json::from_str::<Instance>(&EXAMPLE.replace("user_company", "buyer")).is_err());
    }

    #[test]
    fn an_odd_cycle_falls_back_to_the_heuristic_and_says_so() {
        let triangle = instance(&["v1", "v2", "v3"], &[("v1", "v2"), ("v2", "v3"), ("v3", "v1")], 4, 4);
        let result = schedule(&triangle).unwrap();
        assert_eq!(result.method, Method::Heuristic);
        assert_eq!((result.lower_bound, result.slots_used, result.meetings_placed), (2, 3, 3));
        assert!(!result.optimal);
    }

    #[test]
    fn too_few_slots_keeps_must_meets_and_explains_the_rest() {
        // v1 has four requests and the event two slots; u4's is a must-meet.
        let ids = ["v1", "u1", "u2", "u3", "u4"];
        let mut event = instance(&ids, &[("v1", "u1"), ("v1", "u2"), ("v1", "u3"), ("v1", "u4")], 2, 4);
        event.meetings[3].must_meet = true;
        let result = schedule(&event).unwrap();
        assert_eq!((result.meetings_placed, result.must_meets_placed, result.lower_bound), (2, 1, 4));
        assert!(!result.optimal);
        assert_eq!(result.unplaced.len(), 2);
        for unplaced in &result.unplaced {
            assert_eq!(unplaced.reason, UnplacedReason::ParticipantFullyBooked);
            assert_eq!(unplaced.detail, "v1 already has a meeting in every slot they can attend (2)");
        }
    }

    #[test]
    fn unavailability_outside_the_needed_slots_keeps_the_exact_method() {
        // Two slots are needed; u1 is away in slot 3 only, so slots 0–2 are free for everyone.
        let mut event = instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 4, 1);
        event.participants[1].unavailable_slots = vec![3];
        let result = schedule(&event).unwrap();
        assert_eq!(result.method, Method::EquitableColouring);
        assert!(result.optimal);
    }

    #[test]
    fn unavailability_everywhere_uses_the_repair_and_still_reaches_the_bound() {
        // v1 can do slots 1–2, v2 slots 0–1: only slot 1 suits everyone, two are needed, and
        // slots 1 and 2 do it (v1–u2 and v2–u1 in 1, v1–u1 in 2).
        let ids = ["v1", "v2", "u1", "u2"];
        let mut event = instance(&ids, &[("v1", "u1"), ("v2", "u1"), ("v1", "u2")], 3, 2);
        event.participants[0].unavailable_slots = vec![0];
        event.participants[1].unavailable_slots = vec![2];
        let result = schedule(&event).unwrap();
        assert_eq!(result.method, Method::ConstrainedRepair);
        assert!(validate(&event, &result).is_empty());
        assert_eq!((result.meetings_placed, result.slots_used), (3, 2));
        assert!(result.optimal);
    }

    #[test]
    fn events_without_slots_or_tables_are_refused() {
        assert_eq!(schedule(&instance(&["v1", "u1"], &[("v1", "u1")], 0, 1)), Err(InstanceError::NoSlots));
        assert_eq!(schedule(&instance(&["v1", "u1"], &[("v1", "u1")], 1, 0)), Err(InstanceError::NoTables));
        let empty = schedule(&instance(&[], &[], 0, 0)).unwrap();
        assert!(empty.optimal && empty.assignments.is_empty());
    }
}
