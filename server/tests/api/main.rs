//! colapla's integration tests: one binary (so it links once), one module a capability. Each test
//! starts the real application on a random port with its own fresh database: a new SQLite file by
//! default, or a fresh PostgreSQL database when TEST_DATABASE_URL points at a server.

mod access_matrix;
mod browser;
mod catalog_products;
mod catalog_verifications;
mod cli;
mod console_browser;
mod console_case_studies;
mod console_exports;
mod console_funnel;
mod console_participation;
mod console_verifications;
mod events_flow;
mod events_pages;
mod events_support;
mod health;
mod helpers;
mod mail;
mod matching;
mod needs;
mod oauth;
mod oidc_provider;
mod organisations;
mod pages;
mod problems;
mod products_api;
mod rooms_sessions;
mod rooms_sessions_record;
mod rooms_sessions_support;
mod rooms_ws;
mod rooms_ws_abuse;
mod rooms_ws_browser;
mod rooms_ws_client;
mod rooms_ws_loss;
mod search;
mod sign_in;
