//! Rows → the engine's facts. The engine never sees a database type; this is the one place that
//! translates, so `colapla rank` on exported JSON and the live index agree.

use std::collections::HashMap;

use entities::need::{self, NeedStatus};
use entities::{case_study, need_category};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::catalog::store::ProductListing;
use crate::matching::engine::{self, Category, NeedFacts, PriceList, ProductFacts, SizeBand, VerificationFacts, Worry};

/// Ids a query carries at most (both backends bound bind parameters).
const CHUNK: usize = 1_000;

fn code<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

pub fn product_id(id: Uuid) -> engine::ProductId {
    engine::ProductId(id.to_string())
}

pub fn need_id(id: Uuid) -> engine::NeedId {
    engine::NeedId(id.to_string())
}

/// The engine's view of a published product; `adoption_industries` lists one industry code per
/// published case study.
pub fn product_facts(listing: &ProductListing, adoption_industries: Vec<String>) -> ProductFacts {
    let p = &listing.product;
    let ease = |v: Option<i16>| v.and_then(|v| u8::try_from(v).ok());
    ProductFacts {
        id: product_id(p.id),
        categories: listing.categories.iter().filter_map(|c| code::<Category>(c)).collect(),
        description_ja: p.description_ja.clone(),
        description_en: p.description_en.clone(),
        strong_points_ja: p.strong_points_ja.clone(),
        strong_points_en: p.strong_points_en.clone(),
        pricing: PriceList {
            initial_yen: p.initial_yen,
            monthly_yen: p.monthly_yen,
            per_device_monthly_yen: p.per_device_monthly_yen,
        },
        size_bands: listing.size_bands.iter().filter_map(|b| code::<SizeBand>(b)).collect(),
        nationwide: p.nationwide,
        prefectures: listing.prefectures.iter().filter_map(|c| u8::try_from(*c).ok()).collect(),
        ease_of_introduction: ease(p.ease_of_introduction),
        ease_of_operation: ease(p.ease_of_operation),
        verifications: listing
            .verifications
            .iter()
            .map(|v| {
                let dates = crate::catalog::store::record_dates(v);
                VerificationFacts {
                    level: dates.level,
                    verified_on: dates.verified_on,
                    valid_until: dates.valid_until,
                    withdrawn: dates.withdrawn,
                }
            })
            .collect(),
        adoption_industries,
    }
}

/// The engine's view of a need, given its category codes.
pub fn need_facts(n: &need::Model, categories: &[String]) -> NeedFacts {
    NeedFacts {
        id: need_id(n.id),
        categories: categories.iter().filter_map(|c| code::<Category>(c)).collect(),
        worries: n.worries.split(',').filter_map(|w| code::<Worry>(w.trim())).collect(),
        title: n.title.clone(),
        body: n.body.clone(),
        keywords: n.keywords.clone(),
        budget_initial_yen: n.budget_initial_yen,
        budget_monthly_yen: n.budget_monthly_yen,
        employees: u32::try_from(n.employees).unwrap_or(0),
        devices: u32::try_from(n.devices).unwrap_or(0),
        prefecture: u8::try_from(n.prefecture_code).unwrap_or(0),
        industry: n.industry_code.clone(),
    }
}

/// Published products among `ids` as facts with their adoption cases, each with its `updated_at`
/// (the others are absent).
pub async fn products(
    db: &DatabaseConnection,
    ids: &[Uuid],
) -> Result<Vec<(ProductFacts, chrono::DateTime<chrono::Utc>)>, DbErr> {
    let listings = crate::catalog::search::load::published_listings(db, ids).await?;
    let mut industries: HashMap<Uuid, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(Uuid, Option<String>)> = case_study::Entity::find()
            .select_only()
            .columns([case_study::Column::ProductId, case_study::Column::IndustryCode])
            .filter(case_study::Column::ProductId.is_in(chunk.to_vec()))
            .filter(case_study::Column::Status.eq(case_study::CaseStudyStatus::Published))
            .into_tuple()
            .all(db)
            .await?;
        for (product_id, industry) in rows {
            if let Some(industry) = industry {
                industries.entry(product_id).or_default().push(industry);
            }
        }
    }
    Ok(listings
        .iter()
        .map(|l| (product_facts(l, industries.remove(&l.product.id).unwrap_or_default()), l.product.updated_at))
        .collect())
}

/// Open needs among `ids` as facts, with their rows (closed or missing ones are absent).
pub async fn needs(db: &DatabaseConnection, ids: &[Uuid]) -> Result<Vec<(need::Model, NeedFacts)>, DbErr> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows = need::Entity::find()
            .filter(need::Column::Id.is_in(chunk.to_vec()))
            .filter(need::Column::Status.eq(NeedStatus::Open))
            .all(db)
            .await?;
        let mut categories: HashMap<Uuid, Vec<String>> = HashMap::new();
        for row in
            need_category::Entity::find().filter(need_category::Column::NeedId.is_in(chunk.to_vec())).all(db).await?
        {
            categories.entry(row.need_id).or_default().push(row.category_code);
        }
        for n in rows {
            let facts = need_facts(&n, categories.get(&n.id).map(Vec::as_slice).unwrap_or_default());
            out.push((n, facts));
        }
    }
    Ok(out)
}

/// Every open need id.
pub async fn open_need_ids(db: &DatabaseConnection) -> Result<Vec<Uuid>, DbErr> {
    need::Entity::find()
        .select_only()
        .column(need::Column::Id)
        .filter(need::Column::Status.eq(NeedStatus::Open))
        .into_tuple()
        .all(db)
        .await
}

/// Ids of needs changed since `since` (open or not: a closed one leaves the index).
pub async fn needs_changed_since(
    db: &DatabaseConnection,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(Uuid, chrono::DateTime<chrono::Utc>)>, DbErr> {
    need::Entity::find()
        .select_only()
        .columns([need::Column::Id, need::Column::UpdatedAt])
        .filter(need::Column::UpdatedAt.gt(since))
        .into_tuple()
        .all(db)
        .await
}
