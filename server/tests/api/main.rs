//! colapla's integration tests: one binary (so it links once), one module a capability. Each test
//! starts the real application on a random port with its own fresh database: a new SQLite file by
//! default, or a fresh PostgreSQL database when TEST_DATABASE_URL points at a server.

mod browser;
mod cli;
mod health;
mod helpers;
mod pages;
mod problems;
mod products_api;
