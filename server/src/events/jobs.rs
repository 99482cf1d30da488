//! The events timer: every minute, expire requests left pending after booking closed, send the
//! reminders and surveys that are due, and mark ended meetings held. Every step is idempotent
//! (outbox idempotency keys, conditional updates), so a tick may run twice or late.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entities::matching_event::{self, MatchingEventStatus as Status};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{EventError, mails, store};
use crate::state::AppState;

/// How often the timer runs.
pub const TICK_EVERY: Duration = Duration::from_secs(60);
/// Events that ended longer ago than this get no more mail (the second survey is at ~90 days).
const FOLLOW_UP_DAYS: i64 = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickSummary {
    pub expired: u64,
    pub mails: usize,
    pub held: u64,
}

/// One pass over the events that may have something due at `now`.
pub async fn tick(db: &DatabaseConnection, base_url: &url::Url, now: DateTime<Utc>) -> Result<TickSummary, EventError> {
    let mut summary = TickSummary::default();
    let oldest = (now - chrono::Duration::days(FOLLOW_UP_DAYS)).date_naive();
    let events = matching_event::Entity::find()
        .filter(matching_event::Column::Status.is_in([
            Status::Booking,
            Status::Scheduling,
            Status::Published,
            Status::Closed,
        ]))
        .filter(matching_event::Column::EndsOn.gte(oldest))
        .all(db)
        .await?;
    for event in events {
        match event.status {
            Status::Booking | Status::Scheduling => summary.expired += store::expire_pending(db, &event, now).await?,
            _ => {
                // No surrounding transaction: each mail and update stands alone and is idempotent,
                // and a long read-then-write transaction would fight the mail worker on SQLite.
                let sent = mails::due(db, &event, base_url, now).await?;
                summary.mails += sent.mails;
                summary.held += sent.held;
            }
        }
    }
    Ok(summary)
}

/// Runs [`tick`] every [`TICK_EVERY`] for as long as the process lives.
pub fn spawn(state: &AppState) {
    let db = state.db.clone();
    let base_url = state.config.base_url.clone();
    drop(tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK_EVERY);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(err) = tick(&db, &base_url, Utc::now()).await {
                tracing::warn!(error = %err, "events timer");
            }
        }
    }));
}
