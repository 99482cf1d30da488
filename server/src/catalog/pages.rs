//! Catalog pages: the product list and a product's page with its verification history.

use actix_web::{HttpRequest, web};
use uuid::Uuid;

use super::{search, store, view};
use crate::http::{HttpError, RequestMeta};
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::{Action, decide};
use crate::state::AppState;
use crate::ui::Page;

pub const PER_PAGE: usize = 24;

/// The product list: a filter form, the products found (from the search index) with why they
/// fit, and "compare" checkboxes that submit a plain GET form to `/compare`.
pub async fn list(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> Result<Page, HttpError> {
    let pairs = search::query::pairs(req.query_string());
    search::query::check_paging(&pairs).map_err(HttpError::BadRequest)?;
    let request = search::query::parse(&pairs, &state.reference, PER_PAGE).map_err(HttpError::Validation)?;
    let today = chrono::Utc::now().date_naive();
    let catalogs = state.templates.catalogs();
    let result = state.search.search(&request.query, today);
    let products = search::results::page_hits(&result, today, meta.locale, catalogs, &state.reference);
    let total = result.total;
    let page = request.page;
    let pages = total.div_ceil(request.per_page).max(1);
    // Page links keep every filter: the asked pairs with `page` replaced.
    let page_url = |n: usize| {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs.iter().filter(|(k, _)| k != "page") {
            url.append_pair(k, v);
        }
        url.append_pair("page", &n.to_string());
        format!("/products?{}", url.finish())
    };
    Ok(Page::new(
        "pages/products.html",
        serde_json::json!({
            "products": products,
            "total": total,
            "page": page,
            "pages": pages,
            "prev_url": (page > 1).then(|| page_url(page - 1)),
            "next_url": (page < pages).then(|| page_url(page + 1)),
            "form": search::results::form(Some(&request), meta.locale, &state.reference),
            "devices": request.query.devices.unwrap_or(1),
            "compare_max": search::query::MAX_COMPARED,
        }),
    ))
}

pub async fn show(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    // Any status, then the policy: drafts and archived listings are for their own vendor.
    let listing = store::by_id(&state.db, id.into_inner()).await?.ok_or(HttpError::NotFound)?;
    if !decide(who.actor(), Action::ViewProduct(super::products::store::facts(&listing.product))).allowed() {
        return Err(HttpError::NotFound);
    }
    let today = chrono::Utc::now().date_naive();
    let catalogs = state.templates.catalogs();
    let verifier_ids: Vec<Uuid> = listing.verifications.iter().map(|v| v.verifier_organisation_id).collect();
    let verifier_names = store::organisation_names(&state.db, verifier_ids).await?;
    let detail = view::detail(&listing, today, meta.locale, catalogs, &state.reference);
    let rows = view::verification_rows(&listing, &verifier_names, today, meta.locale, catalogs);
    // Offer the next step to whoever may take it: the vendor edits, a verifier records a result.
    let facts = super::products::store::facts(&listing.product);
    let actions = serde_json::json!({
        "edit": decide(who.actor(), Action::EditProduct(facts)).allowed(),
        "verify": decide(who.actor(), Action::WriteVerification(facts)).allowed(),
    });
    // Published adoption cases (導入事例), each shown only with its user company's approval.
    let cases: Vec<_> = crate::case_studies::store::published(&state.db, Some(listing.product.id))
        .await?
        .iter()
        .map(|c| crate::case_studies::view::view(c, meta.locale))
        .collect();
    Ok(Page::new(
        "pages/product.html",
        serde_json::json!({ "product": detail, "verifications": rows, "actions": actions, "case_studies": cases }),
    ))
}
