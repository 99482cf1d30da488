//! The outbox's queries: claiming due mail under a lease, and recording how an attempt ended.
//!
//! A claim is one `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *`. On PostgreSQL the inner
//! select takes `FOR UPDATE SKIP LOCKED`, so workers on several instances pass over each other's
//! rows instead of claiming them twice or waiting; on SQLite (which ignores the lock clause) the
//! single statement is atomic because SQLite runs one writer at a time. Every later update names
//! the lease owner, so a worker whose lease ran out and was re-claimed cannot overwrite the new
//! owner's result.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entities::outbox::{self, OutboxState};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    UpdateMany,
};

/// Longest error text kept on a row.
const MAX_ERROR_CHARS: usize = 1000;

fn chrono_duration(duration: Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX)
}

/// Claims up to `limit` due rows for `owner` until `now + lease`: pending rows whose time has come,
/// and rows still `sending` whose lease expired (their worker died or stalled). Each claim counts
/// as an attempt. Returns the claimed rows, oldest due first.
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    owner: &str,
    lease: Duration,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<Vec<outbox::Model>, DbErr> {
    let mut claimed = claim_statement(owner, lease, limit, now).exec_with_returning(conn).await?;
    claimed.sort_by_key(|row| (row.next_attempt_at, row.id));
    Ok(claimed)
}

fn claim_statement(owner: &str, lease: Duration, limit: u32, now: DateTime<Utc>) -> UpdateMany<outbox::Entity> {
    let due = Condition::any()
        .add(outbox::Column::State.eq(OutboxState::Pending).and(outbox::Column::NextAttemptAt.lte(now)))
        .add(outbox::Column::State.eq(OutboxState::Sending).and(outbox::Column::LeaseUntil.lt(now)));
    let candidates = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(due)
        .order_by_asc(outbox::Column::NextAttemptAt)
        .order_by_asc(outbox::Column::Id)
        .limit(u64::from(limit))
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .into_query();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(OutboxState::Sending))
        .col_expr(outbox::Column::LeaseOwner, Expr::value(owner))
        .col_expr(outbox::Column::LeaseUntil, Expr::value(now + chrono_duration(lease)))
        .col_expr(outbox::Column::Attempts, Expr::col(outbox::Column::Attempts).add(1))
        .filter(outbox::Column::Id.in_subquery(candidates))
}

/// Only rows this worker still holds.
fn held_by(id: i64, owner: &str) -> Condition {
    Condition::all()
        .add(outbox::Column::Id.eq(id))
        .add(outbox::Column::State.eq(OutboxState::Sending))
        .add(outbox::Column::LeaseOwner.eq(owner))
}

async fn finish<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    owner: &str,
    update: UpdateMany<outbox::Entity>,
) -> Result<bool, DbErr> {
    let result = update
        .col_expr(outbox::Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(outbox::Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(held_by(id, owner))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records a delivery. False when the lease was lost meanwhile (another worker re-claimed it).
pub async fn mark_sent<C: ConnectionTrait>(conn: &C, id: i64, owner: &str, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let update = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(OutboxState::Sent))
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(outbox::Column::LastError, Expr::value(Option::<String>::None));
    finish(conn, id, owner, update).await
}

/// Puts a mail back to wait until `at`, keeping the error for operators.
pub async fn retry_at<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    owner: &str,
    at: DateTime<Utc>,
    error: &str,
) -> Result<bool, DbErr> {
    let update = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(OutboxState::Pending))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(at))
        .col_expr(outbox::Column::LastError, Expr::value(clip(error)));
    finish(conn, id, owner, update).await
}

/// Gives up on a mail for good.
pub async fn mark_failed<C: ConnectionTrait>(conn: &C, id: i64, owner: &str, error: &str) -> Result<bool, DbErr> {
    let update = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(OutboxState::Failed))
        .col_expr(outbox::Column::LastError, Expr::value(clip(error)));
    finish(conn, id, owner, update).await
}

/// Hands back a claimed mail that was not tried (shutdown, or too little lease left), without
/// counting the claim as an attempt.
pub async fn release<C: ConnectionTrait>(conn: &C, id: i64, owner: &str) -> Result<bool, DbErr> {
    let update = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(OutboxState::Pending))
        .col_expr(outbox::Column::Attempts, Expr::col(outbox::Column::Attempts).sub(1));
    finish(conn, id, owner, update).await
}

fn clip(error: &str) -> String {
    match error.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &error[..cut]),
        None => error.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::DbBackend;

    use super::*;

    #[test]
    fn postgres_claims_skip_rows_locked_by_other_workers() {
        let sql = |backend| claim_statement("w1", Duration::from_secs(60), 20, Utc::now()).build(backend).to_string();
        let postgres = sql(DbBackend::Postgres);
        let inner = postgres.split_once("IN (SELECT").map(|(_, inner)| inner).unwrap_or_default();
        assert!(inner.contains("LIMIT 20 FOR UPDATE SKIP LOCKED)"), "{postgres}");
        assert!(postgres.contains(r#""attempts" = "attempts" + 1"#), "{postgres}");
        // SQLite has no row locks; its single UPDATE is atomic anyway.
        let sqlite = sql(DbBackend::Sqlite);
        assert!(sqlite.contains("LIMIT 20") && !sqlite.contains("FOR UPDATE"), "{sqlite}");
    }

    #[test]
    fn long_errors_are_clipped_on_a_character_boundary() {
        let long = "é".repeat(MAX_ERROR_CHARS + 5);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), MAX_ERROR_CHARS + 1);
        assert!(clipped.ends_with('…'));
        assert_eq!(clip("short"), "short");
    }
}
