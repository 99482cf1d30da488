//! Property tests on random events: the hard rules always hold, and without unavailability the
//! bipartite schedule is optimal. Case counts are modest so the suite stays quick in debug builds.

use proptest::prelude::*;

use super::model::{Instance, Meeting, Participant, Side, Slots, UnplacedReason};
use super::{move_meeting, schedule, swap_meetings, validate};

/// Vendors `v0…`, user companies `u0…`, meetings `m0…` between them (each side picked by index),
/// and for each participant the slots they are away.
fn event(
    vendors: usize,
    companies: usize,
    pairs: &[(usize, usize, bool)],
    away: &[Vec<usize>],
    slots: usize,
    tables: usize,
) -> Instance {
    let participants = (0..vendors)
        .map(|i| (format!("v{i}"), Side::Vendor))
        .chain((0..companies).map(|i| (format!("u{i}"), Side::UserCompany)))
        .enumerate()
        .map(|(p, (id, side))| {
            let mut unavailable_slots = away.get(p).cloned().unwrap_or_default();
            unavailable_slots.sort_unstable();
            unavailable_slots.dedup();
            Participant { id, side, unavailable_slots }
        })
        .collect();
    let meetings = pairs
        .iter()
        .enumerate()
        .map(|(i, &(v, u, must_meet))| Meeting {
            id: format!("m{i}"),
            a: format!("v{v}"),
            b: format!("u{u}"),
            must_meet,
        })
        .collect();
    Instance { participants, meetings, slots: Slots::Count(slots), tables }
}

/// A random bipartite event of up to 40 participants; `away_share` of each participant's slots
/// (at most) are unavailable.
fn bipartite_event(max_away: usize) -> impl Strategy<Value = Instance> {
    (1..=12usize, 1..=28usize, 1..=14usize, 1..=8usize).prop_flat_map(move |(vendors, companies, slots, tables)| {
        let pairs = prop::collection::vec((0..vendors, 0..companies, prop::bool::weighted(0.2)), 0..=70);
        let away = prop::collection::vec(prop::collection::vec(0..slots, 0..=max_away.min(slots)), vendors + companies);
        (pairs, away).prop_map(move |(pairs, away)| event(vendors, companies, &pairs, &away, slots, tables))
    })
}

/// A random event where anyone may meet anyone, so odd cycles occur.
fn any_event() -> impl Strategy<Value = Instance> {
    (2..=20usize, 1..=12usize, 1..=6usize).prop_flat_map(|(people, slots, tables)| {
        let pairs = prop::collection::vec((0..people, 0..people, prop::bool::weighted(0.2)), 0..=50);
        let away = prop::collection::vec(prop::collection::vec(0..slots, 0..=2), people);
        (pairs, away).prop_map(move |(pairs, away)| {
            let pairs: Vec<(usize, usize, bool)> = pairs.into_iter().filter(|(a, b, _)| a != b).collect();
            let mut instance = event(people, 0, &[], &away, slots, tables);
            instance.meetings = pairs
                .iter()
                .enumerate()
                .map(|(i, &(a, b, must_meet))| Meeting {
                    id: format!("m{i}"),
                    a: format!("v{a}"),
                    b: format!("v{b}"),
                    must_meet,
                })
                .collect();
            instance
        })
    })
}

fn lower_bound(instance: &Instance) -> usize {
    let mut degree = std::collections::HashMap::new();
    for m in &instance.meetings {
        *degree.entry(&m.a).or_insert(0) += 1;
        *degree.entry(&m.b).or_insert(0) += 1;
    }
    let by_tables = instance.meetings.len().div_ceil(instance.tables);
    degree.into_values().max().unwrap_or(0).max(by_tables)
}

