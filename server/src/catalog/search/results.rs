//! What the list page shows of a search: cards with the monthly price for the asked device count
//! and the reasons in the reader's language, plus the choices of the filter form.

use chrono::NaiveDate;
use serde::Serialize;

use super::index::{Hit, SearchResult};
use super::query::{LevelFilter, SearchRequest, SortBy};
use super::reasons::{Reason, render};
use crate::catalog::store::ProductListing;
use crate::catalog::view::{self, CodeName, ProductCard};
use crate::i18n::{Catalogs, Locale};
use crate::reference::ReferenceData;

#[derive(Debug, Serialize)]
pub struct PageHit {
    #[serde(flatten)]
    pub card: ProductCard,
    pub monthly_for_devices: i64,
    pub reasons: Vec<PageReason>,
}

#[derive(Debug, Serialize)]
pub struct PageReason {
    /// The reason's kind, for styling.
    pub kind: String,
    pub text: String,
}

fn kind_of(reason: &Reason) -> String {
    serde_json::to_value(reason).ok().and_then(|v| v["kind"].as_str().map(str::to_owned)).unwrap_or_default()
}

pub fn page_hits(
    result: &SearchResult<ProductListing>,
    today: NaiveDate,
    locale: Locale,
    catalogs: &Catalogs,
    reference: &ReferenceData,
) -> Vec<PageHit> {
    result.hits.iter().map(|hit| page_hit(hit, today, locale, catalogs, reference)).collect()
}

fn page_hit(
    hit: &Hit<ProductListing>,
    today: NaiveDate,
    locale: Locale,
    catalogs: &Catalogs,
    reference: &ReferenceData,
) -> PageHit {
    PageHit {
        card: view::card(&hit.payload, today, locale, catalogs, reference),
        monthly_for_devices: hit.monthly_for_devices,
        reasons: hit
            .reasons
            .iter()
            .map(|r| PageReason { kind: kind_of(r), text: render(r, locale, catalogs, reference) })
            .collect(),
    }
}

/// The filter form: its choices and the values asked, so the form shows what was searched.
pub fn form(request: Option<&SearchRequest>, locale: Locale, reference: &ReferenceData) -> serde_json::Value {
    let q = request.map(|r| &r.query);
    let categories: Vec<CodeName> = reference
        .categories
        .iter()
        .map(|c| CodeName { code: c.named.code.clone(), name: c.named.name(locale).to_owned() })
        .collect();
    let sizes: Vec<CodeName> = reference
        .size_bands
        .iter()
        .map(|b| CodeName { code: b.named.code.clone(), name: b.named.name(locale).to_owned() })
        .collect();
    let prefectures: Vec<serde_json::Value> = reference
        .prefectures
        .iter()
        .map(|p| serde_json::json!({ "code": p.code, "name": reference.prefecture_name(p.code, locale) }))
        .collect();
    let level = q.and_then(|q| q.level).map(|l| match l {
        LevelFilter::Verified => "verified",
        LevelFilter::Exactly(l) => l.code(),
    });
    serde_json::json!({
        "categories": categories,
        "sizes": sizes,
        "prefectures": prefectures,
        "levels": ["verified", "blue", "green", "red", "dev"],
        "sorts": [SortBy::Relevance.code(), SortBy::Name.code(), SortBy::Price.code(), SortBy::Newest.code()],
        "q": q.and_then(|q| q.keyword.clone()),
        "selected_categories": q.map(|q| q.categories.clone()).unwrap_or_default(),
        "devices": q.and_then(|q| q.devices),
        "budget_monthly": q.and_then(|q| q.budget_monthly),
        "budget_initial": q.and_then(|q| q.budget_initial),
        "size": q.and_then(|q| q.size_band.clone()),
        "prefecture": q.and_then(|q| q.prefecture),
        "level": level,
        "otasuketai": q.is_some_and(|q| q.otasuketai),
        "sort": q.and_then(|q| q.sort).map(SortBy::code),
    })
}
