//! The match funnel, pure: how many matches REACHED each step, from the states each match was ever
//! in (its `match_transition` rows and its current state) and whether a case study of it was
//! published. A match that reached a later step also reached every earlier one, so a match moved
//! straight from `interested` to `meeting` still counts as introduced; declined and expired add no
//! step but keep the steps reached before. Filters narrow the matches first.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::catalog::verification_status::Level;

/// The funnel's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Proposed,
    Interested,
    Introduced,
    Meeting,
    Trial,
    Adopted,
    CasePublished,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Proposed,
        Step::Interested,
        Step::Introduced,
        Step::Meeting,
        Step::Trial,
        Step::Adopted,
        Step::CasePublished,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Proposed => "proposed",
            Step::Interested => "interested",
            Step::Introduced => "introduced",
            Step::Meeting => "meeting",
            Step::Trial => "trial",
            Step::Adopted => "adopted",
            Step::CasePublished => "case_published",
        }
    }

    /// The step a match state stands for; `None` for declined and expired (ends, not steps).
    pub fn of_state(state: &str) -> Option<Step> {
        Some(match state {
            "proposed" => Step::Proposed,
            "interested" => Step::Interested,
            "introduced" => Step::Introduced,
            "meeting" => Step::Meeting,
            "trial" => Step::Trial,
            "adopted" => Step::Adopted,
            _ => return None,
        })
    }
}

/// What the funnel needs to know about one match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchHistory {
    pub created_at: DateTime<Utc>,
    /// The product's category codes.
    pub categories: Vec<String>,
    /// The need's prefecture (JIS code).
    pub prefecture: i16,
    /// The product's current verification level, if any.
    pub level: Option<Level>,
    /// Every state the match was in (`to_state` of its transitions, and its current state), as codes.
    pub states: Vec<String>,
    /// A case study of this match is published.
    pub case_published: bool,
}

impl MatchHistory {
    /// The furthest step the match reached.
    pub fn furthest(&self) -> Step {
        let reached = self.states.iter().filter_map(|s| Step::of_state(s)).max().unwrap_or(Step::Proposed);
        if self.case_published { Step::CasePublished } else { reached }
    }
}

/// Which matches count. Dates are inclusive, on the match's creation day (UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub category: Option<String>,
    pub prefecture: Option<i16>,
    #[schema(value_type = Option<String>)]
    pub level: Option<Level>,
}

impl Filter {
    pub fn keeps(&self, m: &MatchHistory) -> bool {
        let day = m.created_at.date_naive();
        self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
            && self.category.as_ref().is_none_or(|c| m.categories.iter().any(|mc| mc == c))
            && self.prefecture.is_none_or(|p| m.prefecture == p)
            && self.level.is_none_or(|l| m.level == Some(l))
    }
}

/// One step's count and the conversion from the step before, in percent (one decimal).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StepCount {
    pub step: Step,
    pub count: u64,
    /// `None` for the first step and when the step before counted nothing.
    pub conversion_pct: Option<f64>,
}

/// Counts the steps reached by the matches the filter keeps.
pub fn count(matches: &[MatchHistory], filter: &Filter) -> Vec<StepCount> {
    let mut counts = [0u64; Step::ALL.len()];
    for m in matches.iter().filter(|m| filter.keeps(m)) {
        let furthest = m.furthest();
        for (i, step) in Step::ALL.iter().enumerate() {
            if *step <= furthest {
                counts[i] += 1;
            }
        }
    }
    Step::ALL
        .iter()
        .enumerate()
        .map(|(i, step)| StepCount { step: *step, count: counts[i], conversion_pct: conversion(counts, i) })
        .collect()
}

fn conversion(counts: [u64; 7], i: usize) -> Option<f64> {
    let before = *counts.get(i.checked_sub(1)?)?;
    (before > 0).then(|| (counts[i] as f64 * 1000.0 / before as f64).round() / 10.0)
}