/// The result is internally consistent: every meeting once, counts right, reasons true.
fn assert_consistent(instance: &Instance) -> Result<(), TestCaseError> {
    let result = schedule(instance).expect("generated events are valid");
    prop_assert_eq!(validate(instance, &result), vec![]);
    let mut seen: Vec<&str> = result.assignments.iter().map(|a| a.meeting.as_str()).collect();
    seen.extend(result.unplaced.iter().map(|u| u.meeting.as_str()));
    seen.sort_unstable();
    let mut all: Vec<&str> = instance.meetings.iter().map(|m| m.id.as_str()).collect();
    all.sort_unstable();
    prop_assert_eq!(seen, all);
    prop_assert_eq!(result.meetings_placed, result.assignments.len());
    let mut used: Vec<usize> = result.assignments.iter().map(|a| a.slot).collect();
    used.sort_unstable();
    used.dedup();
    prop_assert_eq!(result.slots_used, used.len());
    prop_assert!(result.unplaced.is_empty() || !result.optimal);
    let away = |id: &str, slot: usize| {
        instance.participants.iter().find(|p| p.id == id).is_some_and(|p| p.unavailable_slots.contains(&slot))
    };
    for unplaced in &result.unplaced {
        let meeting = instance.meetings.iter().find(|m| m.id == unplaced.meeting).unwrap();
        let common = (0..instance.slots.count()).any(|s| !away(&meeting.a, s) && !away(&meeting.b, s));
        prop_assert_eq!(common, unplaced.reason != UnplacedReason::NoCommonFreeSlot, "{:?}", unplaced);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn bipartite_events_without_unavailability_keep_the_rules(instance in bipartite_event(0)) {
        assert_consistent(&instance)?;
    }

    #[test]
    fn bipartite_events_with_unavailability_keep_the_rules(instance in bipartite_event(5)) {
        assert_consistent(&instance)?;
    }

    #[test]
    fn events_with_odd_cycles_keep_the_rules(instance in any_event()) {
        assert_consistent(&instance)?;
    }

    #[test]
    fn with_enough_slots_the_bipartite_schedule_is_optimal(mut instance in bipartite_event(0), extra in 0..4usize) {
        let bound = lower_bound(&instance);
        instance.slots = Slots::Count(bound.max(1) + extra);
        let result = schedule(&instance).unwrap();
        prop_assert_eq!(result.lower_bound, bound);
        prop_assert_eq!(result.meetings_placed, instance.meetings.len());
        prop_assert_eq!(result.slots_used, bound);
        prop_assert!(result.optimal);
        prop_assert_eq!(validate(&instance, &result), vec![]);
    }

    #[test]
    fn unavailability_outside_enough_slots_keeps_the_schedule_optimal(
        mut instance in bipartite_event(0), extra in 0..3usize, away in prop::collection::vec(any::<bool>(), 40)
    ) {
        // The first bound + extra slots are free for everyone; some participants miss the last two.
        let free = lower_bound(&instance).max(1) + extra;
        instance.slots = Slots::Count(free + 2);
        for (participant, away) in instance.participants.iter_mut().zip(away) {
            if away {
                participant.unavailable_slots = vec![free, free + 1];
            }
        }
        let result = schedule(&instance).unwrap();
        prop_assert_eq!(validate(&instance, &result), vec![]);
        prop_assert!(result.optimal, "{} slots for a bound of {}", result.slots_used, result.lower_bound);
    }

    #[test]
    fn the_same_event_gives_the_same_schedule(instance in bipartite_event(3)) {
        prop_assert_eq!(schedule(&instance).unwrap(), schedule(&instance).unwrap());
    }

    #[test]
    fn edits_are_all_or_nothing(instance in bipartite_event(3), pick in any::<prop::sample::Index>(),
                                other in any::<prop::sample::Index>(), slot in 0..14usize, table in 0..8usize) {
        prop_assume!(!instance.meetings.is_empty());
        let before = schedule(&instance).unwrap();
        let meeting = &instance.meetings[pick.index(instance.meetings.len())].id;
        match move_meeting(&instance, &before, meeting, slot, table) {
            Ok(after) => {
                prop_assert_eq!(validate(&instance, &after), vec![]);
                prop_assert!(after.assignments.iter().any(|a| &a.meeting == meeting && a.slot == slot && a.table == table));
            }
            Err(violations) => prop_assert!(!violations.is_empty()),
        }
        let second = &instance.meetings[other.index(instance.meetings.len())].id;
        match swap_meetings(&instance, &before, meeting, second) {
            Ok(after) => prop_assert_eq!(validate(&instance, &after), vec![]),
            Err(violations) => prop_assert!(!violations.is_empty()),
        }
    }
}
