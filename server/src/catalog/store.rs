//! Catalog storage: named queries, so handlers never build SQL. Lists load their children
//! (categories, regions, verifications, vendor names) in one query per kind, not one per row.

use std::collections::HashMap;

use entities::{organisation, product, product_category, product_region, product_size_band, verification};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::pricing::Pricing;
use super::verification_status::{Level, RecordDates};

/// A product with what every listing shows.
#[derive(Debug, Clone)]
pub struct ProductListing {
    pub product: product::Model,
    pub vendor_name: String,
    pub categories: Vec<String>,
    pub size_bands: Vec<String>,
    /// Served prefectures; empty when nationwide.
    pub prefectures: Vec<i16>,
    pub verifications: Vec<verification::Model>,
}

impl ProductListing {
    pub fn pricing(&self) -> Pricing {
        Pricing {
            initial_yen: self.product.initial_yen,
            monthly_yen: self.product.monthly_yen,
            per_device_monthly_yen: self.product.per_device_monthly_yen,
        }
    }

    pub fn verification_dates(&self) -> Vec<RecordDates> {
        self.verifications.iter().map(record_dates).collect()
    }
}

pub fn level_of(level: verification::VerificationLevel) -> Level {
    match level {
        verification::VerificationLevel::Green => Level::Green,
        verification::VerificationLevel::Blue => Level::Blue,
        verification::VerificationLevel::Red => Level::Red,
        verification::VerificationLevel::Dev => Level::Dev,
    }
}

pub fn record_dates(v: &verification::Model) -> RecordDates {
    RecordDates {
        level: level_of(v.level),
        verified_on: v.verified_on,
        valid_until: v.valid_until,
        withdrawn: v.status == verification::VerificationStatus::Withdrawn,
    }
}

/// A page of published products, by name.
pub async fn published_page(
    db: &DatabaseConnection,
    page: u64,
    per_page: u64,
) -> Result<(Vec<ProductListing>, u64), DbErr> {
    let query = product::Entity::find()
        .filter(product::Column::Status.eq(product::ProductStatus::Published))
        .order_by_asc(product::Column::Name)
        .order_by_asc(product::Column::Id);
    let total = query.clone().count(db).await?;
    let products = query.offset(page * per_page).limit(per_page).all(db).await?;
    Ok((with_children(db, products).await?, total))
}

/// One published product, or `None` (drafts and archived products are not public).
pub async fn published_by_id(db: &DatabaseConnection, id: Uuid) -> Result<Option<ProductListing>, DbErr> {
    let Some(product) = product::Entity::find_by_id(id)
        .filter(product::Column::Status.eq(product::ProductStatus::Published))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(with_children(db, vec![product]).await?.pop())
}

/// One product in any status, or `None`. The caller asks the policy who may see it: drafts are
/// for their own vendor.
pub async fn by_id(db: &DatabaseConnection, id: Uuid) -> Result<Option<ProductListing>, DbErr> {
    let Some(product) = product::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(with_children(db, vec![product]).await?.pop())
}

pub async fn count_published(db: &DatabaseConnection) -> Result<u64, DbErr> {
    product::Entity::find().filter(product::Column::Status.eq(product::ProductStatus::Published)).count(db).await
}

/// Products with their children (vendor name, categories, size bands, regions, verifications),
/// one query per kind of child, whatever the number of products.
pub(crate) async fn with_children(
    db: &DatabaseConnection,
    products: Vec<product::Model>,
) -> Result<Vec<ProductListing>, DbErr> {
    if products.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = products.iter().map(|p| p.id).collect();
    let mut vendor_ids: Vec<Uuid> = products.iter().map(|p| p.organisation_id).collect();
    vendor_ids.sort_unstable();
    vendor_ids.dedup();

    let vendors: HashMap<Uuid, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(vendor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut categories: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in
        product_category::Entity::find().filter(product_category::Column::ProductId.is_in(ids.clone())).all(db).await?
    {
        categories.entry(row.product_id).or_default().push(row.category_code);
    }
    let mut bands: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in product_size_band::Entity::find()
        .filter(product_size_band::Column::ProductId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        bands.entry(row.product_id).or_default().push(row.size_band_code);
    }
    let mut regions: HashMap<Uuid, Vec<i16>> = HashMap::new();
    for row in
        product_region::Entity::find().filter(product_region::Column::ProductId.is_in(ids.clone())).all(db).await?
    {
        regions.entry(row.product_id).or_default().push(row.prefecture_code);
    }
    let mut verifications: HashMap<Uuid, Vec<verification::Model>> = HashMap::new();
    for row in verification::Entity::find()
        .filter(verification::Column::ProductId.is_in(ids))
        .order_by_desc(verification::Column::VerifiedOn)
        .all(db)
        .await?
    {
        verifications.entry(row.product_id).or_default().push(row);
    }

    Ok(products
        .into_iter()
        .map(|product| {
            let id = product.id;
            ProductListing {
                vendor_name: vendors.get(&product.organisation_id).cloned().unwrap_or_default(),
                categories: categories.remove(&id).unwrap_or_default(),
                size_bands: bands.remove(&id).unwrap_or_default(),
                prefectures: regions.remove(&id).unwrap_or_default(),
                verifications: verifications.remove(&id).unwrap_or_default(),
                product,
            }
        })
        .collect())
}

/// Names of organisations, for labels (verifiers on a product page, say).
pub async fn organisation_names(db: &DatabaseConnection, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// Published products holding a current green or blue verification, most recently verified first.
pub async fn verified_page(
    db: &DatabaseConnection,
    today: chrono::NaiveDate,
    limit: u64,
) -> Result<(Vec<ProductListing>, u64), DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    let current = verification::Entity::find()
        .select_only()
        .column(verification::Column::ProductId)
        .filter(verification::Column::Status.eq(verification::VerificationStatus::Active))
        .filter(
            verification::Column::Level
                .is_in([verification::VerificationLevel::Green, verification::VerificationLevel::Blue]),
        )
        .filter(verification::Column::VerifiedOn.lte(today))
        .filter(verification::Column::ValidUntil.gte(today));
    let query = product::Entity::find().filter(product::Column::Status.eq(product::ProductStatus::Published)).filter(
        Expr::col((product::Entity, product::Column::Id)).in_subquery(sea_orm::QueryTrait::into_query(current)),
    );
    let total = query.clone().count(db).await?;
    let products = query.order_by_asc(product::Column::Name).limit(limit).all(db).await?;
    Ok((with_children(db, products).await?, total))
}
