//! The instance checked and turned into numbers: participants and meetings become indices, so the
//! algorithms work on plain vectors. Everything here is read-only once built.

use std::collections::HashMap;

use super::model::{Instance, Side};

/// More slots than any real event has; it bounds the memory of the per-slot tables.
pub const MAX_SLOTS: usize = 1_000;

/// Why an instance cannot be scheduled at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstanceError {
    #[error("participant {0:?} is listed twice")]
    DuplicateParticipant(String),
    #[error("meeting {0:?} is listed twice")]
    DuplicateMeeting(String),
    #[error("meeting {meeting:?} names unknown participant {participant:?}")]
    UnknownParticipant { meeting: String, participant: String },
    #[error("meeting {0:?} pairs a participant with itself")]
    SelfMeeting(String),
    #[error("participant {participant:?} is unavailable in slot {slot}, but the event has only {slots} slots")]
    UnavailableSlotOutOfRange { participant: String, slot: usize, slots: usize },
    #[error("the event has {0} slots; at most {MAX_SLOTS} are supported")]
    TooManySlots(usize),
    #[error("the event has meetings but no slots")]
    NoSlots,
    #[error("the event has meetings but no tables")]
    NoTables,
}

/// A meeting between participants `a` and `b` (indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    pub must: bool,
}

impl Edge {
    /// The endpoint that is not `v`.
    pub fn other(&self, v: usize) -> usize {
        if self.a == v { self.b } else { self.a }
    }
}

/// The meeting graph with the event's capacity.
#[derive(Debug, Clone)]
pub struct Problem {
    pub participants: usize,
    /// Edge `i` is the instance's meeting `i`.
    pub edges: Vec<Edge>,
    pub slots: usize,
    pub tables: usize,
    /// `unavailable[v * slots + s]`.
    unavailable: Vec<bool>,
    degree: Vec<usize>,
    vendor: Vec<bool>,
}

impl Problem {
    pub fn from_instance(instance: &Instance) -> Result<Self, InstanceError> {
        let slots = instance.slots.count();
        if slots > MAX_SLOTS {
            return Err(InstanceError::TooManySlots(slots));
        }
        let mut index = HashMap::with_capacity(instance.participants.len());
        let mut unavailable = vec![false; instance.participants.len() * slots];
        for (v, participant) in instance.participants.iter().enumerate() {
            if index.insert(participant.id.as_str(), v).is_some() {
                return Err(InstanceError::DuplicateParticipant(participant.id.clone()));
            }
            for &slot in &participant.unavailable_slots {
                if slot >= slots {
                    return Err(InstanceError::UnavailableSlotOutOfRange {
                        participant: participant.id.clone(),
                        slot,
                        slots,
                    });
                }
                unavailable[v * slots + slot] = true;
            }
        }
        let mut meeting_ids = HashMap::with_capacity(instance.meetings.len());
        let mut edges = Vec::with_capacity(instance.meetings.len());
        let mut degree = vec![0; instance.participants.len()];
        for meeting in &instance.meetings {
            if meeting_ids.insert(meeting.id.as_str(), ()).is_some() {
                return Err(InstanceError::DuplicateMeeting(meeting.id.clone()));
            }
            let find = |id: &String| {
                index.get(id.as_str()).copied().ok_or_else(|| InstanceError::UnknownParticipant {
                    meeting: meeting.id.clone(),
                    participant: id.clone(),
                })
            };
            let (a, b) = (find(&meeting.a)?, find(&meeting.b)?);
            if a == b {
                return Err(InstanceError::SelfMeeting(meeting.id.clone()));
            }
            degree[a] += 1;
            degree[b] += 1;
            edges.push(Edge { a, b, must: meeting.must_meet });
        }
        if !edges.is_empty() && slots == 0 {
            return Err(InstanceError::NoSlots);
        }
        if !edges.is_empty() && instance.tables == 0 {
            return Err(InstanceError::NoTables);
        }
        let vendor = instance.participants.iter().map(|p| p.side == Side::Vendor).collect();
        Ok(Self {
            participants: instance.participants.len(),
            edges,
            slots,
            tables: instance.tables,
            unavailable,
            degree,
            vendor,
        })
    }

    pub fn available(&self, v: usize, slot: usize) -> bool {
        !self.unavailable[v * self.slots + slot]
    }

    /// Both participants of edge `e` can attend `slot`.
    pub fn allowed(&self, e: usize, slot: usize) -> bool {
        let edge = self.edges[e];
        self.available(edge.a, slot) && self.available(edge.b, slot)
    }

    pub fn is_vendor(&self, v: usize) -> bool {
        self.vendor[v]
    }

    pub fn degree(&self, v: usize) -> usize {
        self.degree[v]
    }

    /// Δ: the most meetings any one participant has.
    pub fn max_degree(&self) -> usize {
        self.degree.iter().copied().max().unwrap_or(0)
    }

