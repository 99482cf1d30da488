//! Product listings written by vendors: the form (pages and JSON API), drafts, publishing and
//! archiving, with every change in `product_history`. Reading the public catalog stays in
//! `catalog::pages`/`catalog::api`.
//!
//! Pure rules live in `form`, `fields` and `status`; storage in `store`; HTTP in `pages`/`api`,
//! all asking the policy through `guard`.

pub mod api;
mod body;
pub mod fields;
pub mod form;
pub mod guard;
pub mod pages;
pub mod status;
pub mod store;
pub mod view;

pub use body::{csrf_header, read_form, read_json};
