//! König's theorem, constructively: the meetings of a bipartite graph whose busiest participant has
//! Δ meetings can be coloured with any k ≥ Δ colours so that no participant has two meetings of one
//! colour. A colour is a slot-to-be.
//!
//! Meetings are coloured one at a time. For meeting (u, v) take a colour α missing at u and β
//! missing at v. If α is also missing at v, use it. Otherwise walk from v the path whose meetings
//! alternate α, β, α, …, and swap α and β along it: v loses its α meeting and the colouring stays
//! proper. The path cannot reach u: in a bipartite graph it would arrive at u's side over an α
//! meeting, and u has none. Now α is missing at both, so (u, v) takes α. Each meeting costs
//! O(k + V), the whole colouring O(E·(k + V)).

use super::problem::Problem;

const NONE: u32 = u32::MAX;

/// A proper colouring of the meetings with `k` colours (`0..k`).
#[derive(Debug, Clone)]
pub struct EdgeColouring {
    pub k: usize,
    /// Colour of each meeting.
    colour: Vec<u32>,
    /// `at[v * k + c]`: the meeting of participant `v` with colour `c`.
    at: Vec<u32>,
}

impl EdgeColouring {
    /// Colours the meetings `chosen` (all others stay uncoloured) with `k` colours.
    ///
    /// The graph must be bipartite and no participant may have more than `k` chosen meetings.
    pub fn konig(problem: &Problem, chosen: &[usize], k: usize) -> Self {
        let mut colouring =
            Self { k, colour: vec![NONE; problem.edges.len()], at: vec![NONE; problem.participants * k] };
        for &e in chosen {
            let edge = problem.edges[e];
            let (u, v) = (edge.a, edge.b);
            let alpha = colouring.missing_colour(u).expect("k is at least the degree of u");
            if colouring.meeting(v, alpha).is_some() {
                let beta = colouring.missing_colour(v).expect("k is at least the degree of v");
                colouring.swap_along_path(problem, v, alpha, beta);
            }
            colouring.set(problem, e, alpha);
        }
        colouring
    }

    pub fn colour(&self, e: usize) -> Option<usize> {
        let c = self.colour[e];
        (c != NONE).then_some(c as usize)
    }

    /// The meeting of participant `v` coloured `c`.
    pub fn meeting(&self, v: usize, c: usize) -> Option<usize> {
        let e = self.at[v * self.k + c];
        (e != NONE).then_some(e as usize)
    }

    /// The number of meetings of each colour.
    pub fn class_sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.k];
        for &c in &self.colour {
            if c != NONE {
                sizes[c as usize] += 1;
            }
        }
        sizes
    }

    fn missing_colour(&self, v: usize) -> Option<usize> {
        (0..self.k).find(|&c| self.meeting(v, c).is_none())
    }

    fn set(&mut self, problem: &Problem, e: usize, c: usize) {
        let edge = problem.edges[e];
        self.colour[e] = c as u32;
        self.at[edge.a * self.k + c] = e as u32;
        self.at[edge.b * self.k + c] = e as u32;
    }

    fn unset(&mut self, problem: &Problem, e: usize) {
        let edge = problem.edges[e];
        let c = self.colour[e] as usize;
        self.colour[e] = NONE;
        self.at[edge.a * self.k + c] = NONE;
        self.at[edge.b * self.k + c] = NONE;
    }

    /// The maximal path from `start` whose meetings alternate `first`, `second`, `first`, ….
    /// In a bipartite graph such a path never closes into a cycle, since `start` lacks one of
    /// the two colours whenever it is called on a path end.
    pub fn alternating_path(&self, problem: &Problem, start: usize, first: usize, second: usize) -> Vec<usize> {
        let mut path = Vec::new();
        let (mut v, mut c) = (start, first);
        while let Some(e) = self.meeting(v, c) {
            if path.first() == Some(&e) {
                break; // a cycle through `start`: only possible when `start` has both colours
            }
            path.push(e);
            v = problem.edges[e].other(v);
            c = if c == first { second } else { first };
        }
        path
    }

    /// Swaps colours `alpha` and `beta` along the alternating path that starts at `start` with its
    /// `alpha` meeting. The colouring stays proper because the path is a whole component of the
    /// subgraph of those two colours.
    pub fn swap_along_path(&mut self, problem: &Problem, start: usize, alpha: usize, beta: usize) {
        let path = self.alternating_path(problem, start, alpha, beta);
        self.swap_colours(problem, &path, alpha, beta);
    }

    /// Swaps `alpha` and `beta` on `meetings`, which must be a whole component of the subgraph of
    /// those two colours (a path or an even cycle), so the result is proper again.
    pub fn swap_colours(&mut self, problem: &Problem, meetings: &[usize], alpha: usize, beta: usize) {
        let before: Vec<usize> = meetings.iter().map(|&e| self.colour[e] as usize).collect();
        for &e in meetings {
            self.unset(problem, e);
        }
        for (&e, &c) in meetings.iter().zip(&before) {
            self.set(problem, e, if c == alpha { beta } else { alpha });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    fn assert_proper(problem: &Problem, colouring: &EdgeColouring) {
        for v in 0..problem.participants {
            let mut seen = vec![false; colouring.k];
            for (e, edge) in problem.edges.iter().enumerate() {
                if edge.a == v || edge.b == v {
                    let c = colouring.colour(e).expect("every meeting is coloured");
                    assert!(!seen[c], "participant {v} has two meetings of colour {c}");
                    seen[c] = true;
                }
            }
        }
    }

    #[test]
    fn a_complete_bipartite_graph_needs_only_its_degree() {
        let ids = ["v1", "v2", "v3", "u1", "u2", "u3"];
        let mut pairs = Vec::new();
        for v in &ids[..3] {
            for u in &ids[3..] {
                pairs.push((*v, *u));
            }
        }
        let problem = Problem::from_instance(&instance(&ids, &pairs, 3, 3)).unwrap();
        let all: Vec<usize> = (0..problem.edges.len()).collect();
        let colouring = EdgeColouring::konig(&problem, &all, 3);
        assert_proper(&problem, &colouring);
        assert_eq!(colouring.class_sizes(), vec![3, 3, 3]);
    }

    #[test]
    fn recolouring_along_a_path_is_needed_and_works() {
        // First-fit would give v2–u1 colour 1 after v1–u1 took 0 and v2–u2 took 0, then v1–u2
        // finds 0 taken at v1 and 1 free there but 0 taken at u2: the path swap resolves it.
        let ids = ["v1", "v2", "u1", "u2"];
        let pairs = [("v1", "u1"), ("v2", "u2"), ("v2", "u1"), ("v1", "u2")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 2, 2)).unwrap();
        let colouring = EdgeColouring::konig(&problem, &[0, 1, 2, 3], 2);
        assert_proper(&problem, &colouring);
    }

    #[test]
    fn parallel_meetings_get_different_colours() {
        let problem = Problem::from_instance(&instance(&["v1", "u1"], &[("v1", "u1"), ("u1", "v1")], 2, 2)).unwrap();
        let colouring = EdgeColouring::konig(&problem, &[0, 1], 2);
        assert_ne!(colouring.colour(0), colouring.colour(1));
    }
}
