//! Scheduling when participants are unavailable in some slots, or when the meeting graph is not
//! bipartite: a list edge colouring (each meeting may only take a slot both its participants can
//! attend), built one meeting at a time and repaired when a meeting does not fit.
//!
//! 1. Open as many slots as the lower bound, choosing those the most meetings can use.
//! 2. Insert meetings hardest first: must-meets, then the others; within each, the meetings with
//!    the fewest usable slots and the busiest participants first. Each insertion tries, in order
//!    of cost:
//!    - a slot where both are free and a table is free;
//!    - a Kempe-chain swap: if one participant is busy in a usable slot γ, swap γ with another
//!      open slot δ along the γ/δ alternating path from that participant (when every meeting on
//!      the path may move, tables allow it, and the path does not reach the other participant);
//!    - a relocation search: move the meetings in the way (or one meeting, when the slot's tables
//!      are full) to other slots, recursively to a small depth, within an effort budget;
//!    - for a must-meet only: evict the fewest ordinary meetings from one usable slot; they queue
//!      again and usually find another place.
//! 3. Meetings that still do not fit wait; open the closed slot that most of them can use, and try
//!    them again. Repeat until all fit or no closed slot helps.
//! 4. Try to empty each lightly used slot by relocating its meetings, and close it when that works.
//!
//! Every edit goes through the [`Board`] and a journal, so a failed search is undone exactly. The
//! result never breaks a hard rule; it is not proven optimal.

use std::collections::VecDeque;

use super::board::Board;
use super::problem::Problem;

/// How deep a relocation chain may go: moving a blocker may move one of its blockers in turn.
const RELOCATION_DEPTH: usize = 2;
/// Relocation attempts allowed for one insertion, so hard instances stay fast.
const EFFORT_PER_INSERTION: usize = 400;
/// Kempe swaps tried for one insertion.
const KEMPE_TRIES_PER_INSERTION: usize = 256;

/// Schedules as many meetings as it can; the rest stay off the board.
pub fn schedule_with_repair(problem: &Problem) -> Board {
    let mut repair = Repair::new(problem);
    let order = insertion_order(problem);
    repair.open_initial_slots();
    let mut waiting = repair.insert_all(&order);
    while !waiting.is_empty() {
        if let Some(slot) = repair.most_useful_closed_slot(&waiting) {
            repair.open[slot] = true;
        } else if repair.open.iter().all(|&open| open) {
            break;
        } else {
            // No closed slot suits a waiting meeting directly, but one may take a meeting that is
            // in the way: a last pass with every slot open. Slots it does not need stay empty.
            repair.open.iter_mut().for_each(|open| *open = true);
        }
        waiting = repair.insert_all(&waiting);
    }
    repair.close_light_slots();
    repair.board
}

/// Must-meets first; then the fewest usable slots; then the busiest participants; then input order.
fn insertion_order(problem: &Problem) -> Vec<usize> {
    let usable: Vec<usize> =
        (0..problem.edges.len()).map(|e| (0..problem.slots).filter(|&s| problem.allowed(e, s)).count()).collect();
    let mut order: Vec<usize> = (0..problem.edges.len()).collect();
    order.sort_by_key(|&e| {
        let edge = problem.edges[e];
        let busiest = problem.degree(edge.a).max(problem.degree(edge.b));
        (!edge.must, usable[e], std::cmp::Reverse(busiest), e)
    });
    order
}

#[derive(Debug)]
struct Repair<'a> {
    problem: &'a Problem,
    board: Board,
    /// Slots the schedule may use so far.
    open: Vec<bool>,
    /// Each edit as (meeting, slot it was in before), so a failed search can be rolled back.
    journal: Vec<(usize, Option<usize>)>,
    /// Meetings already moved by the current insertion: they are not moved again.
    pinned: Vec<bool>,
    pinned_list: Vec<usize>,
    effort_left: usize,
}

impl<'a> Repair<'a> {
    fn new(problem: &'a Problem) -> Self {
        Self {
            problem,
            board: Board::new(problem),
            open: vec![false; problem.slots],
            journal: Vec::new(),
            pinned: vec![false; problem.edges.len()],
            pinned_list: Vec::new(),
            effort_left: 0,
        }
    }

    /// Opens min(lower bound, slots) slots: those the most meetings can use, earliest on ties.
    fn open_initial_slots(&mut self) {
        let wanted = self.problem.lower_bound().min(self.problem.slots);
        let mut by_use: Vec<usize> = (0..self.problem.slots).collect();
        by_use.sort_by_key(|&s| {
            let usable = (0..self.problem.edges.len()).filter(|&e| self.problem.allowed(e, s)).count();
            (std::cmp::Reverse(usable), s)
        });
        for &slot in &by_use[..wanted] {
            self.open[slot] = true;
        }
    }

