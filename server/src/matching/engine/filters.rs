//! The hard filters: a pair that fails one is never matched, whatever its score would be.
//!
//! 1. the product holds a current green or blue verification on `today`;
//! 2. it is in a category the need asked for or one of its worries points at;
//! 3. it serves the need's prefecture (or the whole country);
//! 4. it is meant for the need's company size;
//! 5. it costs no more than the budget: initial cost and the monthly cost for the need's devices.

use chrono::NaiveDate;

use super::features::{NeedFeatures, ProductFeatures, Summary};
use crate::catalog::verification_status::RecordDates;

/// The record a match stands on: among the current green and blue records, blue before green,
/// then the most recently verified, then the one valid longest.
pub(crate) fn standing_record(records: impl Iterator<Item = RecordDates>, today: NaiveDate) -> Option<RecordDates> {
    records.filter(|r| r.is_current(today)).max_by_key(|r| (r.level, r.verified_on, r.valid_until))
}

pub(crate) fn shares_category(need: &NeedFeatures, product: &Summary) -> bool {
    need.wanted & product.categories != 0
}

pub(crate) fn serves_prefecture(need: &NeedFeatures, product: &Summary) -> bool {
    need.prefecture_bit & product.served != 0
}

pub(crate) fn fits_size(need: &NeedFeatures, product: &Summary) -> bool {
    need.band_bit() & product.bands != 0
}

/// The monthly cost for the need's devices, when both costs are within budget.
pub(crate) fn monthly_cost_within_budget(need: &NeedFeatures, product: &Summary) -> Option<i64> {
    let monthly = product.pricing.monthly_for(need.devices);
    (product.pricing.initial_yen <= need.budget_initial_yen && monthly <= need.budget_monthly_yen).then_some(monthly)
}

/// What a pair that passes every filter hands to the scorer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Admitted {
    pub record: RecordDates,
    pub monthly_cost_yen: i64,
    /// Published adoption cases in the need's industry.
    pub adoption_cases: u32,
}

/// All five filters, cheapest first: bit tests, prices, then the dated records. `full` gives the
/// product's complete lists, read only when the summary does not hold them all.
pub(crate) fn admit<'a>(
    need: &NeedFeatures,
    summary: &Summary,
    full: impl Fn() -> Option<&'a ProductFeatures>,
    today: NaiveDate,
) -> Option<Admitted> {
    if !(shares_category(need, summary) && serves_prefecture(need, summary) && fits_size(need, summary)) {
        return None;
    }
    let monthly_cost_yen = monthly_cost_within_budget(need, summary)?;
    let record = if summary.more_records {
        standing_record(full()?.records.iter().copied(), today)
    } else {
        standing_record(summary.records.iter().flatten().copied(), today)
    }?;
    let adoption_cases = match &need.industry {
        None => 0,
        Some((industry, _)) if summary.more_adoption => {
            full()?.adoption.iter().find(|(i, _)| i == industry).map_or(0, |(_, cases)| *cases)
        }
        Some((industry, _)) => summary
            .adoption
            .iter()
            .flatten()
            .find(|(i, _)| u32::from(*i) == *industry)
            .map_or(0, |(_, cases)| u32::from(*cases)),
    };
    Some(Admitted { record, monthly_cost_yen, adoption_cases })
}

/// [`admit`] for a product at hand.
pub(crate) fn admit_product(need: &NeedFeatures, product: &ProductFeatures, today: NaiveDate) -> Option<Admitted> {
    admit(need, &product.summary, || Some(product), today)
}
