//! The score of an admitted pair: a sum of integer parts, each explainable by one reason. Integer
//! fixed point (`i64`, about 1,000 per "point") so that equal pairs tie exactly and the order
//! never depends on float rounding.
//!
//! Every part depends only on the pair and `today`, never on the rest of the catalogue (no IDF,
//! no normalisation over all products). That is what lets the index update one product's matches
//! without rescoring every other pair.

use chrono::NaiveDate;

use super::features::{NeedFeatures, Summary};
use super::filters::Admitted;
use super::text::TermKind;
use crate::catalog::verification_status::Level;

// --- text relevance -----------------------------------------------------------------------------

/// The most text relevance can give: every word of the need found in the strong points. Text is
/// the largest part because the need's own words say most about what the firm wants.
pub const TEXT_MAX: i64 = 40_000;
/// A domain concept (ランサムウェア/ransomware, WAF, 脆弱性, …) weighs most: it is the topic.
pub const CONCEPT_TERM_WEIGHT: u8 = 4;
/// A whole English word says more than a Japanese bigram, which is only part of a word.
pub const WORD_TERM_WEIGHT: u8 = 2;
/// A kanji or katakana bigram.
pub const GRAM_TERM_WEIGHT: u8 = 1;
/// A term found in the strong points counts this many times: they are what the verification found.
pub const STRONG_POINT_MULTIPLIER: u32 = 2;

// --- categories -----------------------------------------------------------------------------------

/// The product is in a category the firm asked for by name.
pub const ASKED_CATEGORY: i64 = 10_000;
/// For each worry whose categories the product is in: a product addressing two worries beats one
/// addressing one.
pub const PER_WORRY_ADDRESSED: i64 = 4_000;

// --- budget headroom ------------------------------------------------------------------------------

/// Full monthly budget unused; the share of the budget left over earns its share of this. Running
/// cost weighs more than initial cost because it is paid every month.
pub const MONTHLY_HEADROOM_MAX: i64 = 7_000;
/// Full initial budget unused, likewise.
pub const INITIAL_HEADROOM_MAX: i64 = 3_000;

// --- verification ---------------------------------------------------------------------------------

/// A current blue result: the product was trialled in a real user environment.
pub const VERIFIED_BLUE: i64 = 12_000;
/// A current green result: effectiveness verified in a verification environment.
pub const VERIFIED_GREEN: i64 = 8_000;
/// A result verified today; it falls linearly to nothing over [`RECENCY_DAYS`], since a recent
/// check says more about today's version of the product.
pub const RECENCY_MAX: i64 = 3_000;
pub const RECENCY_DAYS: i64 = 730;

// --- adoption cases, small-firm friendliness, place and size -----------------------------------------

/// A published adoption case in the need's industry: firms trust what their peers use.
pub const ADOPTION_FIRST_CASE: i64 = 6_000;
/// Each further case in that industry, up to [`ADOPTION_MORE_CASES_COUNTED`] of them.
pub const ADOPTION_MORE_CASE: i64 = 1_000;
pub const ADOPTION_MORE_CASES_COUNTED: i64 = 3;
/// For each step above 1 of ease of introduction and of ease of operation (1–5): small firms
/// choose by these, having no security staff.
pub const EASE_PER_STEP: i64 = 1_000;
/// Prices within the Otasuketai caps: affordable for a small firm by the service standard.
pub const OTASUKETAI_CAPS: i64 = 3_000;
/// The product names the need's prefecture rather than serving it as one of 47: someone nearby.
pub const LOCAL_SERVICE: i64 = 2_000;
/// The product names the need's size band rather than fitting every size by default.
pub const SIZE_NAMED: i64 = 1_000;

/// How much one distinct term of the need weighs.
pub fn term_weight(kind: TermKind) -> u8 {
    match kind {
        TermKind::Concept => CONCEPT_TERM_WEIGHT,
        TermKind::Word => WORD_TERM_WEIGHT,
        TermKind::Gram => GRAM_TERM_WEIGHT,
    }
}

/// The parts of one pair's score; [`Parts::total`] is the score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Parts {
    pub text: i64,
    pub category: i64,
    pub budget: i64,
    pub verification: i64,
    pub adoption: i64,
    pub ease: i64,
    pub otasuketai: i64,
    pub place: i64,
    pub size: i64,
}

impl Parts {
    pub fn total(&self) -> i64 {
        self.text
            + self.category
            + self.budget
            + self.verification
            + self.adoption
            + self.ease
            + self.otasuketai
            + self.place
            + self.size
    }
}

