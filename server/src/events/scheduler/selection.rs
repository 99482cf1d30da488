//! When the event has fewer slots than the lower bound, not every meeting fits. By König's theorem
//! a set of meetings fits in S slots of T tables exactly when nobody has more than S of them and
//! there are at most S·T in all (de Werra then spreads them over the slots). The largest such set
//! is a maximum flow: source → each vendor-side participant (capacity S) → their meetings
//! (capacity 1) → the other side (capacity S each) → sink, behind one arc of capacity S·T.
//!
//! Must-meets come first: the flow is maximised over must-meets alone, then the chosen ones are
//! kept (no later augmenting path may push flow back through them) and the other meetings are added and the flow
//! maximised again. So the most must-meets are kept, and then the most meetings overall.

use std::collections::VecDeque;

use super::problem::Problem;

/// The meetings to schedule when not all fit: indices into `problem.edges`, in input order.
/// `left[v]` says which side of the bipartition participant `v` is on.
pub fn largest_schedulable_set(problem: &Problem, left: &[bool]) -> Vec<usize> {
    let n = problem.participants;
    let (super_source, source, sink) = (0, 1, n + 2);
    let node = |v: usize| v + 2;
    let slots = problem.slots as u64;
    let capacity = (problem.slots as u64).saturating_mul(problem.tables as u64);
    let mut network = FlowNetwork::new(n + 3);
    network.add_arc(super_source, source, capacity);
    for (v, &on_left) in left.iter().enumerate() {
        if on_left {
            network.add_arc(source, node(v), slots);
        } else {
            network.add_arc(node(v), sink, slots);
        }
    }
    let mut meeting_arc = vec![usize::MAX; problem.edges.len()];
    for must_phase in [true, false] {
        for (e, edge) in problem.edges.iter().enumerate() {
            if edge.must == must_phase {
                let (from, to) = if left[edge.a] { (edge.a, edge.b) } else { (edge.b, edge.a) };
                meeting_arc[e] = network.add_arc(node(from), node(to), 1);
            }
        }
        network.max_flow(super_source, sink);
        if must_phase {
            for (e, edge) in problem.edges.iter().enumerate() {
                if edge.must && network.carries_flow(meeting_arc[e]) {
                    network.keep(meeting_arc[e]);
                }
            }
        }
    }
    (0..problem.edges.len()).filter(|&e| network.carries_flow(meeting_arc[e])).collect()
}

/// Dinic's algorithm on a small residual network; arc `i ^ 1` is the reverse of arc `i`.
#[derive(Debug)]
struct FlowNetwork {
    head: Vec<Vec<usize>>,
    to: Vec<usize>,
    residual: Vec<u64>,
    original: Vec<u64>,
}

impl FlowNetwork {
    fn new(nodes: usize) -> Self {
        Self { head: vec![Vec::new(); nodes], to: Vec::new(), residual: Vec::new(), original: Vec::new() }
    }

    fn add_arc(&mut self, from: usize, to: usize, capacity: u64) -> usize {
        let id = self.to.len();
        for (tail, head, cap) in [(from, to, capacity), (to, from, 0)] {
            self.head[tail].push(self.to.len());
            self.to.push(head);
            self.residual.push(cap);
            self.original.push(cap);
        }
        id
    }

    fn carries_flow(&self, arc: usize) -> bool {
        self.residual[arc] < self.original[arc]
    }

    /// Keeps the flow on saturated unit `arc`: later augmenting paths may not cancel it.
    fn keep(&mut self, arc: usize) {
        self.residual[arc ^ 1] = 0;
    }

    fn max_flow(&mut self, source: usize, sink: usize) -> u64 {
        let mut total = 0;
        while let Some(level) = self.levels(source, sink) {
            let mut next = vec![0; self.head.len()];
            loop {
                let pushed = self.push(source, sink, u64::MAX, &level, &mut next);
                if pushed == 0 {
                    break;
                }
                total += pushed;
            }
        }
        total
    }

    /// Breadth-first distances from `source` over arcs with residual capacity, if `sink` is reached.
    fn levels(&self, source: usize, sink: usize) -> Option<Vec<usize>> {
        let mut level = vec![usize::MAX; self.head.len()];
        level[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(v) = queue.pop_front() {
            for &arc in &self.head[v] {
                let w = self.to[arc];
                if self.residual[arc] > 0 && level[w] == usize::MAX {
                    level[w] = level[v] + 1;
                    queue.push_back(w);
                }
            }
        }
        (level[sink] != usize::MAX).then_some(level)
    }

    /// One augmenting path in the level graph, iteratively (the graph can be deep).
    fn push(&mut self, source: usize, sink: usize, limit: u64, level: &[usize], next: &mut [usize]) -> u64 {
        let mut path: Vec<usize> = Vec::new();
        let mut v = source;
        loop {
            if v == sink {
                let amount = path.iter().map(|&arc| self.residual[arc]).min().unwrap_or(0).min(limit);
                for &arc in &path {
                    self.residual[arc] -= amount;
                    self.residual[arc ^ 1] += amount;
                }
                return amount;
            }
            let mut advanced = false;
            while next[v] < self.head[v].len() {
                let arc = self.head[v][next[v]];
                let w = self.to[arc];
                if self.residual[arc] > 0 && level[w] == level[v] + 1 {
                    path.push(arc);
                    v = w;
                    advanced = true;
                    break;
                }
                next[v] += 1;
            }
            if !advanced {
                // Dead end: retreat and never try this arc again in this phase.
                let Some(arc) = path.pop() else { return 0 };
                v = self.to[arc ^ 1];
                next[v] += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    #[test]
    fn nobody_gets_more_meetings_than_slots_and_must_meets_win() {
        // v1 wants four meetings but the event has two slots; u3's meeting is a must-meet.
        let ids = ["v1", "u1", "u2", "u3", "u4"];
        let pairs = [("v1", "u1"), ("v1", "u2"), ("v1", "u3"), ("v1", "u4")];
        let mut event = instance(&ids, &pairs, 2, 4);
        event.meetings[2].must_meet = true;
        let problem = Problem::from_instance(&event).unwrap();
        let left = problem.bipartition().unwrap();
        let chosen = largest_schedulable_set(&problem, &left);
        assert_eq!(chosen.len(), 2);
        assert!(chosen.contains(&2));
    }

    #[test]
    fn the_table_capacity_caps_the_total() {
        let ids = ["v1", "v2", "v3", "u1", "u2", "u3"];
        let pairs = [("v1", "u1"), ("v2", "u2"), ("v3", "u3")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 1, 2)).unwrap();
        let chosen = largest_schedulable_set(&problem, &problem.bipartition().unwrap());
        assert_eq!(chosen, vec![0, 1]);
    }

    #[test]
    fn a_reroute_finds_the_maximum_where_first_fit_would_not() {
        // v1–u1 first would block both v2 (only u1) and u2 (only v1); the flow reroutes.
        let ids = ["v1", "v2", "u1", "u2"];
        let pairs = [("v1", "u1"), ("v2", "u1"), ("v1", "u2")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 1, 5)).unwrap();
        let chosen = largest_schedulable_set(&problem, &problem.bipartition().unwrap());
        assert_eq!(chosen, vec![1, 2]);
    }
}
