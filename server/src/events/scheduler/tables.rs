//! Tables within each slot. Any distinct numbers below `tables` would do; these keep people seated:
//! slot by slot, a meeting takes the table its vendor (or else its other participant) had at their
//! previous meeting, when that table is still free in this slot, so vendors mostly stay at their
//! booth while user companies come to them. The rest take the lowest free tables.

use super::board::Board;
use super::problem::Problem;

/// The table of each placed meeting (`None` for unplaced ones).
pub fn assign_tables(problem: &Problem, board: &Board) -> Vec<Option<usize>> {
    let mut table_of = vec![None; problem.edges.len()];
    let mut last_table: Vec<Option<usize>> = vec![None; problem.participants];
    for slot in board.used_slots() {
        let meetings = board.meetings_in(slot);
        let mut taken = vec![false; meetings.len().min(problem.tables)];
        // Vendors' wishes first, then the other participants', then whatever is free.
        let seats: Vec<[usize; 2]> = meetings
            .iter()
            .map(|&e| {
                let edge = problem.edges[e];
                if problem.is_vendor(edge.b) && !problem.is_vendor(edge.a) {
                    [edge.b, edge.a]
                } else {
                    [edge.a, edge.b]
                }
            })
            .collect();
        for round in 0..2 {
            for (&e, seat) in meetings.iter().zip(&seats) {
                if table_of[e].is_some() {
                    continue;
                }
                if let Some(table) = last_table[seat[round]].filter(|&t| t < taken.len() && !taken[t]) {
                    taken[table] = true;
                    table_of[e] = Some(table);
                }
            }
        }
        let mut free = (0..taken.len()).filter(|&t| !taken[t]);
        for &e in &meetings {
            if table_of[e].is_none() {
                table_of[e] = free.next();
            }
        }
        for e in meetings {
            let edge = problem.edges[e];
            last_table[edge.a] = table_of[e];
            last_table[edge.b] = table_of[e];
        }
    }
    table_of
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    #[test]
    fn a_vendor_keeps_their_table() {
        let ids = ["v1", "v2", "u1", "u2"];
        let pairs = [("u1", "v1"), ("v2", "u2"), ("v2", "u1"), ("u2", "v1")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 2, 2)).unwrap();
        let mut board = Board::new(&problem);
        for (e, slot) in [(0, 0), (1, 0), (2, 1), (3, 1)] {
            board.place(&problem, e, slot);
        }
        let tables = assign_tables(&problem, &board);
        assert_eq!(tables[0], tables[3], "v1 stays");
        assert_eq!(tables[1], tables[2], "v2 stays");
        assert_ne!(tables[0], tables[1]);
    }
}
