//! Moving a match through its lifecycle: the rules decide (see [`crate::matching::lifecycle`]),
//! this writes the change, its `match_transition` row and the mail it causes in one transaction.
//! A concurrent change to the same match makes the second writer fail with a conflict rather than
//! overwrite the first (the update is guarded by the state and `updated_at` it read).

use chrono::Utc;
use entities::match_transition::{self, TransitionSide};
use entities::need_match::{self, MatchState};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::notify;
use crate::matching::error::MatchError;
use crate::matching::lifecycle::{Change, MatchFacts, Side, Stage, Step, decide};
use crate::state::AppState;

pub fn stage_of(state: MatchState) -> Stage {
    match state {
        MatchState::Proposed => Stage::Proposed,
        MatchState::Interested => Stage::Interested,
        MatchState::Introduced => Stage::Introduced,
        MatchState::Meeting => Stage::Meeting,
        MatchState::Trial => Stage::Trial,
        MatchState::Adopted => Stage::Adopted,
        MatchState::Declined => Stage::Declined,
        MatchState::Expired => Stage::Expired,
    }
}

pub fn state_of(stage: Stage) -> MatchState {
    match stage {
        Stage::Proposed => MatchState::Proposed,
        Stage::Interested => MatchState::Interested,
        Stage::Introduced => MatchState::Introduced,
        Stage::Meeting => MatchState::Meeting,
        Stage::Trial => MatchState::Trial,
        Stage::Adopted => MatchState::Adopted,
        Stage::Declined => MatchState::Declined,
        Stage::Expired => MatchState::Expired,
    }
}

fn side_of(side: Side) -> TransitionSide {
    match side {
        Side::User => TransitionSide::User,
        Side::Vendor => TransitionSide::Vendor,
        Side::Organiser => TransitionSide::Organiser,
        Side::System => TransitionSide::System,
    }
}

pub fn facts(row: &need_match::Model) -> MatchFacts {
    MatchFacts {
        stage: stage_of(row.state),
        user_interested: row.user_interested_at.is_some(),
        vendor_interested: row.vendor_interested_at.is_some(),
    }
}

/// Writes one `match_transition` row.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    match_id: Uuid,
    from: Option<MatchState>,
    to: MatchState,
    side: TransitionSide,
    actor: Option<Uuid>,
    note: Option<&str>,
) -> Result<(), DbErr> {
    match_transition::Entity::insert(match_transition::ActiveModel {
        id: Set(Uuid::now_v7()),
        match_id: Set(match_id),
        from_state: Set(from),
        to_state: Set(to),
        side: Set(side),
        actor_user_id: Set(actor),
        note: Set(note.map(str::to_owned)),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Who takes a step: their side of the match and their account (none for a timer).
#[derive(Debug, Clone, Copy)]
pub struct Acting {
    pub side: Side,
    pub user_id: Option<Uuid>,
}

/// Takes `step` on match `id` as `acting`, if the rules allow it, with the mail it causes;
/// returns the updated row.
pub async fn apply(
    state: &AppState,
    id: Uuid,
    acting: Acting,
    step: Step,
    note: Option<&str>,
) -> Result<need_match::Model, MatchError> {
    apply_with(state, id, acting, step, note, true).await
}

/// [`apply`] without mail: for recording history that is not news (the demo's past).
pub async fn apply_quietly(
    state: &AppState,
    id: Uuid,
    acting: Acting,
    step: Step,
) -> Result<need_match::Model, MatchError> {
    apply_with(state, id, acting, step, None, false).await
}

async fn apply_with(
    state: &AppState,
    id: Uuid,
    acting: Acting,
    step: Step,
    note: Option<&str>,
    mail: bool,
) -> Result<need_match::Model, MatchError> {
    let txn = state.db.begin().await?;
    let row = need_match::Entity::find_by_id(id).one(&txn).await?.ok_or(MatchError::NotFound)?;
    let change = decide(facts(&row), acting.side, step).map_err(MatchError::Refused)?;
    let updated = write_change(&txn, &row, &change, acting, note).await?;
    if mail {
        notify::after_change(state, &txn, &row, &updated, &change, acting.side).await?;
    }
    txn.commit().await?;
    Ok(updated)
}

async fn write_change<C: ConnectionTrait>(
    conn: &C,
    row: &need_match::Model,
    change: &Change,
    acting: Acting,
    note: Option<&str>,
) -> Result<need_match::Model, MatchError> {
    let now = Utc::now();
    let to = state_of(change.to);
    let user_at = if change.user_interested { row.user_interested_at.or(Some(now)) } else { None };
    let vendor_at = if change.vendor_interested { row.vendor_interested_at.or(Some(now)) } else { None };
    let introduced_at = if change.introduces { Some(now) } else { row.introduced_at };
    let meeting_at = change.meeting_at.or(row.meeting_at);
    let stage_changed = to != row.state;
    let result = need_match::Entity::update_many()
        .col_expr(need_match::Column::State, Expr::value(to))
        .col_expr(need_match::Column::UserInterestedAt, Expr::value(user_at))
        .col_expr(need_match::Column::VendorInterestedAt, Expr::value(vendor_at))
        .col_expr(need_match::Column::IntroducedAt, Expr::value(introduced_at))
        .col_expr(need_match::Column::MeetingAt, Expr::value(meeting_at))
        .col_expr(
            need_match::Column::StateChangedAt,
            Expr::value(if stage_changed { now } else { row.state_changed_at }),
        )
        .col_expr(need_match::Column::UpdatedAt, Expr::value(now))
        .filter(need_match::Column::Id.eq(row.id))
        .filter(need_match::Column::State.eq(row.state))
        .filter(need_match::Column::UpdatedAt.eq(row.updated_at))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(MatchError::Conflict);
    }
    // A step that changes nothing but a side's interest (the first "interested") still moves
    // the match to `interested`; a meeting moved to another time is recorded as meeting → meeting.
    record(conn, row.id, Some(row.state), to, side_of(acting.side), acting.user_id, note).await?;
    Ok(need_match::Model {
        state: to,
        user_interested_at: user_at,
        vendor_interested_at: vendor_at,
        introduced_at,
        meeting_at,
        state_changed_at: if stage_changed { now } else { row.state_changed_at },
        updated_at: now,
        ..row.clone()
    })
}

/// Matches in `states` whose state has not changed since `before`, oldest first, at most `limit`.
pub async fn stale(
    db: &DatabaseConnection,
    states: &[MatchState],
    before: chrono::DateTime<Utc>,
    limit: u64,
) -> Result<Vec<need_match::Model>, DbErr> {
    use sea_orm::{QueryOrder, QuerySelect};
    need_match::Entity::find()
        .filter(need_match::Column::State.is_in(states.to_vec()))
        .filter(need_match::Column::StateChangedAt.lt(before))
        .order_by_asc(need_match::Column::StateChangedAt)
        .limit(limit)
        .all(db)
        .await
}
