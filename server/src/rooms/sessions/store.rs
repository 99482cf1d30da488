//! Storage of sessions and their agendas. A session and its agenda are written in one
//! transaction: the agenda is replaced whole on every edit.

use chrono::Utc;
use entities::{agenda_item, wg_session};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::form::SessionDraft;

async fn write_agenda<C: ConnectionTrait>(conn: &C, session_id: Uuid, draft: &SessionDraft) -> Result<(), DbErr> {
    agenda_item::Entity::delete_many().filter(agenda_item::Column::SessionId.eq(session_id)).exec(conn).await?;
    if draft.agenda.is_empty() {
        return Ok(());
    }
    let rows = draft.agenda.iter().enumerate().map(|(i, item)| agenda_item::ActiveModel {
        id: Set(Uuid::now_v7()),
        session_id: Set(session_id),
        position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
        title_ja: Set(item.title_ja.clone()),
        title_en: Set(item.title_en.clone()),
        planned_minutes: Set(item.planned_minutes),
    });
    agenda_item::Entity::insert_many(rows).exec_without_returning(conn).await?;
    Ok(())
}

pub async fn create(db: &DatabaseConnection, group_id: Uuid, draft: &SessionDraft) -> Result<wg_session::Model, DbErr> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let session = wg_session::Model {
        id: Uuid::now_v7(),
        working_group_id: group_id,
        title_ja: draft.title_ja.clone(),
        title_en: draft.title_en.clone(),
        description: draft.description.clone(),
        starts_at: draft.starts_at,
        ends_at: draft.ends_at,
        capacity: draft.capacity,
        requires_approval: draft.requires_approval,
        status: wg_session::SessionStatus::Scheduled,
        reported_participants: None,
        minutes_markdown: None,
        minutes_published_at: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    write_agenda(&txn, session.id, draft).await?;
    txn.commit().await?;
    Ok(session)
}

pub async fn update(
    db: &DatabaseConnection,
    session: wg_session::Model,
    draft: &SessionDraft,
) -> Result<wg_session::Model, DbErr> {
    let txn = db.begin().await?;
    let id = session.id;
    let mut row = session.into_active_model();
    row.title_ja = Set(draft.title_ja.clone());
    row.title_en = Set(draft.title_en.clone());
    row.description = Set(draft.description.clone());
    row.starts_at = Set(draft.starts_at);
    row.ends_at = Set(draft.ends_at);
    row.capacity = Set(draft.capacity);
    row.requires_approval = Set(draft.requires_approval);
    row.updated_at = Set(Utc::now());
    let session = row.update(&txn).await?;
    write_agenda(&txn, id, draft).await?;
    txn.commit().await?;
    Ok(session)
}

pub async fn agenda<C: ConnectionTrait>(conn: &C, session_id: Uuid) -> Result<Vec<agenda_item::Model>, DbErr> {
    agenda_item::Entity::find()
        .filter(agenda_item::Column::SessionId.eq(session_id))
        .order_by_asc(agenda_item::Column::Position)
        .all(conn)
        .await
}

pub async fn of_group(db: &DatabaseConnection, group_id: Uuid) -> Result<Vec<wg_session::Model>, DbErr> {
    wg_session::Entity::find()
        .filter(wg_session::Column::WorkingGroupId.eq(group_id))
        .order_by_asc(wg_session::Column::StartsAt)
        .all(db)
        .await
}

/// Saves the minutes; `publish` stamps them published now (once), `false` keeps them a draft.
pub async fn save_minutes(
    db: &DatabaseConnection,
    session: wg_session::Model,
    markdown: Option<String>,
    publish: bool,
) -> Result<wg_session::Model, DbErr> {
    let published_at = match (publish, session.minutes_published_at) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(Utc::now()),
        (false, _) => None,
    };
    let mut row = session.into_active_model();
    row.minutes_markdown = Set(markdown);
    row.minutes_published_at = Set(published_at);
    row.updated_at = Set(Utc::now());
    row.update(db).await
}

/// Calls the session off: its status becomes `cancelled` and everyone registered (approved or
/// waiting) is told, in the same transaction. Registration closes with it (see
/// `registrations::rules`).
pub async fn cancel(
    db: &DatabaseConnection,
    base_url: &url::Url,
    group: &entities::working_group::Model,
    session: wg_session::Model,
) -> Result<wg_session::Model, crate::rooms::RoomsError> {
    use entities::session_registration::{self, RegistrationStatus};
    let txn = db.begin().await?;
    let mut row = session.into_active_model();
    row.status = Set(wg_session::SessionStatus::Cancelled);
    row.updated_at = Set(Utc::now());
    let session = row.update(&txn).await?;
    let registrants = session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session.id))
        .filter(session_registration::Column::Status.is_in([RegistrationStatus::Approved, RegistrationStatus::Pending]))
        .find_also_related(entities::app_user::Entity)
        .all(&txn)
        .await?;
    for (registration, user) in registrants {
        let Some(user) = user else { continue };
        let role = crate::rooms::registrations::store::role_code(registration.role);
        crate::rooms::mail::send(
            &txn,
            base_url,
            crate::rooms::mail::SessionMail::Cancelled,
            &session,
            group,
            &user,
            role,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(session)
}