    /// max(Δ, ⌈m / T⌉): each participant needs a slot a meeting, and a slot holds at most T.
    pub fn lower_bound(&self) -> usize {
        let m = self.edges.len();
        let by_tables = if m == 0 { 0 } else { m.div_ceil(self.tables) };
        self.max_degree().max(by_tables)
    }

    /// Slots in which every participant who has a meeting is available.
    pub fn slots_free_for_everyone(&self) -> Vec<usize> {
        (0..self.slots)
            .filter(|&s| (0..self.participants).all(|v| self.degree[v] == 0 || self.available(v, s)))
            .collect()
    }

    /// A 2-colouring of the participants such that every meeting joins the two colours, or `None`
    /// when the meeting graph has an odd cycle. Found by breadth-first search, so same-side
    /// meetings are fine as long as they close no odd cycle.
    pub fn bipartition(&self) -> Option<Vec<bool>> {
        let mut neighbours = vec![Vec::new(); self.participants];
        for edge in &self.edges {
            neighbours[edge.a].push(edge.b);
            neighbours[edge.b].push(edge.a);
        }
        let mut colour: Vec<Option<bool>> = vec![None; self.participants];
        let mut queue = std::collections::VecDeque::new();
        for start in 0..self.participants {
            if colour[start].is_some() {
                continue;
            }
            colour[start] = Some(false);
            queue.push_back(start);
            while let Some(v) = queue.pop_front() {
                let side = colour[v] == Some(true);
                for &w in &neighbours[v] {
                    match colour[w] {
                        None => {
                            colour[w] = Some(!side);
                            queue.push_back(w);
                        }
                        Some(other) if other == side => return None,
                        Some(_) => {}
                    }
                }
            }
        }
        Some(colour.into_iter().map(|c| c == Some(true)).collect())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::events::scheduler::model::{Meeting, Participant, Slots};

    /// A small instance: participants named by `ids` (a `v` prefix makes a vendor), meetings as
    /// pairs of ids, named m0, m1, ….
    pub(crate) fn instance(ids: &[&str], pairs: &[(&str, &str)], slots: usize, tables: usize) -> Instance {
        Instance {
            participants: ids
                .iter()
                .map(|id| Participant {
                    id: (*id).to_owned(),
                    side: if id.starts_with('v') { Side::Vendor } else { Side::UserCompany },
                    unavailable_slots: Vec::new(),
                })
                .collect(),
            meetings: pairs
                .iter()
                .enumerate()
                .map(|(i, (a, b))| Meeting {
                    id: format!("m{i}"),
                    a: (*a).to_owned(),
                    b: (*b).to_owned(),
                    must_meet: false,
                })
                .collect(),
            slots: Slots::Count(slots),
            tables,
        }
    }

    #[test]
    fn the_lower_bound_is_the_larger_of_degree_and_table_capacity() {
        let star = instance(&["v1", "u1", "u2", "u3"], &[("v1", "u1"), ("v1", "u2"), ("v1", "u3")], 5, 3);
        assert_eq!(Problem::from_instance(&star).unwrap().lower_bound(), 3);
        let matching = instance(&["v1", "v2", "u1", "u2"], &[("v1", "u1"), ("v2", "u2")], 5, 1);
        assert_eq!(Problem::from_instance(&matching).unwrap().lower_bound(), 2);
    }

    #[test]
    fn bad_references_are_refused() {
        let unknown = instance(&["v1"], &[("v1", "u9")], 2, 1);
        assert!(matches!(Problem::from_instance(&unknown), Err(InstanceError::UnknownParticipant { .. })));
        let this_one = instance(&["v1"], &[("v1", "v1")], 2, 1);
        assert_eq!(Problem::from_instance(&this_one).unwrap_err(), InstanceError::SelfMeeting("m0".into()));
        let twice = instance(&["v1", "v1"], &[], 2, 1);
        assert_eq!(Problem::from_instance(&twice).unwrap_err(), InstanceError::DuplicateParticipant("v1".into()));
        let mut late = instance(&["v1"], &[], 2, 1);
        late.participants[0].unavailable_slots = vec![2];
        assert!(matches!(Problem::from_instance(&late), Err(InstanceError::UnavailableSlotOutOfRange { .. })));
    }

    #[test]
    fn an_odd_cycle_is_not_bipartite_even_cycles_are() {
        let triangle = instance(&["v1", "v2", "v3"], &[("v1", "v2"), ("v2", "v3"), ("v3", "v1")], 3, 3);
        assert!(Problem::from_instance(&triangle).unwrap().bipartition().is_none());
        // Same-side meetings that close no odd cycle still leave a bipartite graph.
        let path = instance(&["v1", "v2", "u1"], &[("v1", "v2"), ("v2", "u1")], 3, 3);
        assert!(Problem::from_instance(&path).unwrap().bipartition().is_some());
    }
}