    /// The closed slot that the most `waiting` meetings could use, if any could.
    fn most_useful_closed_slot(&self, waiting: &[usize]) -> Option<usize> {
        (0..self.problem.slots)
            .filter(|&s| !self.open[s])
            .map(|s| (waiting.iter().filter(|&&e| self.problem.allowed(e, s)).count(), s))
            .filter(|&(count, _)| count > 0)
            .max_by_key(|&(count, s)| (count, std::cmp::Reverse(s)))
            .map(|(_, s)| s)
    }

    /// Inserts `queue` in order; returns the meetings that did not fit, must-meets first.
    fn insert_all(&mut self, queue: &[usize]) -> Vec<usize> {
        let mut queue: VecDeque<usize> = queue.iter().copied().collect();
        let mut waiting = Vec::new();
        while let Some(e) = queue.pop_front() {
            if self.insert(e) {
                continue;
            }
            if self.problem.edges[e].must
                && let Some(evicted) = self.insert_by_evicting(e)
            {
                queue.extend(evicted);
                continue;
            }
            waiting.push(e);
        }
        waiting.sort_by_key(|&e| !self.problem.edges[e].must);
        waiting
    }

    /// Tries to place unplaced meeting `e` without removing any other meeting.
    fn insert(&mut self, e: usize) -> bool {
        self.effort_left = EFFORT_PER_INSERTION;
        let placed = self.place_directly(e) || self.place_by_kempe_swap(e) || self.place_by_relocation(e);
        for f in self.pinned_list.drain(..) {
            self.pinned[f] = false;
        }
        self.journal.clear();
        placed
    }

    /// Open slots that `e` may use, except `except`.
    fn usable_slots(&self, e: usize, except: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        (0..self.problem.slots).filter(move |&s| self.open[s] && Some(s) != except && self.problem.allowed(e, s))
    }

    /// The usable slot where `e` fits as it is: both free, a table free. The least loaded one, so
    /// tables stay available everywhere.
    fn free_slot(&self, e: usize, except: Option<usize>) -> Option<usize> {
        let edge = self.problem.edges[e];
        self.usable_slots(e, except)
            .filter(|&s| {
                self.board.is_free(edge.a, s)
                    && self.board.is_free(edge.b, s)
                    && self.board.load(s) < self.problem.tables
            })
            .min_by_key(|&s| (self.board.load(s), s))
    }

    fn place_directly(&mut self, e: usize) -> bool {
        match self.free_slot(e, None) {
            Some(slot) => {
                self.assign(e, Some(slot));
                true
            }
            None => false,
        }
    }

    /// Kempe-chain swap: in a usable slot `gamma` where exactly one participant (`busy`) is
    /// taken, swap `gamma` with an open slot `delta` that `busy` has free, along the gamma/delta
    /// alternating path from `busy`. Afterwards `busy` is free in `gamma`, and so is the other.
    fn place_by_kempe_swap(&mut self, e: usize) -> bool {
        let edge = self.problem.edges[e];
        let tables = self.problem.tables;
        let mut tries = 0;
        let gammas: Vec<usize> = self.usable_slots(e, None).collect();
        for gamma in gammas {
            let (busy, free) = match (self.board.is_free(edge.a, gamma), self.board.is_free(edge.b, gamma)) {
                (true, false) => (edge.b, edge.a),
                (false, true) => (edge.a, edge.b),
                _ => continue,
            };
            for delta in (0..self.problem.slots).filter(|&s| self.open[s] && s != gamma && self.board.is_free(busy, s))
            {
                tries += 1;
                if tries > KEMPE_TRIES_PER_INSERTION {
                    return false;
                }
                let Some(path) = self.alternating_path(busy, gamma, delta, free) else { continue };
                let from_gamma = path.len().div_ceil(2);
                let from_delta = path.len() / 2;
                let fits_tables = self.board.load(gamma) - from_gamma + from_delta < tables
                    && self.board.load(delta) - from_delta + from_gamma <= tables;
                let may_move = path.iter().enumerate().all(|(i, &f)| {
                    let to = if i % 2 == 0 { delta } else { gamma };
                    self.problem.allowed(f, to)
                });
                if fits_tables && may_move {
                    for &f in &path {
                        self.assign(f, None);
                    }
                    for (i, &f) in path.iter().enumerate() {
                        self.assign(f, Some(if i % 2 == 0 { delta } else { gamma }));
                    }
                    self.assign(e, Some(gamma));
                    return true;
                }
            }
        }
        false
    }

