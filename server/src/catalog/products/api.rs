//! `/api/v1/products` writes: the product form as JSON for the signed-in browser session (the
//! same checks, the same field names, errors as problem+json with field messages in the reader's
//! language). A cookie-authenticated write needs the session's CSRF token in `X-CSRF-Token`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::body::{csrf_header, read_json};
use super::guard::{authorise, product_for, reindex, vendor_for};
use super::status::Command;
use super::view::ListingView;
use super::{form, store};
use crate::catalog::store as catalog_store;
use crate::http::{HttpError, RequestMeta};
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::Action;
use crate::state::AppState;

/// The fields of a listing (numbers may also be sent as text; lists as arrays).
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct ProductRequest {
    /// At most 200 characters.
    name: String,
    /// 1 to 10 category codes from the reference data.
    categories: Vec<String>,
    /// At most 4000 characters.
    description_ja: String,
    description_en: Option<String>,
    /// ストロングポイント, at most 2000 characters.
    strong_points_ja: String,
    strong_points_en: Option<String>,
    /// Whole yen, 0 to 1,000,000,000 (default 0).
    initial_yen: Option<i64>,
    monthly_yen: Option<i64>,
    per_device_monthly_yen: Option<i64>,
    /// Company-size band codes.
    size_bands: Option<Vec<String>>,
    /// Served everywhere in Japan (then prefectures and regions are ignored).
    nationwide: Option<bool>,
    /// JIS prefecture codes, at most 47.
    prefectures: Option<Vec<i16>>,
    /// Region codes, expanded to their prefectures.
    regions: Option<Vec<String>>,
    /// cloud | on_premises | appliance | service
    deployment: String,
    /// ja | en | zh | ko (default ja).
    support_languages: Option<Vec<String>>,
    /// An http(s) address.
    website: Option<String>,
    /// 1 (hard) to 5 (easy).
    ease_of_introduction: Option<i16>,
    ease_of_operation: Option<i16>,
}

/// One change in a listing's history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// created | updated | reopened | published | archived
    pub action: String,
    pub actor_user_id: Option<Uuid>,
    pub at: DateTime<Utc>,
    /// The listing after the change.
    #[schema(value_type = Object)]
    pub snapshot: serde_json::Value,
}

async fn listing(state: &AppState, id: Uuid) -> Result<ListingView, HttpError> {
    Ok(catalog_store::by_id(&state.db, id).await?.ok_or(HttpError::NotFound)?.into())
}

/// Creates a draft listing for the signed-in vendor's organisation.
#[utoipa::path(post, path = "/api/v1/products", tag = "catalog", request_body = ProductRequest,
    params(("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = ListingView, description = "created as a draft; `Location` names its page"),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a member of an active vendor, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 413, description = "body over 4 MiB", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let vendor = vendor_for(who.actor())?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    csrf::verify(&req, csrf_header(&req))?;
    let fields = read_json(&req, payload).await?;
    let input = form::validate(&fields, &state.reference).map_err(HttpError::Validation)?;
    let p = store::create(&state.db, vendor.id, actor.user_id, &input)
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/products/{}", p.id)))
        .json(listing(&state, p.id).await?))
}

/// Rewrites a listing (an archived one goes back to draft).
#[utoipa::path(put, path = "/api/v1/products/{id}", tag = "catalog", request_body = ProductRequest,
    params(("id" = Uuid, Path, description = "product id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = ListingView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "another vendor's published product, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such product, or another vendor's draft", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let p = product_for(&state.db, who.actor(), id.into_inner(), Action::EditProduct).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    csrf::verify(&req, csrf_header(&req))?;
    let fields = read_json(&req, payload).await?;
    let input = form::validate(&fields, &state.reference).map_err(HttpError::Validation)?;
    store::update(&state.db, p.id, actor.user_id, &input)
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(HttpResponse::Ok().json(listing(&state, p.id).await?))
}

async fn change_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: Uuid,
    command: Command,
) -> Result<HttpResponse, HttpError> {
    let p = product_for(&state.db, who.actor(), id, Action::EditProduct).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    csrf::verify(&req, csrf_header(&req))?;
    store::change_status(&state.db, p.id, actor.user_id, command)
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(HttpResponse::Ok().json(listing(&state, p.id).await?))
}

/// Publishes a draft.
#[utoipa::path(post, path = "/api/v1/products/{id}/publish", tag = "catalog",
    params(("id" = Uuid, Path, description = "product id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = ListingView),
        (status = 403, description = "not the vendor's, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such product", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "not a draft", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    change_status(req, state, meta, who, id.into_inner(), Command::Publish).await
}

/// Archives a published listing.
#[utoipa::path(post, path = "/api/v1/products/{id}/archive", tag = "catalog",
    params(("id" = Uuid, Path, description = "product id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = ListingView),
        (status = 403, description = "not the vendor's, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such product", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "not published", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn archive(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    change_status(req, state, meta, who, id.into_inner(), Command::Archive).await
}

/// A listing's history, oldest first: for the vendor's members and the organiser.
#[utoipa::path(get, path = "/api/v1/products/{id}/history", tag = "catalog",
    params(("id" = Uuid, Path, description = "product id")),
    responses(
        (status = 200, body = Vec<HistoryEntry>),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not the vendor's", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such product", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn history(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let p = product_for(&state.db, actor, id.into_inner(), Action::ViewProduct).await?;
    // Who changed what is the vendor's own record, and the organiser's to oversee.
    let organiser = actor.is_some_and(|a| a.is_organiser());
    if !organiser {
        authorise(actor, Action::EditProduct(store::facts(&p)))?;
    }
    let entries: Vec<HistoryEntry> = store::history(&state.db, p.id)
        .await?
        .into_iter()
        .map(|h| HistoryEntry { action: h.action, actor_user_id: h.actor_user_id, at: h.at, snapshot: h.snapshot })
        .collect();
    Ok(HttpResponse::Ok().json(entries))
}
