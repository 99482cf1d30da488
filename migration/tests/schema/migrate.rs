//! The migrations go up from empty and down to empty, one step at a time, on both backends.

use migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::DatabaseConnection;

use crate::support::{indexes, on_both_backends, tables};

/// Every table of data model v1, plus the migrator's own.
const TABLES: &[&str] = &[
    "agenda_item",
    "app_user",
    "audit_log",
    "case_study",
    "category",
    "company_size_band",
    "event_participant",
    "event_preference",
    "event_slot",
    "identity_link",
    "industry",
    "invitation",
    "mail_preference",
    "match_transition",
    "matching_event",
    "meeting",
    "meeting_request",
    "membership",
    "need",
    "need_category",
    "need_match",
    "oauth_flow",
    "organisation",
    "outbox",
    "participant_unavailability",
    "prefecture",
    "product",
    "product_category",
    "product_history",
    "product_region",
    "product_size_band",
    "region",
    "room_event",
    "seaql_migrations",
    "session_registration",
    "sign_in_token",
    "verification",
    "web_session",
    "wg_session",
    "working_group",
    "working_group_member",
];

on_both_backends!(up_and_down_step_by_step);

async fn up_and_down_step_by_step(db: &DatabaseConnection) {
    let steps = u32::try_from(Migrator::migrations().len()).expect("few migrations");

    Migrator::up(db, None).await.expect("up");
    assert_eq!(tables(db).await, TABLES);
    let indexes_when_up = indexes(db).await;
    assert!(Migrator::get_pending_migrations(db).await.expect("status").is_empty());

    for _ in 0..steps {
        Migrator::down(db, Some(1)).await.expect("one step down");
    }
    assert_eq!(tables(db).await, ["seaql_migrations"]);
    let left: Vec<String> =
        indexes(db).await.into_iter().filter(|index| !index.starts_with("seaql_migrations.")).collect();
    assert!(left.is_empty(), "indexes left after down: {left:?}");
    assert!(Migrator::get_applied_migrations(db).await.expect("status").is_empty());

    for _ in 0..steps {
        Migrator::up(db, Some(1)).await.expect("one step up");
    }
    assert_eq!(tables(db).await, TABLES);
    assert_eq!(indexes(db).await, indexes_when_up);

    Migrator::down(db, None).await.expect("all down");
    assert_eq!(tables(db).await, ["seaql_migrations"]);
}

/// Migration names are what the migrator records in `seaql_migrations`: they must never change.
#[test]
fn names_are_stable() {
    let names: Vec<String> = Migrator::migrations().iter().map(|migration| migration.name().to_owned()).collect();
    assert_eq!(
        names,
        [
            "m20261128_000001_reference_tables",
            "m20261128_000002_reference_data",
            "m20261128_000003_identity",
            "m20261128_000004_catalog",
            "m20261128_000005_matching",
            "m20261128_000006_rooms",
            "m20261128_000007_events",
            "m20261128_000008_mail_and_audit",
            "m20261128_000009_sign_in",
            "m20261128_000010_match_lifecycle",
            "m20261128_000013_event_flow",
        ]
    );
}
