//! `/api/v1/products`: the catalog as JSON, with the same visibility as the pages (published
//! products only, to everyone).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::search;
use super::store::{self, ProductListing, level_of};
use super::verification_status::current_badge;
use super::view::PricingView;
use crate::http::HttpError;
use crate::state::AppState;

pub const DEFAULT_PER_PAGE: usize = 20;

/// The search filters, documented here; `list` parses the raw query string (so `category` may
/// repeat) with `search::query::parse`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[expect(dead_code, reason = "documents the query string for OpenAPI; `search::query` parses it")]
pub struct ListParams {
    /// 1-based page number (default 1, at most 10,000).
    pub page: Option<u64>,
    /// Items a page, 1 to 100 (default 20).
    pub per_page: Option<u64>,
    /// Keyword, Japanese (no spaces needed) or English; at most 200 characters.
    pub q: Option<String>,
    /// Category codes, repeated or comma-separated; a product in any of them fits.
    pub category: Option<Vec<String>>,
    /// Device count for prices and the monthly budget (default 1).
    pub devices: Option<i64>,
    /// Monthly budget in yen: the monthly price for `devices` must not exceed it.
    pub budget_monthly: Option<i64>,
    /// Initial budget in yen.
    pub budget_initial: Option<i64>,
    /// Company size band code; products with no bands fit every size.
    pub size: Option<String>,
    /// Prefecture served (JIS code 1–47); nationwide products fit.
    pub prefecture: Option<i16>,
    /// verified (current green or blue) | green | blue | red | dev, current records only.
    pub level: Option<String>,
    /// `true`: within the Otasuketai price caps.
    pub otasuketai: Option<bool>,
    /// relevance (default with a keyword) | name (default) | price | newest
    pub sort: Option<String>,
}

/// A product found by a search, with the monthly price for the asked device count and why it fits.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchItem {
    #[serde(flatten)]
    pub product: ProductView,
    /// Monthly price in yen for `devices` devices (1 when none was asked).
    pub monthly_yen_for_devices: i64,
    pub reasons: Vec<super::search::reasons::Reason>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    pub items: Vec<SearchItem>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A verification record as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VerificationView {
    /// green | blue | red | dev
    pub level: &'static str,
    pub verified_on: NaiveDate,
    pub valid_until: NaiveDate,
    /// True while the record is valid today and not withdrawn.
    pub current: bool,
    pub verifier_organisation_id: Uuid,
    pub summary_ja: String,
    pub summary_en: Option<String>,
    pub evidence_url: Option<String>,
}

/// A published product.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProductView {
    pub id: Uuid,
    pub name: String,
    pub vendor_organisation_id: Uuid,
    pub vendor_name: String,
    /// Category codes (see the reference data).
    pub categories: Vec<String>,
    pub description_ja: String,
    pub description_en: Option<String>,
    pub strong_points_ja: String,
    pub strong_points_en: Option<String>,
    pub pricing: PricingView,
    /// Computed from the pricing: within the Otasuketai price caps.
    pub otasuketai_compatible: bool,
    /// The best current level (blue, green, red, dev), if any.
    pub current_level: Option<&'static str>,
    pub nationwide: bool,
    /// Served prefectures (JIS codes) when not nationwide.
    pub prefectures: Vec<i16>,
    pub size_bands: Vec<String>,
    pub verifications: Vec<VerificationView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProductPage {
    pub items: Vec<ProductView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

fn product_view(listing: ProductListing, today: NaiveDate) -> ProductView {
    let badge = current_badge(&listing.verification_dates(), today);
    let otasuketai_compatible = listing.pricing().meets_otasuketai_caps();
    let p = listing.product;
    ProductView {
        id: p.id,
        name: p.name,
        vendor_organisation_id: p.organisation_id,
        vendor_name: listing.vendor_name,
        categories: listing.categories,
        description_ja: p.description_ja,
        description_en: p.description_en,
        strong_points_ja: p.strong_points_ja,
        strong_points_en: p.strong_points_en,
        pricing: PricingView {
            initial_yen: p.initial_yen,
            monthly_yen: p.monthly_yen,
            per_device_monthly_yen: p.per_device_monthly_yen,
        },
        otasuketai_compatible,
        current_level: badge.map(|b| b.level.code()),
        nationwide: p.nationwide,
        prefectures: listing.prefectures,
        size_bands: listing.size_bands,
        verifications: listing
            .verifications
            .into_iter()
            .map(|v| VerificationView {
                level: level_of(v.level).code(),
                current: store::record_dates(&v).is_current(today),
                verified_on: v.verified_on,
                valid_until: v.valid_until,
                verifier_organisation_id: v.verifier_organisation_id,
                summary_ja: v.summary_ja,
                summary_en: v.summary_en,
                evidence_url: v.evidence_url,
            })
            .collect(),
    }
}

/// Published products: searched, filtered, sorted and paged from the in-memory index.
#[utoipa::path(get, path = "/api/v1/products", tag = "catalog", params(ListParams), responses(
    (status = 200, body = SearchPage),
    (status = 400, description = "page or per_page not a number", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 422, description = "bad parameters, with field errors", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, HttpError> {
    let pairs = search::query::pairs(req.query_string());
    search::query::check_paging(&pairs).map_err(HttpError::BadRequest)?;
    let request = search::query::parse(&pairs, &state.reference, DEFAULT_PER_PAGE).map_err(HttpError::Validation)?;
    let today = chrono::Utc::now().date_naive();
    let result = state.search.search(&request.query, today);
    let items = result
        .hits
        .into_iter()
        .map(|hit| SearchItem {
            product: product_view((*hit.payload).clone(), today),
            monthly_yen_for_devices: hit.monthly_for_devices,
            reasons: hit.reasons,
        })
        .collect();
    Ok(HttpResponse::Ok().json(SearchPage {
        items,
        total: result.total as u64,
        page: request.page as u64,
        per_page: request.per_page as u64,
    }))
}

/// One published product with its verification history.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "catalog", params(("id" = Uuid, Path, description = "product id")), responses(
    (status = 200, body = ProductView),
    (status = 404, description = "no such published product", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn show(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, HttpError> {
    let listing = store::published_by_id(&state.db, id.into_inner()).await?.ok_or(HttpError::NotFound)?;
    Ok(HttpResponse::Ok().json(product_view(listing, chrono::Utc::now().date_naive())))
}
