//! Storage of needs: named queries, and changes that each run in one transaction with their
//! categories and audit entry, so nothing half-written is ever seen (or left on error).

use chrono::Utc;
use entities::need::{self, NeedStatus, NeedVisibility};
use entities::{need_category, organisation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::form::{NeedDraft, visibility_code};
use crate::identity::actor::Actor;
use crate::identity::audit::{self, Entry};
use crate::identity::policy::{self, NeedFacts};

/// Most needs one list returns (newest first).
pub const LIST_LIMIT: u64 = 200;

/// What the policy needs to know about a need: read from the stored row, never from the URL.
pub fn facts(n: &need::Model) -> NeedFacts {
    NeedFacts {
        owner: n.organisation_id,
        visibility: match n.visibility {
            NeedVisibility::Private => policy::NeedVisibility::Private,
            NeedVisibility::Anonymous => policy::NeedVisibility::Anonymous,
            NeedVisibility::Named => policy::NeedVisibility::Named,
        },
        open: n.status == NeedStatus::Open,
    }
}

pub async fn find<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<need::Model>, DbErr> {
    need::Entity::find_by_id(id).one(db).await
}

/// The need's category codes, in code order.
pub async fn categories<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Vec<String>, DbErr> {
    Ok(need_category::Entity::find()
        .filter(need_category::Column::NeedId.eq(id))
        .order_by_asc(need_category::Column::CategoryCode)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.category_code)
        .collect())
}

pub async fn organisation<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find_by_id(id).one(db).await
}

/// Which needs a list starts from; every row is still checked against the policy afterwards.
#[derive(Debug, Clone)]
pub enum Scope {
    All,
    /// Needs of these organisations.
    OwnedBy(Vec<Uuid>),
    /// Open needs that vendors may see (not private).
    OpenToVendors,
}

pub async fn list(db: &DatabaseConnection, scope: Scope) -> Result<Vec<need::Model>, DbErr> {
    let query = need::Entity::find().order_by_desc(need::Column::CreatedAt).order_by_asc(need::Column::Id);
    let query = match scope {
        Scope::All => query,
        Scope::OwnedBy(ids) => query.filter(need::Column::OrganisationId.is_in(ids)),
        Scope::OpenToVendors => query
            .filter(need::Column::Status.eq(NeedStatus::Open))
            .filter(need::Column::Visibility.ne(NeedVisibility::Private)),
    };
    query.limit(LIST_LIMIT).all(db).await
}

async fn replace_categories<C: ConnectionTrait>(db: &C, id: Uuid, codes: &[String]) -> Result<(), DbErr> {
    need_category::Entity::delete_many().filter(need_category::Column::NeedId.eq(id)).exec(db).await?;
    if codes.is_empty() {
        return Ok(());
    }
    let rows =
        codes.iter().map(|code| need_category::ActiveModel { need_id: Set(id), category_code: Set(code.clone()) });
    need_category::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

fn apply(model: &mut need::ActiveModel, draft: &NeedDraft) {
    model.title = Set(draft.title.clone());
    model.body = Set(draft.body.clone());
    model.keywords = Set(draft.keywords.clone());
    model.worries = Set(draft.worries.join(","));
    model.employees = Set(draft.employees);
    model.devices = Set(draft.devices);
    model.budget_initial_yen = Set(draft.budget_initial_yen);
    model.budget_monthly_yen = Set(draft.budget_monthly_yen);
    model.prefecture_code = Set(draft.prefecture_code);
    model.industry_code = Set(draft.industry_code.clone());
    model.deadline = Set(draft.deadline);
    model.visibility = Set(draft.visibility);
    model.updated_at = Set(Utc::now());
}

/// Stores a new need of `organisation_id` with its categories and an audit entry.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    organisation_id: Uuid,
    draft: &NeedDraft,
    ip: Option<String>,
) -> Result<need::Model, DbErr> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let mut model = need::ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(organisation_id),
        created_by_user_id: Set(Some(actor.user_id)),
        status: Set(NeedStatus::Open),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, draft);
    let saved = model.insert(&txn).await?;
    replace_categories(&txn, saved.id, &draft.categories).await?;
    let detail =
        serde_json::json!({ "organisation_id": organisation_id, "visibility": visibility_code(draft.visibility) });
    audit::record(&txn, Entry::new("need.created", "need").by(Some(actor)).object(saved.id).detail(detail).ip(ip))
        .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Replaces a need's fields and categories (its owner and status stay).
pub async fn update(db: &DatabaseConnection, existing: need::Model, draft: &NeedDraft) -> Result<need::Model, DbErr> {
    let txn = db.begin().await?;
    let id = existing.id;
    let mut model = existing.into_active_model();
    apply(&mut model, draft);
    let saved = model.update(&txn).await?;
    replace_categories(&txn, id, &draft.categories).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Closes or reopens a need, audited. Setting the status it already has changes nothing.
pub async fn set_status(
    db: &DatabaseConnection,
    actor: &Actor,
    existing: need::Model,
    status: NeedStatus,
    ip: Option<String>,
) -> Result<(), DbErr> {
    if existing.status == status {
        return Ok(());
    }
    let txn = db.begin().await?;
    let id = existing.id;
    let mut model = existing.into_active_model();
    model.status = Set(status);
    model.updated_at = Set(Utc::now());
    model.update(&txn).await?;
    let action = if status == NeedStatus::Closed { "need.closed" } else { "need.reopened" };
    audit::record(&txn, Entry::new(action, "need").by(Some(actor)).object(id).ip(ip)).await?;
    txn.commit().await?;
    Ok(())
}
