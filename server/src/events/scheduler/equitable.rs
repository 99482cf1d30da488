//! de Werra's balancing: any proper k-colouring of a bipartite graph can be made *equitable*, every
//! colour class holding ⌊m/k⌋ or ⌈m/k⌉ meetings, without adding colours. Classes become slots, so
//! with k ≥ ⌈m/T⌉ no slot needs more than T tables.
//!
//! While the largest class α exceeds the smallest β by two or more, look at the subgraph of the
//! meetings coloured α or β. Each participant has at most one of each, so its components are paths
//! and even cycles, in which the colours alternate. α has more meetings than β, so some component
//! is a path with one more α than β: swapping α and β along it moves one meeting from α to β and
//! keeps the colouring proper (the path's ends lack the colour they receive).

use super::colouring::EdgeColouring;
use super::problem::Problem;

/// Balances the classes of `colouring` (which colours exactly the meetings `chosen`).
pub fn make_equitable(problem: &Problem, colouring: &mut EdgeColouring, chosen: &[usize]) {
    let k = colouring.k;
    if k < 2 {
        return;
    }
    let mut sizes = colouring.class_sizes();
    loop {
        let largest = (0..k).max_by_key(|&c| (sizes[c], std::cmp::Reverse(c))).expect("k ≥ 2");
        let smallest = (0..k).min_by_key(|&c| (sizes[c], c)).expect("k ≥ 2");
        if sizes[largest] <= sizes[smallest] + 1 {
            return;
        }
        balance_pair(problem, colouring, chosen, largest, smallest, &mut sizes);
    }
}

/// Moves meetings from class `alpha` to class `beta` one path at a time until the two differ by
/// at most one.
fn balance_pair(
    problem: &Problem,
    colouring: &mut EdgeColouring,
    chosen: &[usize],
    alpha: usize,
    beta: usize,
    sizes: &mut [usize],
) {
    let alpha_meetings: Vec<usize> = chosen.iter().copied().filter(|&e| colouring.colour(e) == Some(alpha)).collect();
    let mut seen = vec![false; problem.edges.len()];
    for e in alpha_meetings {
        if sizes[alpha] <= sizes[beta] + 1 {
            return;
        }
        if seen[e] {
            continue;
        }
        let component = component_of(problem, colouring, e, alpha, beta);
        let alphas = component.iter().filter(|&&f| colouring.colour(f) == Some(alpha)).count();
        for &f in &component {
            seen[f] = true;
        }
        if alphas > component.len() - alphas {
            colouring.swap_colours(problem, &component, alpha, beta);
            sizes[alpha] -= 1;
            sizes[beta] += 1;
        }
    }
    debug_assert!(sizes[alpha] <= sizes[beta] + 1, "a class larger by two always has an alpha-heavy path");
}

/// The component of the alpha/beta subgraph that contains alpha meeting `e`: a path or a cycle,
/// listed from one end to the other.
fn component_of(problem: &Problem, colouring: &EdgeColouring, e: usize, alpha: usize, beta: usize) -> Vec<usize> {
    let edge = problem.edges[e];
    // Walk away from `e` through each of its ends; the next meeting there must be beta.
    let walk = |from: usize| -> (Vec<usize>, bool) {
        let (mut v, mut c, mut path) = (from, beta, Vec::new());
        while let Some(f) = colouring.meeting(v, c) {
            if f == e {
                return (path, true); // back at the start: an even cycle
            }
            path.push(f);
            v = problem.edges[f].other(v);
            c = if c == alpha { beta } else { alpha };
        }
        (path, false)
    };
    let (ahead, cycle) = walk(edge.b);
    if cycle {
        let mut component = vec![e];
        component.extend(ahead);
        return component;
    }
    let (behind, _) = walk(edge.a);
    let mut component: Vec<usize> = behind.into_iter().rev().collect();
    component.push(e);
    component.extend(ahead);
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::scheduler::problem::tests::instance;

    #[test]
    fn a_lopsided_colouring_becomes_balanced() {
        // A perfect matching of six meetings: König puts them all in colour 0.
        let ids = ["v1", "v2", "v3", "v4", "v5", "v6", "u1", "u2", "u3", "u4", "u5", "u6"];
        let pairs = [("v1", "u1"), ("v2", "u2"), ("v3", "u3"), ("v4", "u4"), ("v5", "u5"), ("v6", "u6")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 4, 2)).unwrap();
        let all: Vec<usize> = (0..6).collect();
        let mut colouring = EdgeColouring::konig(&problem, &all, 4);
        assert_eq!(colouring.class_sizes(), vec![6, 0, 0, 0]);
        make_equitable(&problem, &mut colouring, &all);
        let mut sizes = colouring.class_sizes();
        sizes.sort_unstable();
        assert_eq!(sizes, vec![1, 1, 2, 2]);
    }

    #[test]
    fn balancing_swaps_whole_paths_and_stays_proper() {
        // v1 meets u1, u2, u3; v2 meets u1, u2. With k = 4 the classes must end at 2, 1, 1, 1.
        let ids = ["v1", "v2", "u1", "u2", "u3"];
        let pairs = [("v1", "u1"), ("v1", "u2"), ("v1", "u3"), ("v2", "u1"), ("v2", "u2")];
        let problem = Problem::from_instance(&instance(&ids, &pairs, 4, 2)).unwrap();
        let all: Vec<usize> = (0..5).collect();
        let mut colouring = EdgeColouring::konig(&problem, &all, 4);
        make_equitable(&problem, &mut colouring, &all);
        let sizes = colouring.class_sizes();
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "{sizes:?}");
        for v in 0..problem.participants {
            let mut colours: Vec<usize> = (0..problem.edges.len())
                .filter(|&e| problem.edges[e].a == v || problem.edges[e].b == v)
                .map(|e| colouring.colour(e).unwrap())
                .collect();
            let before = colours.len();
            colours.sort_unstable();
            colours.dedup();
            assert_eq!(colours.len(), before, "participant {v} is double-booked");
        }
    }
}
