//! Verification results (緑/青/赤/開発段階検証) written by verifiers and the organiser — never by
//! the product's own vendor: recording, amending and withdrawing, each with a reason where it
//! changes history, and each audited. The badge lapses by itself: `verification_status` computes
//! it from the dates, so no job expires records.

pub mod api;
pub mod form;
pub mod guard;
pub mod pages;
pub mod store;
pub mod view;
