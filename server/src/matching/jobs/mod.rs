//! The match lifecycle's timers: lead digests ([`digest`]) and reminders and expiry
//! ([`reminders`]), run by every instance every `match_jobs_interval`. Running them on several
//! instances at once is safe: every mail has an idempotency key and every claim is guarded.

pub mod digest;
pub mod reminders;

use std::sync::Arc;

use chrono::Utc;

use crate::state::AppState;

/// Runs the timers until the process stops.
pub fn spawn(state: Arc<AppState>) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(state.config.matching.jobs_interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            run_once(&state).await;
        }
    });
}

/// One round of every timer; failures are logged and retried next round.
pub async fn run_once(state: &AppState) {
    let now = Utc::now();
    match digest::send_due(state, now).await {
        Ok(0) => {}
        Ok(vendors) => tracing::info!(vendors, "lead digests written"),
        Err(e) => tracing::warn!(error = %e, "lead digests failed; retrying next round"),
    }
    match reminders::run(state, now).await {
        Ok(report) if report == reminders::ReminderReport::default() => {}
        Ok(report) => tracing::info!(?report, "match reminders written"),
        Err(e) => tracing::warn!(error = %e, "match reminders failed; retrying next round"),
    }
}
