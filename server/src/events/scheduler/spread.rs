//! Spreading each participant's meetings over the event, after the slots are decided.
//!
//! The measure: with k slots in use, a participant with d meetings would ideally have at least
//! ⌊k/d⌋ slots from the start of one meeting to the start of the next (one meeting every slot
//! when d > k/2, every other slot when d = k/2, …). The cost of a schedule is the sum, over
//! participants and consecutive pairs of their meetings, of the squared shortfall from that gap;
//! 0 means everyone's meetings are as evenly spaced as their count allows. Gaps are counted in
//! used slots, so a slot nobody uses is no break.
//!
//! Two local searches lower the cost, each accepting only strict improvements (so they end):
//! 1. exchange the contents of two slots, when every meeting may take the other slot;
//! 2. move one meeting to another used slot where both are free, a table is free and both may
//!    attend, without emptying its slot.
//!
//! Neither breaks a hard rule, and neither opens a slot.

use super::board::Board;
use super::problem::Problem;

/// Sweeps of each search; a sweep tries every candidate once. Slot exchanges cost O(k²·T) a
/// sweep and gain little after the first; single moves keep paying for a few sweeps.
const EXCHANGE_SWEEPS: usize = 1;
const MOVE_SWEEPS: usize = 4;

/// Lowers the spread cost of `board` in place.
pub fn spread(problem: &Problem, board: &mut Board) {
    let used = board.used_slots();
    if used.len() < 2 {
        return;
    }
    let mut spreader = Spreader::new(problem, board, &used);
    spreader.exchange_slots(board);
    spreader.move_meetings(board);
}

/// The spread cost of the whole board: see the module documentation.
#[cfg(test)]
pub fn spread_cost(problem: &Problem, board: &Board) -> u64 {
    let used = board.used_slots();
    let spreader = Spreader::new(problem, board, &used);
    spreader.positions.iter().map(|p| spreader.cost_of(p)).sum()
}

#[derive(Debug)]
struct Spreader<'a> {
    problem: &'a Problem,
    used: &'a [usize],
    /// Position of each slot among the used slots.
    rank: Vec<usize>,
    /// The positions of each participant's meetings, sorted; kept up to date by every change.
    positions: Vec<Vec<usize>>,
}

impl<'a> Spreader<'a> {
    fn new(problem: &'a Problem, board: &Board, used: &'a [usize]) -> Self {
        let mut rank = vec![usize::MAX; problem.slots];
        for (position, &slot) in used.iter().enumerate() {
            rank[slot] = position;
        }
        let positions = (0..problem.participants)
            .map(|v| (0..used.len()).filter(|&p| !board.is_free(v, used[p])).collect())
            .collect();
        Self { problem, used, rank, positions }
    }

    /// Sum of squared shortfalls from the ideal gap ⌊k/d⌋ between consecutive meetings.
    fn cost_of(&self, sorted_positions: &[usize]) -> u64 {
        let mut gaps = GapCost::new(self.used.len(), sorted_positions.len());
        if gaps.ideal <= 1 {
            return 0; // consecutive meetings are always at least one slot apart
        }
        sorted_positions.iter().for_each(|&p| gaps.next(p));
        gaps.total
    }

    /// `cost_of` the positions after the meeting at `from` moves to `to`, without building them.
    fn cost_after_move(&self, sorted_positions: &[usize], from: usize, to: usize) -> u64 {
        let mut gaps = GapCost::new(self.used.len(), sorted_positions.len());
        if gaps.ideal <= 1 {
            return 0; // consecutive meetings are always at least one slot apart
        }
        let mut inserted = false;
        for &p in sorted_positions.iter().filter(|&&p| p != from) {
            if !inserted && to < p {
                gaps.next(to);
                inserted = true;
            }
            gaps.next(p);
        }
        if !inserted {
            gaps.next(to);
        }
        gaps.total
    }

    /// Search 1: exchange two slots' contents when that lowers the cost. Only participants with a
    /// meeting in exactly one of the two slots are affected: for them it is a move between them.
    fn exchange_slots(&mut self, board: &mut Board) {
        let mut in_x = vec![false; self.problem.participants];
        for _ in 0..EXCHANGE_SWEEPS {
            let mut improved = false;
            for i in 0..self.used.len() {
                for j in i + 1..self.used.len() {
                    let (x, y) = (self.used[i], self.used[j]);
                    if !self.may_exchange(board, x, y) {
                        continue;
                    }
                    let people_x = self.participants_in(board, x);
                    let people_y = self.participants_in(board, y);
                    people_x.iter().for_each(|&v| in_x[v] = true);
                    let mut movers: Vec<(usize, usize, usize)> = people_y
                        .iter()
                        .filter(|&&v| !std::mem::replace(&mut in_x[v], false))
                        .map(|&v| (v, j, i))
                        .collect();
                    // Those left marked are in x only.
                    movers.extend(
                        people_x.iter().filter(|&&v| std::mem::replace(&mut in_x[v], false)).map(|&v| (v, i, j)),
                    );
                    let (before, after) = movers.iter().fold((0, 0), |(before, after), &(v, from, to)| {
                        let positions = &self.positions[v];
                        (before + self.cost_of(positions), after + self.cost_after_move(positions, from, to))
                    });
                    if after < before {
                        board.swap_slots(self.problem, x, y);
                        for (v, from, to) in movers {
                            self.positions[v] = moved(&self.positions[v], from, to);
                        }
                        improved = true;
                    }
                }
            }
            if !improved {
                return;
            }
        }
    }

