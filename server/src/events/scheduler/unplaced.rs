//! Why a meeting is not in the schedule, judged against the final board so the organiser reads
//! what would have to change: a common free slot, a lighter programme for one participant, more
//! slots, or more tables.

use super::board::Board;
use super::model::{Instance, UnplacedReason};
use super::problem::Problem;

/// The reason meeting `e` is unplaced, and a sentence saying so with names and slots.
pub fn diagnose(instance: &Instance, problem: &Problem, board: &Board, e: usize) -> (UnplacedReason, String) {
    let edge = problem.edges[e];
    let name = |v: usize| instance.participants[v].id.as_str();
    let (a, b) = (name(edge.a), name(edge.b));
    let common: Vec<usize> = (0..problem.slots).filter(|&s| problem.allowed(e, s)).collect();
    if common.is_empty() {
        return (UnplacedReason::NoCommonFreeSlot, format!("{a} and {b} are never available in the same slot"));
    }
    for v in [edge.a, edge.b] {
        let attendable = (0..problem.slots).filter(|&s| problem.available(v, s)).count();
        let free = (0..problem.slots).filter(|&s| problem.available(v, s) && board.is_free(v, s)).count();
        if free == 0 {
            return (
                UnplacedReason::ParticipantFullyBooked,
                format!("{} already has a meeting in every slot they can attend ({attendable})", name(v)),
            );
        }
    }
    let both_free: Vec<usize> =
        common.into_iter().filter(|&s| board.is_free(edge.a, s) && board.is_free(edge.b, s)).collect();
    if both_free.is_empty() {
        return (
            UnplacedReason::NotEnoughSlots,
            format!("{a} and {b} both have free slots they can attend, but never the same one"),
        );
    }
    let slots: Vec<String> = both_free.iter().map(|&s| slot_name(instance, s)).collect();
    let plural = if slots.len() == 1 { "" } else { "s" };
    let tables =
        if problem.tables == 1 { "the only table is".to_owned() } else { format!("all {} tables are", problem.tables) };
    (
        UnplacedReason::NoTableFree,
        format!("{a} and {b} are both free in slot{plural} {}, but {tables} taken there", slots.join(", ")),
    )
}

/// A slot as the organiser named it: its label, or its number.
pub fn slot_name(instance: &Instance, slot: usize) -> String {
    instance.slots.label(slot).map_or_else(|| slot.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    #[test]
    fn each_reason_is_told_apart() {
        let ids = ["v1", "v2", "u1", "u2"];
        let mut event = instance(&ids, &[("v1", "u1"), ("v2", "u2"), ("v1", "u2"), ("v2", "u1")], 2, 1);
        event.participants[3].unavailable_slots = vec![0];
        let problem = Problem::from_instance(&event).unwrap();
        let mut board = Board::new(&problem);
        board.place(&problem, 0, 0); // v1–u1 in slot 0
        board.place(&problem, 1, 1); // v2–u2 in slot 1 (u2 can only do slot 1)
        // v1–u2: u2 has no free slot left.
        assert_eq!(diagnose(&event, &problem, &board, 2).0, UnplacedReason::ParticipantFullyBooked);
        // v2–u1: v2 is free only in slot 0, u1 only in slot 1.
        assert_eq!(diagnose(&event, &problem, &board, 3).0, UnplacedReason::NotEnoughSlots);
    }

    #[test]
    fn full_tables_and_disjoint_availability() {
        let event = instance(&["v1", "v2", "u1", "u2"], &[("v1", "u1"), ("v2", "u2")], 1, 1);
        let problem = Problem::from_instance(&event).unwrap();
        let mut board = Board::new(&problem);
        board.place(&problem, 0, 0);
        let (reason, detail) = diagnose(&event, &problem, &board, 1);
        assert_eq!(reason, UnplacedReason::NoTableFree);
        assert_eq!(detail, "v2 and u2 are both free in slot 0, but the only table is taken there");

        let mut apart = instance(&["v1", "u1"], &[("v1", "u1")], 2, 1);
        apart.participants[0].unavailable_slots = vec![1];
        apart.participants[1].unavailable_slots = vec![0];
        let problem = Problem::from_instance(&apart).unwrap();
        let board = Board::new(&problem);
        assert_eq!(diagnose(&apart, &problem, &board, 0).0, UnplacedReason::NoCommonFreeSlot);
    }
}
