//! Storage of product listings. Every change writes the product, its join rows and a
//! `product_history` row (a JSON snapshot and the actor) in one transaction, so a listing and its
//! history never disagree and a failed change leaves nothing behind.

use chrono::Utc;
use entities::{product, product_category, product_history, product_region, product_size_band};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::form::{ProductInput, deployment_code};
use super::status::{self, Command};
use crate::identity::organisations::store::begin_write;
use crate::identity::policy::{ProductFacts, ProductState};

/// What can go wrong changing a listing.
#[derive(Debug, thiserror::Error)]
pub enum ProductError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("not found")]
    NotFound,
    /// The command does not apply to the listing's status (publishing an archived product…).
    #[error("not in a status for this")]
    WrongStatus,
}

pub fn state_of(status: product::ProductStatus) -> ProductState {
    match status {
        product::ProductStatus::Draft => ProductState::Draft,
        product::ProductStatus::Published => ProductState::Published,
        product::ProductStatus::Archived => ProductState::Archived,
    }
}

pub fn status_code(status: product::ProductStatus) -> &'static str {
    match status {
        product::ProductStatus::Draft => "draft",
        product::ProductStatus::Published => "published",
        product::ProductStatus::Archived => "archived",
    }
}

/// What the policy needs to know about a product.
pub fn facts(p: &product::Model) -> ProductFacts {
    ProductFacts { vendor: p.organisation_id, state: state_of(p.status) }
}

pub async fn find<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<product::Model>, DbErr> {
    product::Entity::find_by_id(id).one(db).await
}

/// A vendor's products in every status, newest change first.
pub async fn of_vendors<C: ConnectionTrait>(db: &C, vendors: Vec<Uuid>) -> Result<Vec<product::Model>, DbErr> {
    product::Entity::find()
        .filter(product::Column::OrganisationId.is_in(vendors))
        .order_by_desc(product::Column::UpdatedAt)
        .all(db)
        .await
}

pub async fn history<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Vec<product_history::Model>, DbErr> {
    product_history::Entity::find()
        .filter(product_history::Column::ProductId.eq(id))
        .order_by_asc(product_history::Column::At)
        .order_by_asc(product_history::Column::Id)
        .all(db)
        .await
}

/// The listing after a change, as the history keeps it.
fn snapshot(p: &product::Model, input: &Children) -> serde_json::Value {
    json!({
        "name": p.name,
        "status": status_code(p.status),
        "description_ja": p.description_ja,
        "description_en": p.description_en,
        "strong_points_ja": p.strong_points_ja,
        "strong_points_en": p.strong_points_en,
        "initial_yen": p.initial_yen,
        "monthly_yen": p.monthly_yen,
        "per_device_monthly_yen": p.per_device_monthly_yen,
        "deployment": deployment_code(p.deployment),
        "nationwide": p.nationwide,
        "support_languages": p.support_languages,
        "website": p.website,
        "ease_of_introduction": p.ease_of_introduction,
        "ease_of_operation": p.ease_of_operation,
        "categories": input.categories,
        "size_bands": input.size_bands,
        "prefectures": input.prefectures,
    })
}

/// A listing's join rows: categories, size bands, served prefectures.
#[derive(Debug, Clone, Default)]
struct Children {
    categories: Vec<String>,
    size_bands: Vec<String>,
    prefectures: Vec<i16>,
}

impl From<&ProductInput> for Children {
    fn from(input: &ProductInput) -> Self {
        Self {
            categories: input.categories.clone(),
            size_bands: input.size_bands.clone(),
            prefectures: input.prefectures.clone(),
        }
    }
}

async fn children(txn: &DatabaseTransaction, id: Uuid) -> Result<Children, DbErr> {
    let categories = product_category::Entity::find()
        .filter(product_category::Column::ProductId.eq(id))
        .all(txn)
        .await?
        .into_iter()
        .map(|r| r.category_code)
        .collect();
    let size_bands = product_size_band::Entity::find()
        .filter(product_size_band::Column::ProductId.eq(id))
        .all(txn)
        .await?
        .into_iter()
        .map(|r| r.size_band_code)
        .collect();
    let prefectures = product_region::Entity::find()
        .filter(product_region::Column::ProductId.eq(id))
        .all(txn)
        .await?
        .into_iter()
        .map(|r| r.prefecture_code)
        .collect();
    Ok(Children { categories, size_bands, prefectures })
}

