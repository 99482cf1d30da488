//! Turning a board into the [`ScheduleResult`] the organiser reads.

use super::board::Board;
use super::model::{Assignment, Instance, Method, ScheduleResult, Unplaced};
use super::problem::Problem;
use super::unplaced::diagnose;

/// The result for `board`, whose placed meetings sit at `table_of`.
pub fn build(
    instance: &Instance,
    problem: &Problem,
    board: &Board,
    table_of: &[Option<usize>],
    method: Method,
    lower_bound: usize,
) -> ScheduleResult {
    let mut assignments = Vec::with_capacity(problem.edges.len());
    let mut unplaced = Vec::new();
    for (e, meeting) in instance.meetings.iter().enumerate() {
        match (board.slot_of(e), table_of[e]) {
            (Some(slot), Some(table)) => assignments.push(Assignment {
                meeting: meeting.id.clone(),
                slot,
                table,
                slot_label: instance.slots.label(slot).map(str::to_owned),
            }),
            _ => {
                let (reason, detail) = diagnose(instance, problem, board, e);
                unplaced.push(Unplaced { meeting: meeting.id.clone(), reason, detail });
            }
        }
    }
    assignments.sort_by_key(|a| (a.slot, a.table));
    let slots_used = board.used_slots().len();
    let must_meets_total = problem.edges.iter().filter(|edge| edge.must).count();
    let must_meets_placed =
        (0..problem.edges.len()).filter(|&e| problem.edges[e].must && board.slot_of(e).is_some()).count();
    ScheduleResult {
        method,
        slots_used,
        lower_bound,
        meetings_placed: assignments.len(),
        meetings_total: problem.edges.len(),
        must_meets_placed,
        must_meets_total,
        optimal: unplaced.is_empty() && slots_used == lower_bound,
        assignments,
        unplaced,
    }
}