    /// The maximal path from `start` whose meetings alternate slots `first`, `second`, …, or
    /// `None` if it reaches `avoid` (possible only in a non-bipartite graph) or grows absurdly long.
    fn alternating_path(&self, start: usize, first: usize, second: usize, avoid: usize) -> Option<Vec<usize>> {
        let (mut v, mut slot, mut path) = (start, first, Vec::new());
        while let Some(f) = self.board.meeting_at(v, slot) {
            if path.len() > self.problem.edges.len() {
                return None;
            }
            path.push(f);
            v = self.problem.edges[f].other(v);
            if v == avoid {
                return None;
            }
            slot = if slot == first { second } else { first };
        }
        Some(path)
    }

    /// Tries each usable slot, fewest blockers first, moving whatever is in the way elsewhere.
    fn place_by_relocation(&mut self, e: usize) -> bool {
        let edge = self.problem.edges[e];
        let mut slots: Vec<usize> = self.usable_slots(e, None).collect();
        slots.sort_by_key(|&s| {
            let blockers = usize::from(!self.board.is_free(edge.a, s)) + usize::from(!self.board.is_free(edge.b, s));
            (blockers, self.board.load(s), s)
        });
        for slot in slots {
            let checkpoint = self.journal.len();
            if self.make_room_and_place(e, slot, RELOCATION_DEPTH) {
                return true;
            }
            self.undo_to(checkpoint);
            if self.effort_left == 0 {
                break;
            }
        }
        false
    }

    /// Moves the meetings that keep unplaced `e` out of `slot` elsewhere, then places `e` there.
    /// On failure the caller undoes the partial moves.
    fn make_room_and_place(&mut self, e: usize, slot: usize, depth: usize) -> bool {
        let edge = self.problem.edges[e];
        for v in [edge.a, edge.b] {
            if let Some(blocker) = self.board.meeting_at(v, slot)
                && !self.relocate(blocker, depth)
            {
                return false;
            }
        }
        if self.board.load(slot) >= self.problem.tables {
            let mut freed = false;
            for other in self.board.meetings_in(slot) {
                if self.effort_left == 0 {
                    break;
                }
                let checkpoint = self.journal.len();
                if self.relocate(other, depth) {
                    freed = true;
                    break;
                }
                self.undo_to(checkpoint);
            }
            if !freed {
                return false;
            }
        }
        // A relocation chain may have moved some other meeting of theirs into `slot`.
        let fits = self.board.is_free(edge.a, slot)
            && self.board.is_free(edge.b, slot)
            && self.board.load(slot) < self.problem.tables;
        if fits {
            self.assign(e, Some(slot));
        }
        fits
    }

    /// Moves placed meeting `f` to another usable slot, directly or (with depth left) by making
    /// room there. On failure the caller undoes the partial moves.
    fn relocate(&mut self, f: usize, depth: usize) -> bool {
        if self.pinned[f] || self.effort_left == 0 {
            return false;
        }
        self.effort_left -= 1;
        self.pinned[f] = true;
        self.pinned_list.push(f);
        let from = self.board.slot_of(f);
        self.assign(f, None);
        if let Some(slot) = self.free_slot(f, from) {
            self.assign(f, Some(slot));
            return true;
        }
        if depth > 0 {
            let targets: Vec<usize> = self.usable_slots(f, from).collect();
            for slot in targets {
                let checkpoint = self.journal.len();
                if self.make_room_and_place(f, slot, depth - 1) {
                    return true;
                }
                self.undo_to(checkpoint);
                if self.effort_left == 0 {
                    break;
                }
            }
        }
        self.pinned[f] = false;
        false
    }

    /// Places must-meet `e` in the usable slot where that evicts the fewest ordinary meetings
    /// (never a must-meet). Returns the evicted meetings, or `None` when no slot allows it.
    fn insert_by_evicting(&mut self, e: usize) -> Option<Vec<usize>> {
        let edge = self.problem.edges[e];
        let tables = self.problem.tables;
        if tables == 0 {
            return None;
        }
        let mut best: Option<(Vec<usize>, usize)> = None;
        for slot in self.usable_slots(e, None) {
            let mut evict: Vec<usize> =
                [edge.a, edge.b].iter().filter_map(|&v| self.board.meeting_at(v, slot)).collect();
            evict.dedup();
            if evict.iter().any(|&f| self.problem.edges[f].must) {
                continue;
            }
            if self.board.load(slot) - evict.len() >= tables {
                let ordinary = self.board.meetings_in(slot).into_iter().rev().find(|&f| !self.problem.edges[f].must);
                match ordinary {
                    Some(f) => evict.push(f),
                    None => continue,
                }
            }
            if best.as_ref().is_none_or(|(fewest, _)| evict.len() < fewest.len()) {
                best = Some((evict, slot));
            }
        }
        let (evicted, slot) = best?;
        for &f in &evicted {
            self.board.remove(self.problem, f);
        }
        self.board.place(self.problem, e, slot);
        Some(evicted)
    }

