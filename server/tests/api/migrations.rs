use std::collections::{BTreeMap, BTreeSet};

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};

use crate::helpers::TestDatabase;

async fn tables(db: &DatabaseConnection) -> BTreeSet<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        _ => "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()",
    };
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get::<String>("", "t").unwrap())
        .collect()
}

async fn columns(db: &DatabaseConnection) -> BTreeMap<String, BTreeSet<String>> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
        _ => {
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()"
        }
    };
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap() {
        out.entry(row.try_get("", "t").unwrap()).or_default().insert(row.try_get("", "c").unwrap());
    }
    out
}

async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}")))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

#[tokio::test]
async fn migrations_go_up_from_empty_and_down_to_empty() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path()).await;
    let db = Database::connect(&database.url).await.unwrap();
    assert!(tables(&db).await.is_empty(), "starts empty");

    Migrator::up(&db, None).await.expect("up from empty");
    let created = tables(&db).await;
    for table in [
        "organisation",
        "app_user",
        "membership",
        "product",
        "verification",
        "need",
        "need_match",
        "matching_event",
        "event_slot",
        "meeting_request",
        "meeting",
        "working_group",
        "wg_session",
        "room_event",
        "outbox",
        "case_study",
        "audit_log",
        "prefecture",
        "category",
        "industry",
        "company_size_band",
    ] {
        assert!(created.contains(table), "{table} exists");
    }
    assert_eq!(count(&db, "prefecture").await, 47);
    assert_eq!(count(&db, "region").await, 8);
    assert!(count(&db, "category").await >= 17);

    Migrator::down(&db, None).await.expect("down to empty");
    let left: Vec<_> = tables(&db).await.into_iter().filter(|t| t != "seaql_migrations").collect();
    assert!(left.is_empty(), "down leaves nothing behind: {left:?}");

    Migrator::up(&db, None).await.expect("and up again");
    assert_eq!(count(&db, "prefecture").await, 47);
    db.close().await.unwrap();
}

/// With PostgreSQL available, the schema there has exactly the tables and columns of SQLite's.
#[tokio::test]
async fn schemas_are_identical_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path()).await;
    if !database.is_postgres() {
        crate::helpers::report_skip(
            "schemas_are_identical_on_both_backends",
            "TEST_DATABASE_URL is not a PostgreSQL URL; run with it set to compare the schemas",
        );
        return;
    }
    let pg = Database::connect(&database.url).await.unwrap();
    let sqlite = Database::connect(format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display())).await.unwrap();
    Migrator::up(&pg, None).await.unwrap();
    Migrator::up(&sqlite, None).await.unwrap();
    assert_eq!(columns(&pg).await, columns(&sqlite).await);
    pg.close().await.unwrap();
}
