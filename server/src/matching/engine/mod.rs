//! The matching engine, pure: no web framework, no database, no clock. It pairs needs with
//! products that hold a current green (緑検証) or blue (青検証) verification on the `today` it is
//! given, and says why.
//!
//! - [`facts`]: the input types (serde), built by the server from its rows or read as JSON.
//! - [`filters`]: the hard filters (verification, category, region, size, budget).
//! - [`score`]: the integer score and its named weights; [`reasons`]: the score as data.
//! - [`text`]: the tokeniser for Japanese and English with a small synonym table;
//!   [`worries`]: what each worry means in categories.
//! - [`index`]: [`MatchIndex`], incremental, with posting lists; [`batch`]: `colapla rank`.
//!
//! docs/matching.md describes the design, the JSON format and the benchmark.

pub mod batch;
pub mod facts;
mod features;
pub mod filters;
pub mod index;
pub mod reasons;
pub mod score;
pub mod text;
pub mod worries;

#[cfg(test)]
mod tests;

pub use batch::{RankBy, RankReport, RankRequest, rank, rank_json};
pub use facts::{
    Category, InvalidFacts, NeedFacts, NeedId, PriceList, ProductFacts, ProductId, SizeBand, VerificationFacts, Worry,
    level_from_code,
};
pub use index::{MatchIndex, RankedNeed, RankedProduct};
pub use reasons::Reason;
