//! A fresh database a test, on either backend, and a macro that runs a test on both.

use migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use tempfile::TempDir;

/// The PostgreSQL server to test against, as for the rest of the workspace: `TEST_DATABASE_URL`.
fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|url| url.starts_with("postgres"))
}

/// Says plainly, past the test harness's output capture, that a PostgreSQL run was skipped. CI
/// runs the suite a second time with `TEST_DATABASE_URL` set, so the skip is never the last word.
fn skip_postgres(test: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED postgres::{test}: set TEST_DATABASE_URL=postgres://… to run it");
}

/// A database made for one test. Call [`TestDb::finish`] at the end to remove it.
pub struct TestDb {
    pub db: DatabaseConnection,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The SQLite file lives in this directory, removed on drop.
    Sqlite(#[allow(dead_code)] TempDir),
    /// The database `name` was created through the server at `admin_url`.
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = Database::connect(url).await.expect("open SQLite");
        Self { db, cleanup: Cleanup::Sqlite(dir) }
    }

    /// A fresh PostgreSQL database, or `None` (after saying so) without `TEST_DATABASE_URL`.
    pub async fn postgres(test: &str) -> Option<Self> {
        let Some(admin_url) = postgres_admin_url() else {
            skip_postgres(test);
            return None;
        };
        let name = format!("colapla_schema_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url).await.expect("connect to PostgreSQL at TEST_DATABASE_URL");
        admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
        admin.close().await.expect("close admin connection");
        let db = Database::connect(database_url(&admin_url, &name)).await.expect("connect to test database");
        Some(Self { db, cleanup: Cleanup::Postgres { admin_url, name } })
    }

    pub async fn finish(self) {
        self.db.close().await.expect("close test database");
        if let Cleanup::Postgres { admin_url, name } = self.cleanup {
            let admin = Database::connect(&admin_url).await.expect("connect admin");
            admin
                .execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
                .await
                .expect("drop test database");
            admin.close().await.expect("close admin connection");
        }
    }
}

/// The URL of database `name` on the server of `admin_url`, which must name a database
/// (`postgres://user@host:port/database`).
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let (server, _database) = base.rsplit_once('/').expect("TEST_DATABASE_URL names a database");
    format!("{server}/{name}{query}")
}

pub async fn migrate_up(db: &DatabaseConnection) {
    Migrator::up(db, None).await.expect("migrate up");
}

/// Runs a query that returns one text column and collects it, sorted.
pub async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    let mut out: Vec<String> = rows.iter().map(|row| row.try_get_by_index(0).expect("text column")).collect();
    out.sort();
    out
}

/// Tables of the database, sorted.
pub async fn tables(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        _ => "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
    };
    strings(db, sql).await
}

/// Indexes of the database as `table.index`, sorted (including those behind unique and
/// primary-key constraints).
pub async fn indexes(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => "SELECT tbl_name || '.' || name FROM sqlite_master WHERE type = 'index'",
        _ => "SELECT tablename || '.' || indexname FROM pg_indexes WHERE schemaname = 'public'",
    };
    strings(db, sql).await
}

/// Runs each named `async fn(&DatabaseConnection)` of the calling module once on a fresh
/// SQLite database and once on a fresh PostgreSQL database.
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    let test_db = $crate::support::TestDb::sqlite().await;
                    super::$test(&test_db.db).await;
                    test_db.finish().await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    let Some(test_db) = $crate::support::TestDb::postgres(stringify!($test)).await else { return };
                    super::$test(&test_db.db).await;
                    test_db.finish().await;
                }
            )*
        }
    };
}

pub(crate) use on_both_backends;