/// `max × part / whole`, for a part within `0..=whole`, rounded down; `max` when `whole` is zero.
fn share(max: i64, part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return max;
    }
    let scaled = i128::from(max) * i128::from(part.clamp(0, whole)) / i128::from(whole);
    i64::try_from(scaled).unwrap_or(max)
}

pub(crate) fn text_points(need: &NeedFeatures, overlap: u32) -> i64 {
    if need.text_ceiling == 0 {
        return 0; // a need without words: nothing to be relevant to
    }
    share(TEXT_MAX, i64::from(overlap), i64::from(need.text_ceiling))
}

pub(crate) fn category_points(need: &NeedFeatures, product: &Summary) -> i64 {
    let asked = if need.asked & product.categories != 0 { ASKED_CATEGORY } else { 0 };
    let worries = need.worries.iter().filter(|(_, mask)| mask & product.categories != 0).count() as i64;
    asked + PER_WORRY_ADDRESSED * worries
}

pub(crate) fn budget_points(need: &NeedFeatures, product: &Summary, monthly_cost_yen: i64) -> i64 {
    let monthly_left = need.budget_monthly_yen - monthly_cost_yen;
    let initial_left = need.budget_initial_yen - product.pricing.initial_yen;
    share(MONTHLY_HEADROOM_MAX, monthly_left, need.budget_monthly_yen)
        + share(INITIAL_HEADROOM_MAX, initial_left, need.budget_initial_yen)
}

pub(crate) fn verification_points(admitted: &Admitted, today: NaiveDate) -> i64 {
    let level = if admitted.record.level == Level::Blue { VERIFIED_BLUE } else { VERIFIED_GREEN };
    let age = (today - admitted.record.verified_on).num_days();
    level + share(RECENCY_MAX, RECENCY_DAYS - age, RECENCY_DAYS)
}

pub(crate) fn adoption_points(cases: u32) -> i64 {
    if cases == 0 {
        return 0;
    }
    ADOPTION_FIRST_CASE + ADOPTION_MORE_CASE * (i64::from(cases) - 1).min(ADOPTION_MORE_CASES_COUNTED)
}

pub(crate) fn ease_points(product: &Summary) -> i64 {
    let steps = |ease: Option<u8>| ease.map_or(0, |e| i64::from(e.clamp(1, 5)) - 1);
    EASE_PER_STEP * (steps(product.ease_of_introduction) + steps(product.ease_of_operation))
}

pub(crate) fn is_local(need: &NeedFeatures, product: &Summary) -> bool {
    need.prefecture_bit & product.named_prefectures != 0
}

/// Every part of an admitted pair's score; `overlap` is the weighted text overlap.
pub(crate) fn parts(
    need: &NeedFeatures,
    product: &Summary,
    admitted: &Admitted,
    overlap: u32,
    today: NaiveDate,
) -> Parts {
    Parts {
        text: text_points(need, overlap),
        category: category_points(need, product),
        budget: budget_points(need, product, admitted.monthly_cost_yen),
        verification: verification_points(admitted, today),
        adoption: adoption_points(admitted.adoption_cases),
        ease: ease_points(product),
        otasuketai: if product.meets_otasuketai_caps { OTASUKETAI_CAPS } else { 0 },
        place: if is_local(need, product) { LOCAL_SERVICE } else { 0 },
        size: if product.names_bands { SIZE_NAMED } else { 0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_down_and_stay_in_range() {
        assert_eq!(share(7_000, 50, 100), 3_500);
        assert_eq!(share(7_000, 1, 3), 2_333);
        assert_eq!(share(7_000, 200, 100), 7_000, "clamped above");
        assert_eq!(share(7_000, -5, 100), 0, "clamped below");
        assert_eq!(share(7_000, 0, 0), 7_000, "a zero budget fully used by a free product");
        assert_eq!(share(7_000, i64::MAX, i64::MAX), 7_000, "no overflow");
    }

    #[test]
    fn adoption_counts_a_few_cases() {
        assert_eq!(adoption_points(0), 0);
        assert_eq!(adoption_points(1), ADOPTION_FIRST_CASE);
        assert_eq!(adoption_points(2), ADOPTION_FIRST_CASE + ADOPTION_MORE_CASE);
        assert_eq!(adoption_points(50), ADOPTION_FIRST_CASE + 3 * ADOPTION_MORE_CASE);
    }
}
