//! What a matching event (商談会) tells the lifecycle: after a one-to-one meeting, its outcome
//! survey moves the platform's matches between the two organisations forward. A meeting held
//! means both sides met (so they are past the introduction); "negotiating" puts the match at
//! `meeting`, "agreement" at `trial` (the firm itself says when it adopted). Matches never move
//! backwards, and closed ones are left alone.

use chrono::{DateTime, Utc};
use entities::match_transition::TransitionSide;
use entities::meeting::MeetingOutcome;
use entities::need_match::{self, MatchState};
use entities::{need, product};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QuerySelect,
    RelationTrait, Set,
};
use uuid::Uuid;

use super::transitions::{record, stage_of};

/// The note on transitions written from an event's outcome survey.
pub const EVENT_OUTCOME: &str = "matching_event_outcome";

/// Moves the open matches between `user_organisation`'s needs and `vendor_organisation`'s
/// products to what `outcome` says; returns how many moved.
pub async fn on_meeting_outcome<C: ConnectionTrait>(
    conn: &C,
    user_organisation: Uuid,
    vendor_organisation: Uuid,
    outcome: MeetingOutcome,
    actor_user_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let target = match outcome {
        MeetingOutcome::NoContact => return Ok(0),
        MeetingOutcome::Negotiating => MatchState::Meeting,
        MeetingOutcome::Agreement => MatchState::Trial,
    };
    let rows = need_match::Entity::find()
        .join(JoinType::InnerJoin, need_match::Relation::Need.def())
        .join(JoinType::InnerJoin, need_match::Relation::Product.def())
        .filter(need::Column::OrganisationId.eq(user_organisation))
        .filter(product::Column::OrganisationId.eq(vendor_organisation))
        .all(conn)
        .await?;
    let mut moved = 0;
    for row in rows {
        let stage = stage_of(row.state);
        if stage.is_closed() || stage >= stage_of(target) {
            continue;
        }
        let from = row.state;
        let mut active: need_match::ActiveModel = row.clone().into();
        active.state = Set(target);
        active.user_interested_at = Set(row.user_interested_at.or(Some(now)));
        active.vendor_interested_at = Set(row.vendor_interested_at.or(Some(now)));
        active.introduced_at = Set(row.introduced_at.or(Some(now)));
        active.state_changed_at = Set(now);
        active.updated_at = Set(now);
        active.update(conn).await?;
        record(conn, row.id, Some(from), target, TransitionSide::System, actor_user_id, Some(EVENT_OUTCOME)).await?;
        moved += 1;
    }
    Ok(moved)
}