async fn record(
    txn: &DatabaseTransaction,
    p: &product::Model,
    input: &Children,
    action: &str,
    actor: Uuid,
) -> Result<(), DbErr> {
    product_history::Model {
        id: Uuid::now_v7(),
        product_id: p.id,
        actor_user_id: Some(actor),
        action: action.to_owned(),
        snapshot: snapshot(p, input),
        at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

/// Replaces the join rows with the input's.
async fn write_children(txn: &DatabaseTransaction, id: Uuid, input: &ProductInput) -> Result<(), DbErr> {
    product_category::Entity::delete_many().filter(product_category::Column::ProductId.eq(id)).exec(txn).await?;
    product_size_band::Entity::delete_many().filter(product_size_band::Column::ProductId.eq(id)).exec(txn).await?;
    product_region::Entity::delete_many().filter(product_region::Column::ProductId.eq(id)).exec(txn).await?;
    for code in &input.categories {
        product_category::ActiveModel { product_id: Set(id), category_code: Set(code.clone()) }.insert(txn).await?;
    }
    for code in &input.size_bands {
        product_size_band::ActiveModel { product_id: Set(id), size_band_code: Set(code.clone()) }.insert(txn).await?;
    }
    for code in &input.prefectures {
        product_region::ActiveModel { product_id: Set(id), prefecture_code: Set(*code) }.insert(txn).await?;
    }
    Ok(())
}

fn apply(active: &mut product::ActiveModel, input: &ProductInput) {
    active.name = Set(input.name.clone());
    active.description_ja = Set(input.description_ja.clone());
    active.description_en = Set(input.description_en.clone());
    active.strong_points_ja = Set(input.strong_points_ja.clone());
    active.strong_points_en = Set(input.strong_points_en.clone());
    active.initial_yen = Set(input.initial_yen);
    active.monthly_yen = Set(input.monthly_yen);
    active.per_device_monthly_yen = Set(input.per_device_monthly_yen);
    active.deployment = Set(input.deployment);
    active.nationwide = Set(input.nationwide);
    active.support_languages = Set(input.support_languages.join(","));
    active.website = Set(input.website.clone());
    active.ease_of_introduction = Set(input.ease_of_introduction);
    active.ease_of_operation = Set(input.ease_of_operation);
    active.updated_at = Set(Utc::now());
}

/// Creates a draft listing for `vendor`.
pub async fn create(
    db: &DatabaseConnection,
    vendor: Uuid,
    actor: Uuid,
    input: &ProductInput,
) -> Result<product::Model, ProductError> {
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let mut active = product::ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(vendor),
        status: Set(product::ProductStatus::Draft),
        created_at: Set(now),
        published_at: Set(None),
        ..Default::default()
    };
    apply(&mut active, input);
    let p = active.insert(&txn).await?;
    write_children(&txn, p.id, input).await?;
    record(&txn, &p, &input.into(), "created", actor).await?;
    txn.commit().await?;
    Ok(p)
}

/// Rewrites a listing. An archived listing that is edited goes back to draft, to be published again.
pub async fn update(
    db: &DatabaseConnection,
    id: Uuid,
    actor: Uuid,
    input: &ProductInput,
) -> Result<product::Model, ProductError> {
    let txn = begin_write(db).await?;
    let current = product::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or(ProductError::NotFound)?;
    let reopened = current.status == product::ProductStatus::Archived;
    let mut active = current.into_active_model();
    apply(&mut active, input);
    if reopened {
        active.status = Set(product::ProductStatus::Draft);
    }
    let p = active.update(&txn).await?;
    write_children(&txn, id, input).await?;
    record(&txn, &p, &input.into(), if reopened { "reopened" } else { "updated" }, actor).await?;
    txn.commit().await?;
    Ok(p)
}

/// Publishes or archives, when the listing's status allows it.
pub async fn change_status(
    db: &DatabaseConnection,
    id: Uuid,
    actor: Uuid,
    command: Command,
) -> Result<product::Model, ProductError> {
    let txn = begin_write(db).await?;
    let current = product::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or(ProductError::NotFound)?;
    let next = status::next(current.status, command).ok_or(ProductError::WrongStatus)?;
    let first_publication = next == product::ProductStatus::Published && current.published_at.is_none();
    let mut active = current.into_active_model();
    active.status = Set(next);
    active.updated_at = Set(Utc::now());
    if first_publication {
        active.published_at = Set(Some(Utc::now()));
    }
    let p = active.update(&txn).await?;
    let current_children = children(&txn, id).await?;
    record(&txn, &p, &current_children, command.history_action(), actor).await?;
    txn.commit().await?;
    Ok(p)
}
