//! The organiser's review: moving one meeting or swapping two by hand. Each edit is checked as a
//! whole against the hard rules and either returns the new schedule or the list of what it would
//! break; the schedule passed in is never changed, so nothing is ever applied halfway.

use super::board::Board;
use super::model::{Assignment, Instance, ScheduleResult};
use super::problem::Problem;
use super::result;
use super::validate::{Violation, validate};

/// Puts `meeting` in `to_slot` at `to_table`. An unplaced meeting may be placed this way.
pub fn move_meeting(
    instance: &Instance,
    schedule: &ScheduleResult,
    meeting: &str,
    to_slot: usize,
    to_table: usize,
) -> Result<ScheduleResult, Vec<Violation>> {
    if !instance.meetings.iter().any(|m| m.id == meeting) {
        return Err(vec![Violation::UnknownMeeting { meeting: meeting.to_owned() }]);
    }
    let mut assignments: Vec<Assignment> =
        schedule.assignments.iter().filter(|a| a.meeting != meeting).cloned().collect();
    assignments.push(Assignment {
        meeting: meeting.to_owned(),
        slot: to_slot,
        table: to_table,
        slot_label: instance.slots.label(to_slot).map(str::to_owned),
    });
    revalidate(instance, schedule, assignments)
}

/// Exchanges the slots and tables of two placed meetings.
pub fn swap_meetings(
    instance: &Instance,
    schedule: &ScheduleResult,
    a: &str,
    b: &str,
) -> Result<ScheduleResult, Vec<Violation>> {
    let position = |id: &str| schedule.assignments.iter().position(|x| x.meeting == id);
    let mut problems = Vec::new();
    for id in [a, b] {
        if !instance.meetings.iter().any(|m| m.id == id) {
            problems.push(Violation::UnknownMeeting { meeting: id.to_owned() });
        } else if position(id).is_none() {
            problems.push(Violation::NotPlaced { meeting: id.to_owned() });
        }
    }
    let (Some(i), Some(j), true) = (position(a), position(b), problems.is_empty()) else {
        return Err(problems);
    };
    let mut assignments = schedule.assignments.clone();
    let (first, second) = (assignments[i].clone(), assignments[j].clone());
    assignments[i] = Assignment { meeting: first.meeting, ..second.clone() };
    assignments[j] = Assignment { meeting: second.meeting, ..first };
    revalidate(instance, schedule, assignments)
}

/// A stored schedule read back (e.g. draft meetings from the database): its figures and unplaced
/// reasons recomputed, or the rules it breaks. `method` is carried through as given.
pub fn evaluate(
    instance: &Instance,
    assignments: Vec<Assignment>,
    method: super::model::Method,
) -> Result<ScheduleResult, Vec<Violation>> {
    let problem =
        Problem::from_instance(instance).map_err(|e| vec![Violation::InvalidInstance { message: e.to_string() }])?;
    let empty = ScheduleResult {
        method,
        assignments: Vec::new(),
        slots_used: 0,
        lower_bound: problem.lower_bound(),
        meetings_placed: 0,
        meetings_total: 0,
        must_meets_placed: 0,
        must_meets_total: 0,
        optimal: false,
        unplaced: Vec::new(),
    };
    revalidate(instance, &empty, assignments)
}

