//! The scheduler scenario: a large generated matching event, scheduled by colapla's scheduler and,
//! as the baseline in the same run, by naive greedy first-fit (each meeting, in request order, into
//! the first slot where both participants are free and available and a table is free). Both are run
//! with no unavailability and with every participant away in 20% of the slots. Reports the median
//! time, slots used against the lower bound, and meetings placed.

use std::time::{Duration, Instant};

use colapla::events::scheduler::{Instance, Meeting, Participant, Side, Slots, schedule, validate};

use crate::report::{Latencies, ms, print_table};

const VENDORS: usize = 500;
const USER_COMPANIES: usize = 1_500;
const REQUESTS: usize = 10_000;
/// Two days of thirty 15-minute slots.
const SLOTS: usize = 60;
const TABLES: usize = 220;
/// A vendor accepts at most this many requests (two thirds of the slots), so tables, not one busy
/// vendor, set the lower bound: max(Δ = 40, ⌈10,000 / 220⌉ = 46) = 46.
const VENDOR_CAPACITY: usize = 40;
/// One request in ten is a must-meet.
const MUST_MEET_ONE_IN: u64 = 10;

#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {
    /// Runs of each scheduler; the time reported is their median.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=50))]
    runs: u64,
    /// Seed of the generated event, so the figures can be reproduced.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

pub fn run(args: ScheduleArgs) -> Result<(), String> {
    let mut rows = Vec::new();
    for (label, away_share) in [("none", 0.0), ("20% of slots", 0.2)] {
        let event = generate(args.seed, away_share);
        let (ours, time) = timed(args.runs, || schedule(&event).map_err(|e| e.to_string()))?;
        let violations = validate(&event, &ours);
        if !violations.is_empty() {
            return Err(format!("the scheduler broke {} rules, first: {}", violations.len(), violations[0]));
        }
        rows.push(vec![
            label.to_owned(),
            format!("colapla ({})", ours.method.name()),
            ms(time),
            ours.slots_used.to_string(),
            ours.lower_bound.to_string(),
            format!("{} / {}", ours.meetings_placed, ours.meetings_total),
            format!("{} / {}", ours.must_meets_placed, ours.must_meets_total),
        ]);
        let (greedy, time) = timed(args.runs, || Ok(first_fit(&event)))?;
        rows.push(vec![
            label.to_owned(),
            "greedy first-fit".to_owned(),
            ms(time),
            greedy.slots_used.to_string(),
            ours.lower_bound.to_string(),
            format!("{} / {}", greedy.placed, ours.meetings_total),
            format!("{} / {}", greedy.must_placed, ours.must_meets_total),
        ]);
    }
    eprintln!(
        "{VENDORS} vendors, {USER_COMPANIES} user companies, {REQUESTS} accepted requests, {SLOTS} slots, \
         {TABLES} tables, seed {}; time is the median of {} runs",
        args.seed, args.runs
    );
    print_table(
        &[
            "unavailability",
            "scheduler",
            "time ms",
            "slots used",
            "lower bound",
            "meetings placed",
            "must-meets placed",
        ],
        &rows,
    );
    Ok(())
}

/// Runs `work` `runs` times; its last result and the median time.
fn timed<T>(runs: u64, mut work: impl FnMut() -> Result<T, String>) -> Result<(T, Duration), String> {
    let mut samples = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        last = Some(work()?);
        samples.push(started.elapsed());
    }
    let result = last.ok_or("no run")?;
    Ok((result, Latencies::new(samples).quantile(0.5)))
}

