//! Reading products into the index: published products with their children, a chunk of ids at a
//! time (one query per table and chunk, never one per product).

use chrono::{DateTime, Utc};
use entities::{product, verification};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::index::ProductDoc;
use crate::catalog::store::ProductListing;
use crate::i18n::Locale;
use crate::reference::ReferenceData;

/// Ids a query carries at most (SQLite and PostgreSQL both bound bind parameters).
const CHUNK: usize = 1_000;

/// Every published product id.
pub async fn published_ids(db: &DatabaseConnection) -> Result<Vec<Uuid>, DbErr> {
    product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .filter(product::Column::Status.eq(product::ProductStatus::Published))
        .into_tuple()
        .all(db)
        .await
}

/// (id, updated_at) of products changed since `since`, and ids of products whose verifications did.
pub async fn changed_since(
    db: &DatabaseConnection,
    since: DateTime<Utc>,
) -> Result<(Vec<(Uuid, DateTime<Utc>)>, Vec<Uuid>), DbErr> {
    let products: Vec<(Uuid, DateTime<Utc>)> = product::Entity::find()
        .select_only()
        .columns([product::Column::Id, product::Column::UpdatedAt])
        .filter(product::Column::UpdatedAt.gt(since))
        .into_tuple()
        .all(db)
        .await?;
    let verified: Vec<Uuid> = verification::Entity::find()
        .select_only()
        .column(verification::Column::ProductId)
        .filter(verification::Column::UpdatedAt.gt(since))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Ok((products, verified))
}

/// The published ones among `ids`, with their children; the others are simply absent.
pub async fn published_listings(db: &DatabaseConnection, ids: &[Uuid]) -> Result<Vec<ProductListing>, DbErr> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        out.extend(chunk_listings(db, chunk).await?);
    }
    Ok(out)
}

async fn chunk_listings(db: &DatabaseConnection, ids: &[Uuid]) -> Result<Vec<ProductListing>, DbErr> {
    let products = product::Entity::find()
        .filter(product::Column::Id.is_in(ids.to_vec()))
        .filter(product::Column::Status.eq(product::ProductStatus::Published))
        .all(db)
        .await?;
    crate::catalog::store::with_children(db, products).await
}

/// What the index needs of a listing: facts for filters and the texts to tokenise.
pub fn doc_of(listing: &ProductListing, reference: &ReferenceData) -> ProductDoc {
    let p = &listing.product;
    let strong_text = [Some(&p.name), Some(&p.strong_points_ja), p.strong_points_en.as_ref()]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    let mut other: Vec<String> = vec![listing.vendor_name.clone(), p.description_ja.clone()];
    other.extend(p.description_en.clone());
    for code in &listing.categories {
        other.push(reference.category_name(code, Locale::Ja));
        other.push(reference.category_name(code, Locale::En));
    }
    ProductDoc {
        id: p.id,
        name: p.name.clone(),
        categories: listing.categories.clone(),
        size_bands: listing.size_bands.clone(),
        nationwide: p.nationwide || listing.prefectures.is_empty(),
        prefectures: listing.prefectures.clone(),
        pricing: listing.pricing(),
        verifications: listing.verification_dates(),
        strong_text,
        other_text: other.join("\n"),
        updated_at: p.updated_at,
    }
}