/// The schedule with `assignments`, if they break no rule; counts and reasons are recomputed.
fn revalidate(
    instance: &Instance,
    schedule: &ScheduleResult,
    assignments: Vec<Assignment>,
) -> Result<ScheduleResult, Vec<Violation>> {
    let problem =
        Problem::from_instance(instance).map_err(|e| vec![Violation::InvalidInstance { message: e.to_string() }])?;
    let candidate = ScheduleResult { assignments, ..schedule.clone() };
    let violations = validate(instance, &candidate);
    if !violations.is_empty() {
        return Err(violations);
    }
    let index: std::collections::HashMap<&str, usize> =
        instance.meetings.iter().enumerate().map(|(e, m)| (m.id.as_str(), e)).collect();
    let mut board = Board::new(&problem);
    let mut table_of = vec![None; problem.edges.len()];
    for assignment in &candidate.assignments {
        let e = index[assignment.meeting.as_str()];
        board.place(&problem, e, assignment.slot);
        table_of[e] = Some(assignment.table);
    }
    Ok(result::build(instance, &problem, &board, &table_of, schedule.method, schedule.lower_bound))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;
    use crate::events::scheduler::schedule;

    #[test]
    fn a_stored_schedule_evaluates_to_the_same_figures() {
        let event = instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 3, 1);
        let made = schedule(&event).unwrap();
        let read_back = evaluate(&event, made.assignments.clone(), made.method).unwrap();
        assert_eq!(read_back, made);
        let clash = vec![
            Assignment { meeting: "m0".into(), slot: 0, table: 0, slot_label: None },
            Assignment { meeting: "m1".into(), slot: 0, table: 0, slot_label: None },
        ];
        assert!(evaluate(&event, clash, made.method).is_err());
    }

    #[test]
    fn a_valid_move_is_applied_and_recounted() {
        let event = instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 3, 1);
        let before = schedule(&event).unwrap();
        assert_eq!(before.slots_used, 2);
        let free_slot = (0..3).find(|s| before.assignments.iter().all(|a| a.slot != *s)).unwrap();
        let after = move_meeting(&event, &before, "m0", free_slot, 0).unwrap();
        assert!(after.assignments.iter().any(|a| a.meeting == "m0" && a.slot == free_slot));
        assert_eq!(after.slots_used, 2);
        assert!(validate(&event, &after).is_empty());
    }

    #[test]
    fn a_move_into_a_clash_is_refused_whole() {
        let mut event = instance(&["v1", "v2", "u1", "u2"], &[("v1", "u1"), ("v2", "u2"), ("v1", "u2")], 3, 1);
        event.participants[2].unavailable_slots = vec![2];
        let before = schedule(&event).unwrap();
        let slot_of = |id: &str| before.assignments.iter().find(|a| a.meeting == id).unwrap().slot;
        // Into m2's slot and table: v1 double-booked (m0 has v1), table clash, and so on.
        let violations = move_meeting(&event, &before, "m0", slot_of("m2"), 0).unwrap_err();
        assert!(violations.iter().any(|v| matches!(v, Violation::DoubleBooking { .. })));
        assert!(violations.iter().any(|v| matches!(v, Violation::TableClash { .. })));
        // Into slot 2, where u1 is away.
        let violations = move_meeting(&event, &before, "m0", 2, 0).unwrap_err();
        assert!(violations.iter().any(|v| matches!(v, Violation::Unavailable { .. })));
        assert!(matches!(
            move_meeting(&event, &before, "m9", 0, 0).unwrap_err()[..],
            [Violation::UnknownMeeting { .. }]
        ));
    }

    #[test]
    fn swapping_exchanges_slot_and_table() {
        let event = instance(&["v1", "v2", "u1", "u2"], &[("v1", "u1"), ("v2", "u2")], 2, 1);
        let before = schedule(&event).unwrap();
        let after = swap_meetings(&event, &before, "m0", "m1").unwrap();
        let find = |s: &ScheduleResult, id: &str| s.assignments.iter().find(|a| a.meeting == id).unwrap().clone();
        assert_eq!(
            (find(&after, "m0").slot, find(&after, "m1").slot),
            (find(&before, "m1").slot, find(&before, "m0").slot)
        );
        // v1–u1 and v1–u2 cannot swap into a slot where u2 is away.
        let mut away = instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 2, 1);
        away.participants[2].unavailable_slots = vec![0];
        let scheduled = schedule(&away).unwrap();
        let refused = swap_meetings(&away, &scheduled, "m0", "m1").unwrap_err();
        assert!(matches!(refused[..], [Violation::Unavailable { .. }]));
    }

    #[test]
    fn placing_an_unplaced_meeting_by_hand_clears_its_reason() {
        // One slot: v1's second meeting cannot be placed, and placing it by hand is refused…
        let event = instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 1, 2);
        let before = schedule(&event).unwrap();
        assert_eq!(before.unplaced.len(), 1);
        let unplaced = before.unplaced[0].meeting.clone();
        let refused = move_meeting(&event, &before, &unplaced, 0, 1).unwrap_err();
        assert!(matches!(refused[..], [Violation::DoubleBooking { .. }]));
        // …until the event has a second slot.
        let bigger = instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 2, 2);
        let after = move_meeting(&bigger, &before, &unplaced, 1, 0).unwrap();
        assert!(after.unplaced.is_empty());
        assert_eq!((after.meetings_placed, after.slots_used), (2, 2));
    }
}
