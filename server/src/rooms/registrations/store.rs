//! Registrations, written under the session's lock so that capacity holds when many people ask at
//! once: the first statement of each transaction writes the session row, which serialises
//! registrations for one session on both backends (SQLite takes its write lock there, before
//! reading anything; PostgreSQL locks the row until commit). The count of approved seats is then
//! read inside the same transaction, the pure rules decide, and the confirmation mail joins the
//! outbox in that transaction too.

use chrono::Utc;
use entities::session_registration::{self, RegistrationRole, RegistrationStatus};
use entities::{app_user, wg_session, working_group};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::rules::{self, SessionFacts};
use crate::rooms::error::RoomsError;
use crate::rooms::mail::{SessionMail, send};

/// Locks the session for the rest of the transaction and reads it afresh.
async fn lock_session(txn: &DatabaseTransaction, id: Uuid) -> Result<wg_session::Model, RoomsError> {
    wg_session::Entity::update_many()
        .col_expr(wg_session::Column::Capacity, Expr::col(wg_session::Column::Capacity))
        .filter(wg_session::Column::Id.eq(id))
        .exec(txn)
        .await?;
    wg_session::Entity::find_by_id(id).one(txn).await?.ok_or(RoomsError::NoRegistration)
}

async fn approved_count(txn: &DatabaseTransaction, session_id: Uuid) -> Result<u64, RoomsError> {
    Ok(session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session_id))
        .filter(session_registration::Column::Status.eq(RegistrationStatus::Approved))
        .count(txn)
        .await?)
}

fn facts(session: &wg_session::Model, approved: u64) -> SessionFacts {
    SessionFacts {
        status: session.status,
        starts_at: session.starts_at,
        capacity: session.capacity,
        requires_approval: session.requires_approval,
        approved,
    }
}

async fn existing(
    txn: &DatabaseTransaction,
    session_id: Uuid,
    user_id: Uuid,
) -> Result<Option<session_registration::Model>, RoomsError> {
    Ok(session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session_id))
        .filter(session_registration::Column::UserId.eq(user_id))
        .one(txn)
        .await?)
}

async fn write(
    txn: &DatabaseTransaction,
    previous: Option<session_registration::Model>,
    session_id: Uuid,
    user_id: Uuid,
    role: RegistrationRole,
    status: RegistrationStatus,
) -> Result<session_registration::Model, RoomsError> {
    let now = Utc::now();
    Ok(match previous {
        Some(previous) => {
            let mut row = previous.into_active_model();
            row.role = Set(role);
            row.status = Set(status);
            row.updated_at = Set(now);
            row.update(txn).await?
        }
        None => {
            session_registration::Model {
                id: Uuid::now_v7(),
                session_id,
                user_id,
                role,
                status,
                attended_at: None,
                created_at: now,
                updated_at: now,
            }
            .into_active_model()
            .reset_all()
            .insert(txn)
            .await?
        }
    })
}

/// Who and what a registration is about.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub group: &'a working_group::Model,
    pub session_id: Uuid,
    pub user: &'a app_user::Model,
    pub role: RegistrationRole,
    /// A moderator's invitation (or a manager registering): no approval, any role.
    pub invited: bool,
}

/// Registers `request.user`; approved at once (with a confirmation or invitation mail) or pending.
pub async fn register(
    db: &DatabaseConnection,
    base_url: &url::Url,
    request: Request<'_>,
) -> Result<session_registration::Model, RoomsError> {
    let txn = db.begin().await?;
    let session = lock_session(&txn, request.session_id).await?;
    let previous = existing(&txn, session.id, request.user.id).await?;
    let approved = approved_count(&txn, session.id).await?;
    let status = rules::decide_request(
        &facts(&session, approved),
        request.role,
        previous.as_ref().map(|p| p.status),
        request.invited,
        Utc::now(),
    )?;
    let registration = write(&txn, previous, session.id, request.user.id, request.role, status).await?;
    if status == RegistrationStatus::Approved {
        let mail = if request.invited { SessionMail::Invitation } else { SessionMail::Confirmed };
        send(&txn, base_url, mail, &session, request.group, request.user, role_code(request.role)).await?;
    }
    txn.commit().await?;
    Ok(registration)
}

