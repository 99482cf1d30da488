//! The reminder the day before: a timer task that looks, every few minutes, for sessions starting
//! within the next 24 hours and enqueues a reminder for each approved registrant. The outbox's
//! idempotency key (`session-reminder:<session>:<user>:<start>`) makes every pass after the first
//! a no-op, on one instance or many, so the task needs no state of its own.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use entities::session_registration::RegistrationStatus;
use entities::{app_user, session_registration, wg_session, working_group};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, TransactionTrait};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::mail::{SessionMail, send};
use super::registrations::store::role_code;

/// How far ahead a session gets its reminder.
pub const AHEAD: TimeDelta = TimeDelta::hours(24);
const INTERVAL: Duration = Duration::from_secs(300);

/// One pass at `now`: enqueues the reminders that are due; returns how many it tried to enqueue
/// (already-enqueued ones count too and write nothing).
pub async fn run_once(db: &DatabaseConnection, base_url: &url::Url, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let sessions = wg_session::Entity::find()
        .filter(wg_session::Column::Status.eq(wg_session::SessionStatus::Scheduled))
        .filter(wg_session::Column::StartsAt.gt(now))
        .filter(wg_session::Column::StartsAt.lte(now + AHEAD))
        .find_also_related(working_group::Entity)
        .all(db)
        .await?;
    let mut tried = 0;
    for (session, group) in sessions {
        let Some(group) = group else { continue };
        let registrants = session_registration::Entity::find()
            .filter(session_registration::Column::SessionId.eq(session.id))
            .filter(session_registration::Column::Status.eq(RegistrationStatus::Approved))
            .find_also_related(app_user::Entity)
            .all(db)
            .await?;
        // One transaction a session: its reminders are enqueued together or not at all.
        let txn = db.begin().await?;
        for (registration, user) in registrants {
            let Some(user) = user else { continue };
            let role = role_code(registration.role);
            if let Err(err) = send(&txn, base_url, SessionMail::Reminder, &session, &group, &user, role).await {
                tracing::warn!(session = %session.id, error = %err, "session reminder not enqueued");
                continue;
            }
            tried += 1;
        }
        txn.commit().await?;
    }
    Ok(tried)
}

/// The running reminder task.
#[derive(Debug)]
pub struct ReminderHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl ReminderHandle {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Runs [`run_once`] now and then every five minutes until stopped.
pub fn spawn(db: DatabaseConnection, base_url: url::Url) -> ReminderHandle {
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        loop {
            if let Err(err) = run_once(&db, &base_url, Utc::now()).await {
                tracing::warn!(error = %err, "session reminders: the database did not answer; trying again later");
            }
            tokio::select! {
                changed = stopped.changed() => if changed.is_err() || *stopped.borrow() { break },
                () = tokio::time::sleep(INTERVAL) => {}
            }
        }
    });
    ReminderHandle { stop, task }
}
