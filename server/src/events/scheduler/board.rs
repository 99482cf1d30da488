//! The board: which slot each meeting is in, who is busy when, and how many tables each slot uses.
//! Every algorithm after the colouring edits the schedule through it, so the hard rules are kept
//! in one place: a participant meets at most once a slot and a slot holds at most `tables`
//! meetings. Availability is the caller's check (the colouring may ignore slots entirely).

use super::problem::Problem;

const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub struct Board {
    slots: usize,
    /// `busy[v * slots + s]`: the meeting participant `v` has in slot `s`.
    busy: Vec<u32>,
    /// The slot of each meeting.
    slot_of: Vec<u32>,
    /// The meetings in each slot (in no particular order) and each meeting's index there, so
    /// that removal is O(1).
    members: Vec<Vec<u32>>,
    position: Vec<u32>,
}

impl Board {
    pub fn new(problem: &Problem) -> Self {
        Self {
            slots: problem.slots,
            busy: vec![NONE; problem.participants * problem.slots],
            slot_of: vec![NONE; problem.edges.len()],
            members: vec![Vec::new(); problem.slots],
            position: vec![NONE; problem.edges.len()],
        }
    }

    pub fn slot_of(&self, e: usize) -> Option<usize> {
        let slot = self.slot_of[e];
        (slot != NONE).then_some(slot as usize)
    }

    /// The meeting participant `v` has in `slot`.
    pub fn meeting_at(&self, v: usize, slot: usize) -> Option<usize> {
        let e = self.busy[v * self.slots + slot];
        (e != NONE).then_some(e as usize)
    }

    pub fn is_free(&self, v: usize, slot: usize) -> bool {
        self.busy[v * self.slots + slot] == NONE
    }

    pub fn load(&self, slot: usize) -> usize {
        self.members[slot].len()
    }

    /// Slots holding at least one meeting, in order.
    pub fn used_slots(&self) -> Vec<usize> {
        (0..self.slots).filter(|&s| !self.members[s].is_empty()).collect()
    }

    /// Puts unplaced meeting `e` into `slot`. Both participants must be free there.
    pub fn place(&mut self, problem: &Problem, e: usize, slot: usize) {
        let edge = problem.edges[e];
        debug_assert!(self.slot_of(e).is_none(), "meeting {e} is already placed");
        debug_assert!(self.is_free(edge.a, slot) && self.is_free(edge.b, slot), "double booking");
        self.busy[edge.a * self.slots + slot] = e as u32;
        self.busy[edge.b * self.slots + slot] = e as u32;
        self.slot_of[e] = slot as u32;
        self.position[e] = self.members[slot].len() as u32;
        self.members[slot].push(e as u32);
    }

    /// Takes meeting `e` out of the schedule; returns the slot it was in.
    pub fn remove(&mut self, problem: &Problem, e: usize) -> Option<usize> {
        let slot = self.slot_of(e)?;
        let edge = problem.edges[e];
        self.busy[edge.a * self.slots + slot] = NONE;
        self.busy[edge.b * self.slots + slot] = NONE;
        self.slot_of[e] = NONE;
        let position = self.position[e] as usize;
        self.members[slot].swap_remove(position);
        if let Some(&moved) = self.members[slot].get(position) {
            self.position[moved as usize] = position as u32;
        }
        Some(slot)
    }

    /// Exchanges the contents of two slots wholesale.
    pub fn swap_slots(&mut self, problem: &Problem, x: usize, y: usize) {
        let in_x = self.meetings_in(x);
        let in_y = self.meetings_in(y);
        for &e in in_x.iter().chain(&in_y) {
            self.remove(problem, e);
        }
        for e in in_x {
            self.place(problem, e, y);
        }
        for e in in_y {
            self.place(problem, e, x);
        }
    }

    /// The meetings in `slot`, in meeting order.
    pub fn meetings_in(&self, slot: usize) -> Vec<usize> {
        let mut meetings: Vec<usize> = self.members[slot].iter().map(|&e| e as usize).collect();
        meetings.sort_unstable();
        meetings
    }

    /// The meetings in `slot`, cheaply, in an order that depends on the edit history.
    pub fn meetings_in_any_order(&self, slot: usize) -> impl Iterator<Item = usize> + '_ {
        self.members[slot].iter().map(|&e| e as usize)
    }

    #[cfg(test)]
    pub fn placed_count(&self) -> usize {
        self.members.iter().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    #[test]
    fn placing_and_removing_keeps_the_books() {
        let problem =
            Problem::from_instance(&instance(&["v1", "u1", "u2"], &[("v1", "u1"), ("v1", "u2")], 3, 2)).unwrap();
        let mut board = Board::new(&problem);
        board.place(&problem, 0, 1);
        board.place(&problem, 1, 2);
        assert_eq!(board.meeting_at(0, 1), Some(0));
        assert!(board.is_free(2, 1));
        assert_eq!(board.used_slots(), vec![1, 2]);
        board.swap_slots(&problem, 1, 2);
        assert_eq!((board.slot_of(0), board.slot_of(1)), (Some(2), Some(1)));
        assert_eq!(board.remove(&problem, 0), Some(2));
        assert_eq!((board.load(1), board.load(2), board.placed_count()), (1, 0, 1));
    }
}
