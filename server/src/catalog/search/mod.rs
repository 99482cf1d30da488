//! Catalog search and comparison over an in-memory index of published products.
//!
//! - [`index`]: the pure index (postings of tokeniser terms, filters, sorting, reasons).
//! - [`query`]: parsing and bounding a search from the query string.
//! - [`reasons`]: why a product fits, as data, rendered in the reader's language.
//! - [`load`]: reading products from the database in batches; [`service`]: the shared index,
//!   refreshed from `updated_at` changes on a timer.
//! - [`results`]: what the page and API show of a hit; [`compare`]: the comparison page.

pub mod compare;
pub mod index;
pub mod load;
pub mod query;
pub mod reasons;
pub mod results;
pub mod service;

pub use service::SearchService;

#[cfg(test)]
mod tests;
