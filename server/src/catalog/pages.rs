//! Catalog pages: the product list and a product's page with its verification history.

use actix_web::web;
use serde::Deserialize;
use uuid::Uuid;

use super::{store, view};
use crate::http::{HttpError, RequestMeta};
use crate::state::AppState;
use crate::ui::Page;

pub const PER_PAGE: u64 = 24;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// 1-based page number.
    pub page: Option<u64>,
}

pub async fn list(
    state: web::Data<AppState>,
    meta: RequestMeta,
    query: web::Query<ListQuery>,
) -> Result<Page, HttpError> {
    let page = query.page.unwrap_or(1).max(1);
    let (listings, total) = store::published_page(&state.db, page - 1, PER_PAGE).await?;
    let today = chrono::Utc::now().date_naive();
    let catalogs = state.templates.catalogs();
    let cards: Vec<_> =
        listings.iter().map(|l| view::card(l, today, meta.locale, catalogs, &state.reference)).collect();
    let pages = total.div_ceil(PER_PAGE).max(1);
    Ok(Page::new(
        "pages/products.html",
        serde_json::json!({
            "products": cards,
            "total": total,
            "page": page,
            "pages": pages,
            "prev_page": (page > 1).then(|| page - 1),
            "next_page": (page < pages).then(|| page + 1),
        }),
    ))
}

pub async fn show(state: web::Data<AppState>, meta: RequestMeta, id: web::Path<Uuid>) -> Result<Page, HttpError> {
    let listing = store::published_by_id(&state.db, id.into_inner()).await?.ok_or(HttpError::NotFound)?;
    let today = chrono::Utc::now().date_naive();
    let catalogs = state.templates.catalogs();
    let verifier_ids: Vec<Uuid> = listing.verifications.iter().map(|v| v.verifier_organisation_id).collect();
    let verifier_names = store::organisation_names(&state.db, verifier_ids).await?;
    let detail = view::detail(&listing, today, meta.locale, catalogs, &state.reference);
    let rows = view::verification_rows(&listing, &verifier_names, today, meta.locale, catalogs);
    Ok(Page::new("pages/product.html", serde_json::json!({ "product": detail, "verifications": rows })))
}
