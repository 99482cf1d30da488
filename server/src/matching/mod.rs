//! Matching: pairing small firms' needs with products that hold a current green or blue
//! verification, with the reasons for each pair, and following each pair to an adoption.
//!
//! - [`engine`]: the pure engine (no database, no web framework), also behind `colapla rank`;
//! - [`service`]: the engine's index as the server keeps it, and the proposals it writes;
//! - [`lifecycle`]: the pure rules of a match's life; [`store`]: the writes and mail they cause;
//! - [`jobs`]: lead digests, reminders and expiry on timers;
//! - `api` and `pages`: `/api/v1/matches`, `/matches`.

mod api;
pub mod engine;
pub mod error;
pub mod jobs;
pub mod lifecycle;
mod pages;
pub mod reason_text;
pub mod service;
pub mod store;
mod view;

pub use api::ApiDocs;
pub use error::MatchError;
pub use service::MatchingService;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    api::routes(routes);
    pages::routes(routes);
}
