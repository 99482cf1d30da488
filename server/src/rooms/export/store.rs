//! Reading a session's record for the export, and deleting it on the organiser's word.

use chrono::Utc;
use entities::{app_user, membership, organisation, room_event, session_registration, wg_session};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

use super::{AttendanceRow, EventRow};
use crate::identity::actor::Actor;
use crate::identity::audit::{self, Entry};
use crate::rooms::RoomsError;
use crate::rooms::registrations::store::{of_session, role_code, status_code};

/// The session's rooms: `session:<id>` and its breakout groups `session:<id>:…`.
fn rooms_of(session_id: Uuid) -> Condition {
    let main = format!("session:{session_id}");
    Condition::any()
        .add(room_event::Column::RoomId.eq(main.clone()))
        .add(room_event::Column::RoomId.starts_with(format!("{main}:")))
}

pub async fn events(db: &DatabaseConnection, session_id: Uuid) -> Result<Vec<EventRow>, DbErr> {
    let rows = room_event::Entity::find()
        .filter(rooms_of(session_id))
        .order_by_asc(room_event::Column::CreatedAt)
        .order_by_asc(room_event::Column::RoomId)
        .order_by_asc(room_event::Column::Seq)
        .all(db)
        .await?;
    let authors: Vec<Uuid> = rows.iter().filter_map(|r| r.author_user_id).collect();
    let names: HashMap<Uuid, String> = if authors.is_empty() {
        HashMap::new()
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(authors))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| EventRow {
            author: r.author_user_id.and_then(|id| names.get(&id).cloned()),
            room_id: r.room_id,
            seq: r.seq,
            kind: r.kind,
            payload: r.payload,
            at: r.created_at,
        })
        .collect())
}

async fn organisation_name<C: ConnectionTrait>(conn: &C, user_id: Uuid) -> Result<Option<String>, DbErr> {
    let Some(m) = membership::Entity::find().filter(membership::Column::UserId.eq(user_id)).one(conn).await? else {
        return Ok(None);
    };
    Ok(organisation::Entity::find_by_id(m.organisation_id).one(conn).await?.map(|o| o.name))
}

/// Everyone who registered, in registration order, with when they first joined the room.
pub async fn attendance(db: &DatabaseConnection, session_id: Uuid) -> Result<Vec<AttendanceRow>, RoomsError> {
    let mut rows = Vec::new();
    for r in of_session(db, session_id).await? {
        rows.push(AttendanceRow {
            name: r.user.display_name.clone(),
            organisation: organisation_name(db, r.user.id).await?,
            role: role_code(r.registration.role).to_owned(),
            status: status_code(r.registration.status).to_owned(),
            attended_at: r.registration.attended_at,
        });
    }
    Ok(rows)
}

/// Deletes the session's room events, minutes and attendance times in one transaction. The
/// number who attended is kept as the session's reported participants, so the public record
/// still says how many took part.
pub async fn delete_data(
    db: &DatabaseConnection,
    actor: &Actor,
    session: wg_session::Model,
    ip: Option<String>,
) -> Result<u64, DbErr> {
    let txn = db.begin().await?;
    let deleted = room_event::Entity::delete_many().filter(rooms_of(session.id)).exec(&txn).await?.rows_affected;
    let attended = session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session.id))
        .filter(session_registration::Column::AttendedAt.is_not_null())
        .all(&txn)
        .await?
        .len();
    session_registration::Entity::update_many()
        .col_expr(session_registration::Column::AttendedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(session_registration::Column::SessionId.eq(session.id))
        .exec(&txn)
        .await?;
    let reported = session.reported_participants.or_else(|| i32::try_from(attended).ok().filter(|n| *n > 0));
    let mut row = session.into_active_model();
    row.minutes_markdown = Set(None);
    row.minutes_published_at = Set(None);
    row.reported_participants = Set(reported);
    row.updated_at = Set(Utc::now());
    let session = row.update(&txn).await?;
    let detail = serde_json::json!({ "room_events": deleted, "attended": attended });
    audit::record(
        &txn,
        Entry::new("session.data_deleted", "wg_session").by(Some(actor)).object(session.id).ip(ip).detail(detail),
    )
    .await?;
    txn.commit().await?;
    Ok(deleted)
}
