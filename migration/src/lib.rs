//! Database migrations of colapla: one file a migration, never edited once landed.
//!
//! The same migrations build the same schema on SQLite and PostgreSQL: they use sea-query's
//! schema builders only, never backend-specific SQL. Every migration runs in a transaction on
//! both backends and its `down` drops exactly what its `up` created, so the whole chain goes up
//! from an empty database and back down to one. `docs/data-model.md` describes every table.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_reference_tables;
mod m20261128_000002_reference_data;
mod m20261128_000003_identity;
mod m20261128_000004_catalog;
mod m20261128_000005_matching;
mod m20261128_000006_rooms;
mod m20261128_000007_events;
mod m20261128_000008_mail_and_audit;
mod m20261128_000009_sign_in;
mod m20261128_000010_match_lifecycle;
mod m20261128_000013_event_flow;

/// Runs colapla's migrations in order: `Migrator::up(&db, None)` brings a database up to date.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_reference_tables::Migration),
            Box::new(m20261128_000002_reference_data::Migration),
            Box::new(m20261128_000003_identity::Migration),
            Box::new(m20261128_000004_catalog::Migration),
            Box::new(m20261128_000005_matching::Migration),
            Box::new(m20261128_000006_rooms::Migration),
            Box::new(m20261128_000007_events::Migration),
            Box::new(m20261128_000008_mail_and_audit::Migration),
            Box::new(m20261128_000009_sign_in::Migration),
            Box::new(m20261128_000010_match_lifecycle::Migration),
            Box::new(m20261128_000013_event_flow::Migration),
        ]
    }
}
