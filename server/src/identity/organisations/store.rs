//! Storage of organisations and memberships: named queries, and changes that each run in one
//! transaction together with their audit entry. Changes that depend on what they read (roles,
//! status, kind) first lock the organisation's row, so two of them on one organisation run one
//! after the other: SQLite starts the transaction as a writer (`BEGIN IMMEDIATE`), PostgreSQL
//! takes the row with `SELECT … FOR UPDATE`.

use chrono::Utc;
use entities::{app_user, membership, organisation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use uuid::Uuid;

use super::error::OrganisationError;
use super::form::NewOrganisation;
use super::rules::{self, StatusCommand};
use crate::identity::actor::{Actor, OrgKind, OrgStatus, Role};
use crate::identity::audit::{self, Entry};
use crate::identity::policy::OrgFacts;
use crate::identity::session::{kind_of, role_of, status_of};

pub fn entity_kind(kind: OrgKind) -> organisation::OrganisationKind {
    match kind {
        OrgKind::Vendor => organisation::OrganisationKind::Vendor,
        OrgKind::UserCompany => organisation::OrganisationKind::UserCompany,
        OrgKind::Organiser => organisation::OrganisationKind::Organiser,
        OrgKind::Verifier => organisation::OrganisationKind::Verifier,
    }
}

pub fn entity_status(status: OrgStatus) -> organisation::OrganisationStatus {
    match status {
        OrgStatus::Pending => organisation::OrganisationStatus::Pending,
        OrgStatus::Active => organisation::OrganisationStatus::Active,
        OrgStatus::Suspended => organisation::OrganisationStatus::Suspended,
    }
}

pub fn entity_role(role: Role) -> membership::MembershipRole {
    match role {
        Role::Owner => membership::MembershipRole::Owner,
        Role::Admin => membership::MembershipRole::Admin,
        Role::Member => membership::MembershipRole::Member,
    }
}

/// What the policy needs to know about an organisation.
pub fn facts(org: &organisation::Model) -> OrgFacts {
    OrgFacts { id: org.id, kind: kind_of(org.kind), status: status_of(org.status) }
}

pub async fn find<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find_by_id(id).one(db).await
}

/// A transaction that will write: on SQLite it takes the write lock at once, so that what it
/// reads cannot be changed by another writer before it writes.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Reads an organisation and holds its row until the transaction ends.
pub async fn lock(txn: &DatabaseTransaction, id: Uuid) -> Result<organisation::Model, OrganisationError> {
    organisation::Entity::find_by_id(id).lock_exclusive().one(txn).await?.ok_or(OrganisationError::NotFound)
}

