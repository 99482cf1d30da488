//! The database connection and migrations. SQLite is the embedded default; PostgreSQL is used
//! the same way through the same entities and migrations.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};
use secrecy::ExposeSecret;

use crate::config::{Config, DatabaseKind};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("cannot connect to the database ({url}): {source}")]
    Connect { url: String, source: DbErr },
    #[error("migrations failed: {0}")]
    Migrate(DbErr),
}

pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbError> {
    let url = config.database_url.expose_secret();
    if config.database_kind == DatabaseKind::Sqlite {
        ensure_sqlite_dir(url)?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(config.database_max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options)
        .await
        .map_err(|source| DbError::Connect { url: crate::config::redact_url(url), source: redact_err(source, url) })?;
    if config.database_kind == DatabaseKind::Sqlite {
        // WAL lets readers work while a writer commits; foreign keys are off by default in SQLite.
        for pragma in [
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
        ] {
            db.execute_unprepared(pragma)
                .await
                .map_err(|source| DbError::Connect { url: crate::config::redact_url(url), source })?;
        }
    }
    Ok(db)
}

/// Driver errors can quote the URL; never let a password through.
fn redact_err(err: DbErr, url: &str) -> DbErr {
    let text = err.to_string();
    match url::Url::parse(url).ok().and_then(|u| u.password().map(str::to_owned)) {
        Some(password) if !password.is_empty() && text.contains(&password) => {
            DbErr::Custom(text.replace(&password, "***"))
        }
        _ => err,
    }
}

fn ensure_sqlite_dir(url: &str) -> Result<(), DbError> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|source| DbError::DataDir { path: parent.display().to_string(), source })?;
    }
    Ok(())
}

pub async fn migrate_up(db: &DatabaseConnection) -> Result<(), DbError> {
    Migrator::up(db, None).await.map_err(DbError::Migrate)
}
