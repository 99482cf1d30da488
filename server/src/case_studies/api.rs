//! `/api/v1/case-studies`: published cases for everyone, and the same drafting, editing and status
//! actions as the pages for the parties of a case. Writes need the `X-CSRF-Token` header.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use super::rules::Command;
use super::view::{self, CaseStudyList, CaseStudyView};
use super::{form, guard, store};
use crate::http::body::{csrf_header, read_json};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::csrf;
use crate::identity::extract::{MaybeSignedIn, SignedIn};
use crate::state::AppState;

const BODY_LIMIT: usize = 256 * 1024;

/// Drafting from an adopted match.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the field itself")]
pub struct DraftRequest {
    match_id: Uuid,
}

/// The text of a case study.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields itself")]
pub struct CaseTextRequest {
    /// Required, at most 200 characters.
    title_ja: String,
    /// At most 8000 characters.
    body_ja: Option<String>,
    title_en: Option<String>,
    body_en: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Only the cases of this product.
    product_id: Option<Uuid>,
}

fn check_csrf(req: &HttpRequest) -> Result<(), HttpError> {
    csrf::verify(req, csrf_header(req))
}

async fn current(
    state: &AppState,
    who: Option<&crate::identity::actor::Actor>,
    id: Uuid,
    meta: &RequestMeta,
) -> Result<CaseStudyView, HttpError> {
    Ok(view::view(&guard::visible(state, who, id).await?, meta.locale))
}

/// Published case studies, newest first (at most 200).
#[utoipa::path(get, path = "/api/v1/case-studies", tag = "case_studies", params(ListQuery), responses(
    (status = 200, body = CaseStudyList),
))]
pub async fn list(
    state: web::Data<AppState>,
    meta: RequestMeta,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, HttpError> {
    let items =
        store::published(&state.db, query.product_id).await?.iter().map(|l| view::view(l, meta.locale)).collect();
    Ok(HttpResponse::Ok().json(CaseStudyList { items }))
}

/// One case study: published ones for everyone, others for the vendor, the user company and the organiser.
#[utoipa::path(get, path = "/api/v1/case-studies/{id}", tag = "case_studies", params(("id" = Uuid, Path, description = "case study id")), responses(
    (status = 200, body = CaseStudyView),
    (status = 404, description = "no such case study, or not visible to you", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn show(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    Ok(HttpResponse::Ok().json(current(&state, who.actor(), id.into_inner(), &meta).await?))
}

/// Drafts a case study from an adopted match (the product's vendor or the organiser).
#[utoipa::path(post, path = "/api/v1/case-studies", tag = "case_studies", request_body = DraftRequest,
    params(("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = CaseStudyView, description = "drafted (or the match's existing case); `Location` names its page"),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not the vendor or organiser, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such match, or not yours", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "the match is not adopted", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "no match_id", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn draft(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let match_id = body
        .get("match_id")
        .and_then(|v| v.as_str())
        .and_then(|v| v.parse::<Uuid>().ok())
        .ok_or_else(|| HttpError::Validation(vec![FieldError::new("match_id", "invalid")]))?;
    let id = guard::draft(&state, who.actor(), match_id).await?;
    let case = current(&state, Some(who.actor()), id, &meta).await?;
    Ok(HttpResponse::Created().insert_header((header::LOCATION, format!("/case-studies/{id}"))).json(case))
}

/// Rewrites a draft's text (the product's vendor).
#[utoipa::path(put, path = "/api/v1/case-studies/{id}", tag = "case_studies", request_body = CaseTextRequest,
    params(("id" = Uuid, Path, description = "case study id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = CaseStudyView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not the vendor, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such case study, or not visible to you", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "not a draft", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let id = id.into_inner();
    check_csrf(&req)?;
    guard::editable(&state, who.actor(), id).await?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let fields: Vec<(&str, &str)> = ["title_ja", "body_ja", "title_en", "body_en"]
        .iter()
        .filter_map(|k| body.get(*k).and_then(|v| v.as_str()).map(|v| (*k, v)))
        .collect();
    let text = form::validate(fields).map_err(HttpError::Validation)?;
    guard::edit(&state, who.actor(), id, &text).await?;
    Ok(HttpResponse::Ok().json(current(&state, Some(who.actor()), id, &meta).await?))
}

/// A status action: `submit` (vendor), `approve` or `send-back` (user company), `publish`
/// (organiser, only once the user company approved), `withdraw` (user company, at any time).
#[utoipa::path(post, path = "/api/v1/case-studies/{id}/{action}", tag = "case_studies",
    params(
        ("id" = Uuid, Path, description = "case study id"),
        ("action" = String, Path, description = "submit | approve | send-back | publish | withdraw"),
        ("x-csrf-token" = String, Header, description = "the session's CSRF token"),
    ),
    responses(
        (status = 200, body = CaseStudyView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not yours to do, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such case study or action, or not visible to you", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "not in a status that allows it (e.g. publishing without approval)", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn act(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, HttpError> {
    let (id, action) = path.into_inner();
    let command = Command::from_action(&action).ok_or(HttpError::NotFound)?;
    check_csrf(&req)?;
    guard::act(&state, who.actor(), id, command).await?;
    Ok(HttpResponse::Ok().json(current(&state, Some(who.actor()), id, &meta).await?))
}