/// A manager approves (or declines) a pending registration.
pub async fn decide_pending(
    db: &DatabaseConnection,
    base_url: &url::Url,
    group: &working_group::Model,
    session_id: Uuid,
    registration_id: Uuid,
    approve: bool,
) -> Result<session_registration::Model, RoomsError> {
    let txn = db.begin().await?;
    let session = lock_session(&txn, session_id).await?;
    let registration = session_registration::Entity::find_by_id(registration_id)
        .filter(session_registration::Column::SessionId.eq(session_id))
        .one(&txn)
        .await?
        .filter(|r| r.status == RegistrationStatus::Pending)
        .ok_or(RoomsError::NoRegistration)?;
    let status = if approve {
        rules::approve(&facts(&session, approved_count(&txn, session.id).await?), Utc::now())?
    } else {
        RegistrationStatus::Declined
    };
    let role = registration.role;
    let user_id = registration.user_id;
    let registration = write(&txn, Some(registration), session.id, user_id, role, status).await?;
    if status == RegistrationStatus::Approved {
        let user = app_user::Entity::find_by_id(user_id).one(&txn).await?.ok_or(RoomsError::NoRegistration)?;
        send(&txn, base_url, SessionMail::Confirmed, &session, group, &user, role_code(role)).await?;
    }
    txn.commit().await?;
    Ok(registration)
}

/// The person withdraws their own registration (approved or pending), freeing the seat.
pub async fn cancel(
    db: &DatabaseConnection,
    session_id: Uuid,
    user_id: Uuid,
) -> Result<session_registration::Model, RoomsError> {
    let txn = db.begin().await?;
    lock_session(&txn, session_id).await?;
    let registration = existing(&txn, session_id, user_id)
        .await?
        .filter(|r| matches!(r.status, RegistrationStatus::Approved | RegistrationStatus::Pending))
        .ok_or(RoomsError::NoRegistration)?;
    let role = registration.role;
    let registration =
        write(&txn, Some(registration), session_id, user_id, role, RegistrationStatus::Cancelled).await?;
    txn.commit().await?;
    Ok(registration)
}

/// A registration with its person.
#[derive(Debug, Clone)]
pub struct Registrant {
    pub registration: session_registration::Model,
    pub user: app_user::Model,
}

/// Every registration of the session, oldest first (the waiting list reads in order).
pub async fn of_session(db: &DatabaseConnection, session_id: Uuid) -> Result<Vec<Registrant>, RoomsError> {
    let rows = session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session_id))
        .order_by_asc(session_registration::Column::CreatedAt)
        .order_by_asc(session_registration::Column::Id)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(registration, user)| user.map(|user| Registrant { registration, user })).collect())
}

pub async fn approved_total(db: &DatabaseConnection, session_id: Uuid) -> Result<u64, RoomsError> {
    Ok(session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session_id))
        .filter(session_registration::Column::Status.eq(RegistrationStatus::Approved))
        .count(db)
        .await?)
}

pub fn role_code(role: RegistrationRole) -> &'static str {
    match role {
        RegistrationRole::Moderator => "moderator",
        RegistrationRole::Presenter => "presenter",
        RegistrationRole::Participant => "participant",
        RegistrationRole::Observer => "observer",
        RegistrationRole::NotesTaker => "notes_taker",
    }
}

pub fn status_code(status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Pending => "pending",
        RegistrationStatus::Approved => "approved",
        RegistrationStatus::Declined => "declined",
        RegistrationStatus::Cancelled => "cancelled",
    }
}

pub const ROLES: [RegistrationRole; 5] = [
    RegistrationRole::Participant,
    RegistrationRole::Observer,
    RegistrationRole::Presenter,
    RegistrationRole::NotesTaker,
    RegistrationRole::Moderator,
];

pub fn parse_role(code: &str) -> Option<RegistrationRole> {
    ROLES.iter().copied().find(|r| role_code(*r) == code.trim())
}
