//! Why a pair matched, as data: each reason carries the facts the UI needs to say it in Japanese
//! or English, and the points it added. The points of a match's reasons add up to its score.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::facts::{Category, SizeBand, Worry, level_code};
use super::features::{NeedFeatures, ProductFeatures, TERM_ID_MASK, multiplier};
use super::filters::Admitted;
use super::score::{self, Parts};
use crate::catalog::verification_status::Level;

/// At most this many of the need's words are listed in a [`Reason::KeywordMatch`].
pub const MAX_LISTED_TERMS: usize = 12;

/// One reason a product and a need were matched. Serialised with a `kind` tag, e.g.
/// `{"kind":"budget_fit","monthly_cost_yen":8000,…,"points":4200}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The current verification the match stands on (blue before green, then the most recent).
    Verified {
        #[serde(with = "level_code")]
        level: Level,
        verified_on: NaiveDate,
        valid_until: NaiveDate,
        points: i64,
    },
    /// The categories the pair shares, and the need's worries the product addresses.
    CategoryMatch { categories: Vec<Category>, worries: Vec<Worry>, points: i64 },
    /// Words of the need found in the product's description or strong points: `terms` in the
    /// need's own spelling, `concepts` as synonym-table codes (ransomware, telework, …).
    KeywordMatch { terms: Vec<String>, concepts: Vec<String>, points: i64 },
    /// Both costs are within budget; points for the headroom left.
    BudgetFit {
        initial_cost_yen: i64,
        budget_initial_yen: i64,
        monthly_cost_yen: i64,
        budget_monthly_yen: i64,
        devices: i64,
        points: i64,
    },
    /// The product names the need's prefecture.
    ServesPrefecture { prefecture: u8, points: i64 },
    /// The product serves the whole country.
    Nationwide { points: i64 },
    /// The need's company size is one the product is meant for (`named` false: it fits every size).
    SizeFit { band: SizeBand, employees: u32, named: bool, points: i64 },
    /// The prices are within the Otasuketai caps.
    OtasuketaiCaps { points: i64 },
    /// Published adoption cases in the need's industry.
    AdoptionInIndustry { industry: String, cases: u32, points: i64 },
    /// Ease of introduction and of operation, 1–5, as evaluated.
    EasyToIntroduce { ease_of_introduction: Option<u8>, ease_of_operation: Option<u8>, points: i64 },
}

impl Reason {
    pub fn points(&self) -> i64 {
        match self {
            Reason::Verified { points, .. }
            | Reason::CategoryMatch { points, .. }
            | Reason::KeywordMatch { points, .. }
            | Reason::BudgetFit { points, .. }
            | Reason::ServesPrefecture { points, .. }
            | Reason::Nationwide { points }
            | Reason::SizeFit { points, .. }
            | Reason::OtasuketaiCaps { points }
            | Reason::AdoptionInIndustry { points, .. }
            | Reason::EasyToIntroduce { points, .. } => *points,
        }
    }
}

/// The weighted overlap of the need's terms with the product's, and the matched term ids, by a
/// merge of the two sorted lists. The hot path computes the same sum with a dense array.
pub(crate) fn text_overlap(need: &NeedFeatures, product: &ProductFeatures) -> (u32, Vec<u32>) {
    let mut overlap = 0;
    let mut matched = Vec::new();
    let product_terms: Vec<u32> = product.terms.iter().collect();
    let (mut i, mut j) = (0, 0);
    while i < need.terms.len() && j < product_terms.len() {
        let (term, weight) = need.terms[i];
        let entry = product_terms[j];
        match term.cmp(&(entry & TERM_ID_MASK)) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                overlap += u32::from(weight) * multiplier(entry);
                matched.push(term);
                i += 1;
                j += 1;
            }
        }
    }
    (overlap, matched)
}

/// The need's words (runs of its text) that the product covers: a word when at least half of its
/// bigrams were found, in the order the need wrote them.
fn matched_surfaces(need: &NeedFeatures, matched: &[u32]) -> Vec<String> {
    need.runs
        .iter()
        .filter(|run| {
            let found = run.terms.iter().filter(|t| matched.binary_search(t).is_ok()).count();
            found > 0 && found * 2 >= run.terms.len()
        })
        .take(MAX_LISTED_TERMS)
        .map(|run| run.surface.to_string())
        .collect()
}

/// The score and reasons of an admitted pair. The score is the sum of the reasons' points.
pub(crate) fn explain(
    need: &NeedFeatures,
    product: &ProductFeatures,
    admitted: &Admitted,
    today: NaiveDate,
) -> (i64, Vec<Reason>) {
    let (overlap, matched) = text_overlap(need, product);
    let parts: Parts = score::parts(need, &product.summary, admitted, overlap, today);
    let mut reasons = vec![Reason::Verified {
        level: admitted.record.level,
        verified_on: admitted.record.verified_on,
        valid_until: admitted.record.valid_until,
        points: parts.verification,
    }];

    let shared = need.wanted & product.summary.categories;
    reasons.push(Reason::CategoryMatch {
        categories: Category::ALL.iter().copied().filter(|c| c.bit() & shared != 0).collect(),
        worries: need
            .worries
            .iter()
            .filter(|(_, mask)| mask & product.summary.categories != 0)
            .map(|(w, _)| *w)
            .collect(),
        points: parts.category,
    });

    if !matched.is_empty() {
        let concepts =
            need.concepts.iter().filter(|(id, _)| matched.binary_search(id).is_ok()).map(|(_, c)| (*c).to_owned());
        reasons.push(Reason::KeywordMatch {
            terms: matched_surfaces(need, &matched),
            concepts: concepts.collect(),
            points: parts.text,
        });
    }

    reasons.push(Reason::BudgetFit {
        initial_cost_yen: product.summary.pricing.initial_yen,
        budget_initial_yen: need.budget_initial_yen,
        monthly_cost_yen: admitted.monthly_cost_yen,
        budget_monthly_yen: need.budget_monthly_yen,
        devices: need.devices,
        points: parts.budget,
    });

    reasons.push(if score::is_local(need, &product.summary) {
        Reason::ServesPrefecture { prefecture: need.prefecture, points: parts.place }
    } else {
        Reason::Nationwide { points: parts.place }
    });

    reasons.push(Reason::SizeFit {
        band: need.band,
        employees: need.employees,
        named: product.summary.names_bands,
        points: parts.size,
    });

    let cases = admitted.adoption_cases;
    if let (Some((_, industry)), true) = (&need.industry, cases > 0) {
        reasons.push(Reason::AdoptionInIndustry { industry: industry.clone(), cases, points: parts.adoption });
    }
    if parts.ease > 0 {
        reasons.push(Reason::EasyToIntroduce {
            ease_of_introduction: product.summary.ease_of_introduction,
            ease_of_operation: product.summary.ease_of_operation,
            points: parts.ease,
        });
    }
    if parts.otasuketai > 0 {
        reasons.push(Reason::OtasuketaiCaps { points: parts.otasuketai });
    }
    (parts.total(), reasons)
}
