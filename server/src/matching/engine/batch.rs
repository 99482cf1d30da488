//! `colapla rank`: a whole matching run from one JSON document to another, so the engine can be
//! tried and checked without a database. The format is documented in docs/matching.md.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::facts::{InvalidFacts, NeedFacts, NeedId, ProductFacts, ProductId};
use super::index::{MatchIndex, RankedNeed, RankedProduct};

/// How many matches a need (or product) gets when the request does not say.
pub const DEFAULT_K: usize = 10;

fn default_k() -> usize {
    DEFAULT_K
}

/// The input: the day to match on, how many matches each, and the facts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankRequest {
    pub today: NaiveDate,
    #[serde(default = "default_k")]
    pub k: usize,
    #[serde(default)]
    pub products: Vec<ProductFacts>,
    #[serde(default)]
    pub needs: Vec<NeedFacts>,
}

/// Which side to rank for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    /// For each need, its best products.
    #[default]
    Need,
    /// For each product, its best needs.
    Product,
}

/// One need's ranked products.
#[derive(Debug, Clone, Serialize)]
pub struct NeedRanking {
    pub need_id: NeedId,
    pub products: Vec<RankedProduct>,
}

/// One product's ranked needs.
#[derive(Debug, Clone, Serialize)]
pub struct ProductRanking {
    pub product_id: ProductId,
    pub needs: Vec<RankedNeed>,
}

/// The output: the rankings of one side, in id order.
#[derive(Debug, Clone, Serialize)]
pub struct RankReport {
    pub today: NaiveDate,
    pub k: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<Vec<NeedRanking>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub products: Option<Vec<ProductRanking>>,
}

/// Checks the request (ranges, unique ids) and ranks it.
pub fn rank(request: &RankRequest, by: RankBy) -> Result<RankReport, InvalidFacts> {
    for product in &request.products {
        product.validate()?;
    }
    for need in &request.needs {
        need.validate()?;
    }
    if let Some(id) = first_duplicate(request.products.iter().map(|p| &p.id.0)) {
        return Err(InvalidFacts(format!("product id {id:?} appears more than once")));
    }
    if let Some(id) = first_duplicate(request.needs.iter().map(|n| &n.id.0)) {
        return Err(InvalidFacts(format!("need id {id:?} appears more than once")));
    }
    let index = MatchIndex::from_facts(&request.products, &request.needs);
    let (today, k) = (request.today, request.k);
    Ok(match by {
        RankBy::Need => RankReport {
            today,
            k,
            needs: Some(
                index
                    .rank_all_needs(k, today)
                    .into_iter()
                    .map(|(need_id, products)| NeedRanking { need_id, products })
                    .collect(),
            ),
            products: None,
        },
        RankBy::Product => RankReport {
            today,
            k,
            needs: None,
            products: Some(
                index
                    .rank_all_products(k, today)
                    .into_iter()
                    .map(|(product_id, needs)| ProductRanking { product_id, needs })
                    .collect(),
            ),
        },
    })
}

/// JSON in, pretty JSON out; the error is one line, fit for a command's stderr.
pub fn rank_json(input: &str, by: RankBy) -> Result<String, InvalidFacts> {
    let request: RankRequest =
        serde_json::from_str(input).map_err(|e| InvalidFacts(format!("the input is not a valid rank request: {e}")))?;
    let report = rank(&request, by)?;
    serde_json::to_string_pretty(&report).map_err(|e| InvalidFacts(format!("cannot write the report: {e}")))
}

fn first_duplicate<'a>(ids: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    let mut sorted: Vec<&String> = ids.collect();
    sorted.sort_unstable();
    sorted.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])
}