/// Matches the filter keeps, by category (a match counts once in each of its product's categories).
pub fn by_category(matches: &[MatchHistory], filter: &Filter) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for m in matches.iter().filter(|m| filter.keeps(m)) {
        for c in &m.categories {
            *out.entry(c.clone()).or_insert(0) += 1;
        }
    }
    out
}

/// Matches the filter keeps, by the need's prefecture.
pub fn by_prefecture(matches: &[MatchHistory], filter: &Filter) -> BTreeMap<i16, u64> {
    let mut out = BTreeMap::new();
    for m in matches.iter().filter(|m| filter.keeps(m)) {
        *out.entry(m.prefecture).or_insert(0) += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn history(day: u32, states: &[&str], case_published: bool) -> MatchHistory {
        MatchHistory {
            created_at: Utc.with_ymd_and_hms(2026, 4, day, 3, 0, 0).unwrap(),
            categories: vec!["utm".to_owned()],
            prefecture: 21,
            level: Some(Level::Green),
            states: states.iter().map(|s| (*s).to_owned()).collect(),
            case_published,
        }
    }

    fn counts(steps: &[StepCount]) -> Vec<u64> {
        steps.iter().map(|s| s.count).collect()
    }

    #[test]
    fn every_match_counts_for_each_step_it_reached_even_when_it_ended_later() {
        let matches = vec![
            history(1, &["proposed"], false),
            history(1, &["proposed", "interested", "declined"], false),
            history(2, &["proposed", "interested", "introduced", "meeting", "expired"], false),
            history(3, &["proposed", "interested", "introduced", "meeting", "trial", "adopted"], true),
        ];
        let steps = count(&matches, &Filter::default());
        assert_eq!(counts(&steps), vec![4, 3, 2, 2, 1, 1, 1]);
        assert_eq!(steps[0].conversion_pct, None);
        assert_eq!(steps[1].conversion_pct, Some(75.0));
        assert_eq!(steps[2].conversion_pct, Some(66.7));
        assert_eq!(steps[4].conversion_pct, Some(50.0));
    }

    #[test]
    fn a_skipped_step_is_implied_by_a_later_one() {
        let matches = vec![history(1, &["proposed", "meeting"], false)];
        assert_eq!(counts(&count(&matches, &Filter::default())), vec![1, 1, 1, 1, 0, 0, 0]);
    }

    #[test]
    fn conversion_after_an_empty_step_is_none() {
        let steps = count(&[history(1, &["proposed"], false)], &Filter::default());
        assert_eq!(steps[1].conversion_pct, Some(0.0));
        assert_eq!(steps[2].conversion_pct, None);
    }

    #[test]
    fn filters_narrow_by_period_category_prefecture_and_level() {
        let mut osaka = history(10, &["proposed", "interested"], false);
        osaka.prefecture = 27;
        osaka.categories = vec!["edr".to_owned(), "utm".to_owned()];
        osaka.level = Some(Level::Blue);
        let matches = vec![history(1, &["proposed"], false), osaka];
        let period = Filter {
            from: NaiveDate::from_ymd_opt(2026, 4, 5),
            to: NaiveDate::from_ymd_opt(2026, 4, 10),
            ..Default::default()
        };
        assert_eq!(count(&matches, &period)[0].count, 1);
        let edr = Filter { category: Some("edr".to_owned()), ..Default::default() };
        assert_eq!(counts(&count(&matches, &edr))[..2], [1, 1]);
        let gifu = Filter { prefecture: Some(21), ..Default::default() };
        assert_eq!(count(&matches, &gifu)[1].count, 0);
        let blue = Filter { level: Some(Level::Blue), ..Default::default() };
        assert_eq!(count(&matches, &blue)[0].count, 1);
        assert_eq!(by_category(&matches, &Filter::default()).get("utm"), Some(&2));
        assert_eq!(by_prefecture(&matches, &Filter::default()).get(&27), Some(&1));
    }
}