    /// Tries to empty the least used slots one by one, closing each that empties.
    fn close_light_slots(&mut self) {
        // Relocating into an empty slot would only trade one slot for another.
        for slot in 0..self.problem.slots {
            self.open[slot] = self.board.load(slot) > 0;
        }
        let mut used = self.board.used_slots();
        used.sort_by_key(|&s| (self.board.load(s), s));
        for slot in used {
            self.open[slot] = false;
            let mut emptied = true;
            for f in self.board.meetings_in(slot) {
                self.effort_left = EFFORT_PER_INSERTION;
                if !self.relocate(f, RELOCATION_DEPTH - 1) {
                    emptied = false;
                    break;
                }
            }
            if !emptied {
                self.undo_to(0);
                self.open[slot] = true;
            }
            for f in self.pinned_list.drain(..) {
                self.pinned[f] = false;
            }
            self.journal.clear();
        }
    }

    /// Moves `e` to `slot` (or off the board), recording where it was.
    fn assign(&mut self, e: usize, slot: Option<usize>) {
        let before = self.board.remove(self.problem, e);
        self.journal.push((e, before));
        if let Some(slot) = slot {
            self.board.place(self.problem, e, slot);
        }
    }

    /// Rolls the board back to when the journal had `len` entries.
    fn undo_to(&mut self, len: usize) {
        while self.journal.len() > len {
            let (e, before) = self.journal.pop().expect("journal longer than len");
            self.board.remove(self.problem, e);
            if let Some(slot) = before {
                self.board.place(self.problem, e, slot);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    fn placed(problem: &Problem, board: &Board) -> usize {
        (0..problem.edges.len()).filter(|&e| board.slot_of(e).is_some()).count()
    }

    #[test]
    fn unavailability_is_respected_and_everything_fits() {
        // v1 meets u1 and u2; u1 is away in slot 0. Two slots, one table each.
        let mut event = instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 2, 1);
        event.participants[1].unavailable_slots = vec![0];
        let problem = Problem::from_instance(&event).unwrap();
        let board = schedule_with_repair(&problem);
        assert_eq!(board.slot_of(0), Some(1));
        assert_eq!(board.slot_of(1), Some(0));
    }

    #[test]
    fn a_triangle_needs_three_slots_and_gets_them() {
        let event = instance(&["v1", "v2", "v3"], &[("v1", "v2"), ("v2", "v3"), ("v3", "v1")], 5, 5);
        let problem = Problem::from_instance(&event).unwrap();
        let board = schedule_with_repair(&problem);
        assert_eq!(placed(&problem, &board), 3);
        assert_eq!(board.used_slots().len(), 3);
    }

    #[test]
    fn a_must_meet_evicts_an_ordinary_meeting_when_there_is_no_other_way() {
        // One slot, one table: the must-meet wins whatever the order.
        let mut event = instance(&["v1", "v2", "u1", "u2"], &[("v1", "u1"), ("v2", "u2")], 1, 1);
        event.meetings[1].must_meet = true;
        let problem = Problem::from_instance(&event).unwrap();
        let board = schedule_with_repair(&problem);
        assert_eq!((board.slot_of(0), board.slot_of(1)), (None, Some(0)));
    }

    #[test]
    fn a_kempe_swap_makes_room() {
        // Open slots 0 and 1 (the bound is 2). Insertion order puts v1–u1 and v2–u2 first (they
        // have fewer usable slots); v2–u1 then needs a swap.
        let ids = ["v1", "v2", "u1", "u2"];
        let mut event = instance(&ids, &[("v1", "u1"), ("v2", "u2"), ("v2", "u1"), ("v1", "u2")], 3, 2);
        event.participants[0].unavailable_slots = vec![2];
        event.participants[1].unavailable_slots = vec![2];
        let problem = Problem::from_instance(&event).unwrap();
        let board = schedule_with_repair(&problem);
        assert_eq!(placed(&problem, &board), 4);
        assert_eq!(board.used_slots(), vec![0, 1]);
    }
}
