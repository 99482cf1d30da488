//! The optimal schedule of a bipartite meeting graph when enough slots are free for everyone:
//! colour with k = max(Δ, ⌈m/T⌉) colours (König), balance the classes to ⌊m/k⌋ or ⌈m/k⌉ meetings
//! (de Werra; ⌈m/k⌉ ≤ T because k ≥ m/T), and give each class its own slot. No schedule can use
//! fewer than k slots, so this one is optimal.
//!
//! When even all the event's slots are fewer than that bound, the largest set of meetings that
//! does fit is chosen first ([`super::selection`]) and scheduled the same way.

use super::board::Board;
use super::colouring::EdgeColouring;
use super::equitable::make_equitable;
use super::problem::Problem;
use super::selection::largest_schedulable_set;

/// Schedules into `slots` (which every participant can attend). `left` is the bipartition.
pub fn equitable_schedule(problem: &Problem, left: &[bool], slots: &[usize]) -> Board {
    let chosen: Vec<usize> = if problem.lower_bound() <= slots.len() {
        (0..problem.edges.len()).collect()
    } else {
        debug_assert_eq!(slots.len(), problem.slots, "a partial slot set is only used when it suffices");
        largest_schedulable_set(problem, left)
    };
    let mut board = Board::new(problem);
    let k = colours_needed(problem, &chosen);
    if k == 0 {
        return board;
    }
    let mut colouring = EdgeColouring::konig(problem, &chosen, k);
    make_equitable(problem, &mut colouring, &chosen);
    for &e in &chosen {
        let class = colouring.colour(e).expect("every chosen meeting is coloured");
        board.place(problem, e, slots[class]);
    }
    board
}

/// max(Δ, ⌈m/T⌉) over the `chosen` meetings.
fn colours_needed(problem: &Problem, chosen: &[usize]) -> usize {
    let mut degree = vec![0; problem.participants];
    for &e in chosen {
        degree[problem.edges[e].a] += 1;
        degree[problem.edges[e].b] += 1;
    }
    let by_tables = if chosen.is_empty() { 0 } else { chosen.len().div_ceil(problem.tables) };
    degree.into_iter().max().unwrap_or(0).max(by_tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    #[test]
    fn tables_not_people_set_the_pace() {
        // Six one-off meetings, two tables: three slots of two, although nobody meets twice.
        let ids = ["v1", "v2", "v3", "v4", "v5", "v6", "u1", "u2", "u3", "u4", "u5", "u6"];
        let pairs = [("v1", "u1"), ("v2", "u2"), ("v3", "u3"), ("v4", "u4"), ("v5", "u5"), ("v6", "u6")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 10, 2)).unwrap();
        let board = equitable_schedule(&problem, &problem.bipartition().unwrap(), &(0..10).collect::<Vec<_>>());
        assert_eq!(board.used_slots(), vec![0, 1, 2]);
        assert!((0..3).all(|s| board.load(s) == 2));
    }

    #[test]
    fn too_few_slots_keeps_the_largest_set() {
        let ids = ["v1", "u1", "u2", "u3"];
        let pairs = [("v1", "u1"), ("v1", "u2"), ("v1", "u3")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 2, 5)).unwrap();
        let board = equitable_schedule(&problem, &problem.bipartition().unwrap(), &[0, 1]);
        assert_eq!(board.placed_count(), 2);
    }
}