async fn touch(txn: &DatabaseTransaction, id: Uuid) -> Result<(), DbErr> {
    organisation::Entity::update_many()
        .col_expr(organisation::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(organisation::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Creates an organisation with its creator as owner, and records it, in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    new: NewOrganisation,
    ip: Option<String>,
) -> Result<organisation::Model, OrganisationError> {
    let now = Utc::now();
    let status = rules::initial_status(new.kind);
    let txn = begin_write(db).await?;
    // The policy saw the memberships of the session; a second submission racing the first
    // must not make a second organisation.
    let existing = membership::Entity::find().filter(membership::Column::UserId.eq(actor.user_id)).count(&txn).await?;
    if existing > 0 {
        return Err(OrganisationError::Stale);
    }
    let org = organisation::Model {
        id: Uuid::now_v7(),
        kind: entity_kind(new.kind),
        status: entity_status(status),
        name: new.name,
        name_en: new.name_en,
        prefecture_code: Some(new.prefecture_code),
        industry_code: Some(new.industry_code),
        size_band_code: new.size_band_code,
        employees: new.employees,
        website: new.website,
        description: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    membership::Model {
        id: Uuid::now_v7(),
        organisation_id: org.id,
        user_id: actor.user_id,
        role: membership::MembershipRole::Owner,
        created_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::new("organisation.created", "organisation").by(Some(actor)).object(org.id).ip(ip).detail(
            serde_json::json!({ "kind": rules::kind_code(new.kind), "status": rules::status_code(status), "name": org.name }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(org)
}

/// A member as the profile page lists them.
#[derive(Debug, Clone)]
pub struct MemberRow {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub role: Role,
}

/// The members of an organisation: owners first, then by name.
pub async fn members<C: ConnectionTrait>(db: &C, organisation_id: Uuid) -> Result<Vec<MemberRow>, DbErr> {
    let rows = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .find_also_related(app_user::Entity)
        .all(db)
        .await?;
    let mut members: Vec<MemberRow> = rows
        .into_iter()
        .filter_map(|(m, user)| {
            let user = user?;
            Some(MemberRow {
                user_id: user.id,
                display_name: user.display_name,
                email: user.email,
                role: role_of(m.role),
            })
        })
        .collect();
    members.sort_by(|a, b| b.role.cmp(&a.role).then_with(|| a.display_name.cmp(&b.display_name)));
    Ok(members)
}

/// A person's role in an organisation, whatever its status.
pub async fn role_of_user<C: ConnectionTrait>(
    db: &C,
    organisation_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Role>, DbErr> {
    Ok(membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(|m| role_of(m.role)))
}

/// Gives a member a new role. `expected` is the role the policy decided on: if it changed since,
/// nothing happens ([`OrganisationError::Stale`]). The last owner cannot step down.
pub async fn change_role(
    db: &DatabaseConnection,
    actor: &Actor,
    organisation_id: Uuid,
    user_id: Uuid,
    expected: Role,
    new: Role,
    ip: Option<String>,
) -> Result<(), OrganisationError> {
    let txn = begin_write(db).await?;
    lock(&txn, organisation_id).await?;
    let member = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(OrganisationError::NotFound)?;
    if role_of(member.role) != expected {
        return Err(OrganisationError::Stale);
    }
    if expected == Role::Owner && new != Role::Owner {
        let owners = membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(organisation_id))
            .filter(membership::Column::Role.eq(membership::MembershipRole::Owner))
            .count(&txn)
            .await?;
        if !rules::keeps_an_owner(owners, expected, new) {
            return Err(OrganisationError::LastOwner);
        }
    }
    let mut active = member.into_active_model();
    active.role = sea_orm::Set(entity_role(new));
    active.update(&txn).await?;
    touch(&txn, organisation_id).await?;
    audit::record(
        &txn,
        Entry::new("membership.role_changed", "organisation").by(Some(actor)).object(organisation_id).ip(ip).detail(
            serde_json::json!({ "user_id": user_id, "from": rules::role_code(expected), "to": rules::role_code(new) }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Approves or suspends. `Ok(None)`: already so, nothing written.
pub async fn set_status(
    db: &DatabaseConnection,
    actor: &Actor,
    organisation_id: Uuid,
    command: StatusCommand,
    ip: Option<String>,
) -> Result<Option<OrgStatus>, OrganisationError> {
    let txn = begin_write(db).await?;
    let org = lock(&txn, organisation_id).await?;
    let (kind, current) = (kind_of(org.kind), status_of(org.status));
    // An organiser organisation is refused by the caller before this; here it simply stays.
    let Ok(Some(next)) = rules::next_status(kind, current, command) else {
        return Ok(None);
    };
    organisation::Entity::update_many()
        .col_expr(organisation::Column::Status, Expr::value(entity_status(next)))
        .col_expr(organisation::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(organisation::Column::Id.eq(organisation_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Entry::new(command.audit_action(), "organisation").by(Some(actor)).object(organisation_id).ip(ip).detail(
            serde_json::json!({ "from": rules::status_code(current), "to": rules::status_code(next), "name": org.name }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(next))
}

/// Changes an organisation's kind. `Ok(false)`: it already was that kind.
pub async fn change_kind(
    db: &DatabaseConnection,
    actor: &Actor,
    organisation_id: Uuid,
    new: OrgKind,
    ip: Option<String>,
) -> Result<bool, OrganisationError> {
    let txn = begin_write(db).await?;
    let org = lock(&txn, organisation_id).await?;
    let current = kind_of(org.kind);
    if current == new {
        return Ok(false);
    }
    if !rules::kind_change_allowed(current, new) {
        return Err(OrganisationError::Stale);
    }
    organisation::Entity::update_many()
        .col_expr(organisation::Column::Kind, Expr::value(entity_kind(new)))
        .col_expr(organisation::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(organisation::Column::Id.eq(organisation_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Entry::new("organisation.kind_changed", "organisation").by(Some(actor)).object(organisation_id).ip(ip).detail(
            serde_json::json!({ "from": rules::kind_code(current), "to": rules::kind_code(new), "name": org.name }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Vendors and verifiers waiting for approval, oldest first, each with its owners' addresses.
pub async fn awaiting_approval<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<(organisation::Model, Vec<MemberRow>)>, DbErr> {
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Status.eq(organisation::OrganisationStatus::Pending))
        .filter(
            organisation::Column::Kind
                .is_in([organisation::OrganisationKind::Vendor, organisation::OrganisationKind::Verifier]),
        )
        .order_by_asc(organisation::Column::CreatedAt)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = orgs.iter().map(|o| o.id).collect();
    let owners = membership::Entity::find()
        .filter(membership::Column::OrganisationId.is_in(ids))
        .filter(membership::Column::Role.eq(membership::MembershipRole::Owner))
        .find_also_related(app_user::Entity)
        .all(db)
        .await?;
    Ok(orgs
        .into_iter()
        .map(|org| {
            let mine = owners
                .iter()
                .filter(|(m, _)| m.organisation_id == org.id)
                .filter_map(|(m, user)| {
                    let user = user.as_ref()?;
                    Some(MemberRow {
                        user_id: user.id,
                        display_name: user.display_name.clone(),
                        email: user.email.clone(),
                        role: role_of(m.role),
                    })
                })
                .collect();
            (org, mine)
        })
        .collect())
}