    /// The participants of the meetings in `slot`.
    fn participants_in(&self, board: &Board, slot: usize) -> Vec<usize> {
        board
            .meetings_in_any_order(slot)
            .flat_map(|e| {
                let edge = self.problem.edges[e];
                [edge.a, edge.b]
            })
            .collect()
    }

    /// Every meeting in `x` may take place in `y` and vice versa.
    fn may_exchange(&self, board: &Board, x: usize, y: usize) -> bool {
        board.meetings_in_any_order(x).all(|e| self.problem.allowed(e, y))
            && board.meetings_in_any_order(y).all(|e| self.problem.allowed(e, x))
    }

    /// Search 2: move single meetings to better used slots.
    fn move_meetings(&mut self, board: &mut Board) {
        let tables = self.problem.tables;
        for _ in 0..MOVE_SWEEPS {
            let mut improved = false;
            for e in 0..self.problem.edges.len() {
                let Some(from) = board.slot_of(e) else { continue };
                let edge = self.problem.edges[e];
                let (positions_a, positions_b) = (&self.positions[edge.a], &self.positions[edge.b]);
                let now = self.cost_of(positions_a) + self.cost_of(positions_b);
                if now == 0 || board.load(from) < 2 {
                    continue; // already ideal, or moving it would close the slot and shift everyone
                }
                let r_from = self.rank[from];
                let mut best: Option<(u64, usize)> = None;
                for &to in self.used {
                    if to == from
                        || board.load(to) >= tables
                        || !board.is_free(edge.a, to)
                        || !board.is_free(edge.b, to)
                        || !self.problem.allowed(e, to)
                    {
                        continue;
                    }
                    let r_to = self.rank[to];
                    let cost = self.cost_after_move(positions_a, r_from, r_to)
                        + self.cost_after_move(positions_b, r_from, r_to);
                    if cost < now && best.is_none_or(|(lowest, _)| cost < lowest) {
                        best = Some((cost, to));
                    }
                }
                if let Some((_, to)) = best {
                    board.remove(self.problem, e);
                    board.place(self.problem, e, to);
                    for v in [edge.a, edge.b] {
                        self.positions[v] = moved(&self.positions[v], r_from, self.rank[to]);
                    }
                    improved = true;
                }
            }
            if !improved {
                return;
            }
        }
    }
}

/// Running sum of squared shortfalls over a participant's positions, fed in order.
#[derive(Debug)]
struct GapCost {
    ideal: usize,
    previous: Option<usize>,
    total: u64,
}

impl GapCost {
    fn new(slots_used: usize, meetings: usize) -> Self {
        Self { ideal: if meetings < 2 { 0 } else { slots_used / meetings }, previous: None, total: 0 }
    }

    fn next(&mut self, position: usize) {
        if let Some(previous) = self.previous.replace(position) {
            self.total += self.ideal.saturating_sub(position - previous).pow(2) as u64;
        }
    }
}

/// `positions` with `from` replaced by `to`, sorted.
fn moved(positions: &[usize], from: usize, to: usize) -> Vec<usize> {
    let mut result: Vec<usize> = positions.iter().map(|&p| if p == from { to } else { p }).collect();
    result.sort_unstable();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    #[test]
    fn back_to_back_meetings_are_pulled_apart() {
        // v1 has two meetings in four busy slots; ideally two slots apart.
        let ids = ["v1", "v2", "u1", "u2", "u3", "u4"];
        let pairs = [("v1", "u1"), ("v1", "u2"), ("v2", "u1"), ("v2", "u2"), ("v2", "u3"), ("v2", "u4")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 4, 4)).unwrap();
        let mut board = Board::new(&problem);
        for (e, slot) in [(0, 0), (1, 1), (2, 2), (3, 3), (4, 0), (5, 1)] {
            board.place(&problem, e, slot);
        }
        let before = spread_cost(&problem, &board);
        spread(&problem, &mut board);
        assert!(spread_cost(&problem, &board) < before);
        assert_eq!(board.used_slots().len(), 4);
    }
}
