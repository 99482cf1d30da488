//! Durable room events in `room_event`, and who may enter a session's room.

use chrono::Utc;
use entities::session_registration::{RegistrationRole, RegistrationStatus};
use entities::working_group_member::WorkingGroupRole;
use entities::{room_event, session_registration, wg_session, working_group_member};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, SqlErr,
};
use uuid::Uuid;

use super::protocol::{Envelope, Event, RoomRole};
use crate::identity::actor::Actor;

/// Why an append did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// Another writer took this seq first: catch up and decide again.
    #[error("seq taken")]
    SeqTaken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Stores `envelope` at its seq. The (room_id, seq) unique key makes two writers (on this or another
/// instance) unable to take the same seq; the loser gets [`AppendError::SeqTaken`].
pub async fn append<C: ConnectionTrait>(db: &C, envelope: &Envelope) -> Result<(), AppendError> {
    let payload = serde_json::to_value(&envelope.event).map_err(|e| DbErr::Custom(e.to_string()))?;
    let stored = serde_json::json!({ "author_name": envelope.author_name, "event": payload });
    let row = room_event::Model {
        id: 0,
        room_id: envelope.room.clone(),
        seq: envelope.seq,
        kind: envelope.event.kind().to_owned(),
        payload: stored,
        author_user_id: envelope.author,
        created_at: envelope.at,
    };
    let mut active = row.into_active_model();
    active.id = sea_orm::ActiveValue::NotSet;
    match active.insert(db).await {
        Ok(_) => Ok(()),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Err(AppendError::SeqTaken),
        Err(err) => Err(err.into()),
    }
}

/// Events of `room` after `since`, in order, at most `limit`.
pub async fn since<C: ConnectionTrait>(db: &C, room: &str, since: i64, limit: u64) -> Result<Vec<Envelope>, DbErr> {
    let rows = room_event::Entity::find()
        .filter(room_event::Column::RoomId.eq(room))
        .filter(room_event::Column::Seq.gt(since))
        .order_by_asc(room_event::Column::Seq)
        .limit(limit)
        .all(db)
        .await?;
    rows.into_iter().map(envelope).collect()
}

fn envelope(row: room_event::Model) -> Result<Envelope, DbErr> {
    #[derive(serde::Deserialize)]
    struct Stored {
        author_name: Option<String>,
        event: Event,
    }
    let stored: Stored = serde_json::from_value(row.payload)
        .map_err(|e| DbErr::Custom(format!("room_event {} seq {}: {e}", row.room_id, row.seq)))?;
    Ok(Envelope {
        room: row.room_id,
        seq: row.seq,
        at: row.created_at,
        author: row.author_user_id,
        author_name: stored.author_name,
        event: stored.event,
    })
}

/// What the room needs of its session.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub id: Uuid,
    pub working_group_id: Uuid,
    pub capacity: usize,
}

pub async fn session<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<SessionInfo>, DbErr> {
    Ok(wg_session::Entity::find_by_id(id).one(db).await?.map(|s| SessionInfo {
        id: s.id,
        working_group_id: s.working_group_id,
        capacity: usize::try_from(s.capacity.max(1)).unwrap_or(1),
    }))
}

/// The person's role in the session's room, or `None` when they may not enter: organisers and the
/// working group's moderators moderate; others need an approved registration.
pub async fn role_of<C: ConnectionTrait>(
    db: &C,
    session: &SessionInfo,
    actor: &Actor,
) -> Result<Option<RoomRole>, DbErr> {
    if actor.is_organiser() {
        return Ok(Some(RoomRole::Moderator));
    }
    let wg_moderator = working_group_member::Entity::find()
        .filter(working_group_member::Column::WorkingGroupId.eq(session.working_group_id))
        .filter(working_group_member::Column::UserId.eq(actor.user_id))
        .filter(working_group_member::Column::Role.eq(WorkingGroupRole::Moderator))
        .one(db)
        .await?
        .is_some();
    if wg_moderator {
        return Ok(Some(RoomRole::Moderator));
    }
    let registration = session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session.id))
        .filter(session_registration::Column::UserId.eq(actor.user_id))
        .filter(session_registration::Column::Status.eq(RegistrationStatus::Approved))
        .one(db)
        .await?;
    Ok(registration.map(|r| match r.role {
        RegistrationRole::Moderator => RoomRole::Moderator,
        RegistrationRole::Presenter => RoomRole::Presenter,
        RegistrationRole::Participant => RoomRole::Participant,
        RegistrationRole::Observer => RoomRole::Observer,
        RegistrationRole::NotesTaker => RoomRole::NotesTaker,
    }))
}

/// People a random breakout split spreads over: approved participants and presenters.
pub async fn splittable<C: ConnectionTrait>(db: &C, session: Uuid) -> Result<Vec<Uuid>, DbErr> {
    Ok(session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session))
        .filter(session_registration::Column::Status.eq(RegistrationStatus::Approved))
        .filter(session_registration::Column::Role.is_in([RegistrationRole::Participant, RegistrationRole::Presenter]))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect())
}

/// Attendance: the first time a registered person enters the room.
pub async fn mark_attended<C: ConnectionTrait>(db: &C, session: Uuid, user: Uuid) -> Result<(), DbErr> {
    session_registration::Entity::update_many()
        .col_expr(session_registration::Column::AttendedAt, Expr::value(Some(Utc::now())))
        .filter(session_registration::Column::SessionId.eq(session))
        .filter(session_registration::Column::UserId.eq(user))
        .filter(session_registration::Column::AttendedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the browser session behind a socket still exists (sign-out on another instance).
pub async fn web_session_alive<C: ConnectionTrait>(db: &C, id_hash: &str) -> Result<bool, DbErr> {
    Ok(entities::web_session::Entity::find_by_id(id_hash.to_owned())
        .one(db)
        .await?
        .is_some_and(|s| s.idle_expires_at > Utc::now() && s.absolute_expires_at > Utc::now()))
}
