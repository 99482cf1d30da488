//! Timers of the match lifecycle, run every `match_jobs_interval`:
//! - a lead nobody answered after `lead_reminder_days` → the side that has not answered;
//! - a meeting within the next 24 hours → both sides ("meeting tomorrow");
//! - a meeting that is over → both sides are asked how it went;
//! - a trial older than `trial_followup_days` → both sides (adopted? a case study?);
//! - a proposal nobody moved for `match_expiry_days` → expired.
//!
//! Each reminder is mailed once: its outbox idempotency key names the match, the kind, the
//! meeting time it is about, and the reader.

use chrono::{DateTime, TimeDelta, Utc};
use entities::need_match::{self, MatchState};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use crate::i18n::format_datetime;
use crate::matching::error::MatchError;
use crate::matching::lifecycle::{Side, Step};
use crate::matching::store::notify::{self, MatchContext};
use crate::matching::store::people::{self, Topic};
use crate::matching::store::transitions::{self, Acting};
use crate::state::AppState;

/// Most matches one kind of reminder looks at in one run.
const BATCH: u64 = 500;

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReminderReport {
    pub reminded: usize,
    pub expired: usize,
}

pub async fn run(state: &AppState, now: DateTime<Utc>) -> Result<ReminderReport, MatchError> {
    let settings = state.config.matching;
    let mut report = ReminderReport::default();

    // Unanswered leads (only those the vendor was actually told about).
    let unanswered = need_match::Entity::find()
        .filter(need_match::Column::State.is_in([MatchState::Proposed, MatchState::Interested]))
        .filter(need_match::Column::LeadMailedAt.lt(now - settings.lead_reminder_after))
        .filter(need_match::Column::StateChangedAt.lt(now - settings.lead_reminder_after))
        .order_by_asc(need_match::Column::StateChangedAt)
        .limit(BATCH)
        .all(&state.db)
        .await?;
    for m in &unanswered {
        let (vendor_waits, firm_waits) = (m.vendor_interested_at.is_none(), m.user_interested_at.is_none());
        // A firm is only chased once a vendor said yes: its list of proposals is not a to-do list.
        report.reminded += remind(state, m, "lead_unanswered", firm_waits && !vendor_waits, vendor_waits).await?;
    }

    // Meetings tomorrow, and meetings that are over.
    let meetings = need_match::Entity::find()
        .filter(need_match::Column::State.eq(MatchState::Meeting))
        .filter(need_match::Column::MeetingAt.is_not_null())
        .filter(need_match::Column::MeetingAt.lt(now + TimeDelta::hours(24)))
        .order_by_asc(need_match::Column::MeetingAt)
        .limit(BATCH)
        .all(&state.db)
        .await?;
    for m in &meetings {
        let Some(at) = m.meeting_at else { continue };
        if at > now {
            report.reminded += remind(state, m, "meeting_tomorrow", true, true).await?;
        } else if at < now - TimeDelta::hours(2) {
            report.reminded += remind(state, m, "after_meeting", true, true).await?;
        }
    }

    // Trials to follow up.
    for m in transitions::stale(&state.db, &[MatchState::Trial], now - settings.trial_followup_after, BATCH).await? {
        report.reminded += remind(state, &m, "after_trial", true, true).await?;
    }

    // Proposals nobody moved.
    let system = Acting { side: Side::System, user_id: None };
    for m in transitions::stale(
        &state.db,
        &[MatchState::Proposed, MatchState::Interested],
        now - settings.expire_after,
        BATCH,
    )
    .await?
    {
        match transitions::apply(state, m.id, system, Step::Expire, Some("no_answer")).await {
            Ok(_) => report.expired += 1,
            // Someone moved it meanwhile: not stale any more.
            Err(MatchError::Conflict | MatchError::Refused(_) | MatchError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// Mails reminder `kind` about `m` to the firm's and/or the vendor's people; returns how many
/// mails were written (repeats are absorbed by the outbox's idempotency keys).
async fn remind(
    state: &AppState,
    m: &need_match::Model,
    kind: &str,
    firm: bool,
    vendor: bool,
) -> Result<usize, MatchError> {
    let txn = state.db.begin().await?;
    let ctx = MatchContext::load(state, &txn, m).await?;
    let mut readers = Vec::new();
    if firm {
        readers.extend(people::need_side(&txn, ctx.firm.id, ctx.need.created_by_user_id, Topic::Reminders).await?);
    }
    if vendor {
        readers.extend(people::members(&txn, ctx.vendor.id, Topic::Reminders).await?);
    }
    for reader in &readers {
        let at = m.meeting_at.map(|t| format_datetime(t, reader.time_zone, reader.locale));
        notify::reminder(&txn, &ctx, reader, m, kind, at).await?;
    }
    txn.commit().await?;
    Ok(readers.len())
}
