//! Schema tests: the migrations up and down on SQLite and PostgreSQL, and the entities against
//! the schema they build. Every test runs once a backend, each on a fresh database.
//!
//! PostgreSQL is reached at `TEST_DATABASE_URL` (e.g. `postgres://postgres@127.0.0.1:5432/test`);
//! each test creates its own database there and drops it at the end. Without it the PostgreSQL
//! half is skipped with a message; `.ci/run` runs the suite again with it set.

mod constraints;
mod entity_columns;
mod fixture;
mod migrate;
mod reference_data;
mod rows;
mod support;