/// A reproducible event: each request pairs a vendor (popular ones more often: the smaller of two
/// uniform draws; a vendor at capacity accepts no more) with a uniformly drawn user company, no pair
/// twice; each participant is away in `away_share` of the slots, drawn uniformly. Requests and
/// absences come from separate streams, so every `away_share` gives the same requests.
fn generate(seed: u64, away_share: f64) -> Instance {
    let mut random = SplitMix64(seed ^ 0xA5A5_A5A5_A5A5_A5A5);
    let away_count = (SLOTS as f64 * away_share).round() as usize;
    let participants = (0..VENDORS + USER_COMPANIES)
        .map(|i| {
            let (id, side) = if i < VENDORS {
                (format!("vendor-{i}"), Side::Vendor)
            } else {
                (format!("company-{}", i - VENDORS), Side::UserCompany)
            };
            let mut slots: Vec<usize> = (0..SLOTS).collect();
            for j in 0..away_count {
                let k = j + random.below(SLOTS - j);
                slots.swap(j, k);
            }
            let mut unavailable_slots = slots[..away_count].to_vec();
            unavailable_slots.sort_unstable();
            Participant { id, side, unavailable_slots }
        })
        .collect();
    let mut random = SplitMix64(seed);
    let mut requested = std::collections::HashSet::new();
    let mut accepted = vec![0; VENDORS];
    let mut meetings = Vec::with_capacity(REQUESTS);
    while meetings.len() < REQUESTS {
        let vendor = random.below(VENDORS).min(random.below(VENDORS));
        let company = random.below(USER_COMPANIES);
        if accepted[vendor] < VENDOR_CAPACITY && requested.insert((vendor, company)) {
            accepted[vendor] += 1;
            meetings.push(Meeting {
                id: format!("request-{}", meetings.len()),
                a: format!("vendor-{vendor}"),
                b: format!("company-{company}"),
                must_meet: random.next().is_multiple_of(MUST_MEET_ONE_IN),
            });
        }
    }
    Instance { participants, meetings, slots: Slots::Count(SLOTS), tables: TABLES }
}

#[derive(Debug)]
struct FirstFit {
    slots_used: usize,
    placed: usize,
    must_placed: usize,
}

/// The baseline: each meeting in request order into the first slot that takes it.
fn first_fit(event: &Instance) -> FirstFit {
    let slots = event.slots.count();
    let index: std::collections::HashMap<&str, usize> =
        event.participants.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut busy = vec![false; event.participants.len() * slots];
    for (i, participant) in event.participants.iter().enumerate() {
        for &slot in &participant.unavailable_slots {
            busy[i * slots + slot] = true;
        }
    }
    let mut load = vec![0; slots];
    let (mut placed, mut must_placed) = (0, 0);
    for meeting in &event.meetings {
        let (a, b) = (index[meeting.a.as_str()], index[meeting.b.as_str()]);
        let first = (0..slots).find(|&s| !busy[a * slots + s] && !busy[b * slots + s] && load[s] < event.tables);
        if let Some(slot) = first {
            busy[a * slots + slot] = true;
            busy[b * slots + slot] = true;
            load[slot] += 1;
            placed += 1;
            must_placed += usize::from(meeting.must_meet);
        }
    }
    FirstFit { slots_used: load.iter().filter(|&&l| l > 0).count(), placed, must_placed }
}

/// SplitMix64: a tiny, well-mixed generator, so the event is the same on every machine.
#[derive(Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_is_reproducible_and_as_large_as_promised() {
        let (first, second) = (generate(7, 0.2), generate(7, 0.2));
        assert_eq!(first, second);
        assert_eq!(generate(7, 0.0).meetings, first.meetings, "absences do not change the requests");
        assert_eq!((first.participants.len(), first.meetings.len()), (2_000, 10_000));
        assert!(first.participants.iter().all(|p| p.unavailable_slots.len() == 12));
        let busiest = first.meetings.iter().filter(|m| m.a == "vendor-0").count();
        assert_eq!(busiest, VENDOR_CAPACITY, "the most requested vendor is at capacity");
    }

    #[test]
    fn first_fit_respects_tables_and_people() {
        let event = Instance {
            participants: ["v", "a", "b"]
                .iter()
                .map(|id| Participant { id: (*id).to_owned(), side: Side::Vendor, unavailable_slots: vec![] })
                .collect(),
            meetings: vec![
                Meeting { id: "1".into(), a: "v".into(), b: "a".into(), must_meet: false },
                Meeting { id: "2".into(), a: "v".into(), b: "b".into(), must_meet: true },
            ],
            slots: Slots::Count(1),
            tables: 5,
        };
        let result = first_fit(&event);
        assert_eq!((result.slots_used, result.placed, result.must_placed), (1, 1, 0));
    }
}
