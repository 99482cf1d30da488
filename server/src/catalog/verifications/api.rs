//! Verification writes as JSON, for the signed-in browser session: the same checks and field
//! names as the desk page, the session's CSRF token in `X-CSRF-Token`.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::guard::{product_to_verify, record_to_change, verifier_for};
use super::view::{RecordView, record};
use super::{form, store};
use crate::catalog::products::guard::reindex;
use crate::catalog::products::{csrf_header, read_json};
use crate::http::{HttpError, RequestMeta};
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::state::AppState;

/// A verification result.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct VerificationRequest {
    /// green | blue | red | dev
    level: String,
    /// YYYY-MM-DD, not in the future.
    verified_on: String,
    /// YYYY-MM-DD; two years after `verified_on` when missing.
    valid_until: Option<String>,
    /// At most 2000 characters.
    summary_ja: String,
    summary_en: Option<String>,
    /// An http(s) address.
    evidence_url: Option<String>,
    /// The verifier organisation, for the organiser recording on its behalf (a verifier's own
    /// organisation otherwise).
    verifier_organisation_id: Option<Uuid>,
}

/// An amendment: the corrected record and why.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct AmendRequest {
    #[schema(inline)]
    record: VerificationRequest,
    /// Required, at most 1000 characters.
    reason: String,
}

/// A withdrawal and why.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct WithdrawRequest {
    /// Required, at most 1000 characters.
    reason: String,
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Records a verification result for a product.
#[utoipa::path(post, path = "/api/v1/products/{id}/verifications", tag = "catalog", request_body = VerificationRequest,
    params(("id" = Uuid, Path, description = "product id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = RecordView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a verifier or the organiser, the product's own vendor, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such product", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let p = product_to_verify(&state, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    csrf::verify(&req, csrf_header(&req))?;
    let fields = read_json(&req, payload).await?;
    let input = form::validate(&fields, today()).map_err(HttpError::Validation)?;
    let verifier = verifier_for(&state, actor, input.verifier_organisation_id).await?;
    let v = store::record(&state.db, actor, p.id, verifier, &input, client_ip(&req))
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(HttpResponse::Created().json(record(v, today())))
}

/// Corrects a verification result, with a reason.
#[utoipa::path(post, path = "/api/v1/verifications/{id}/amend", tag = "catalog", request_body = AmendRequest,
    params(("id" = Uuid, Path, description = "verification id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = RecordView),
        (status = 403, description = "not this record's verifier nor the organiser", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such record", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "withdrawn", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn amend(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let (v, _) = record_to_change(&state, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    csrf::verify(&req, csrf_header(&req))?;
    let fields = read_json(&req, payload).await?;
    let (input, reason) = match (form::validate(&fields, today()), form::check_reason(&fields)) {
        (Ok(input), Ok(reason)) => (input, reason),
        (a, b) => {
            let mut errors = a.err().unwrap_or_default();
            errors.extend(b.err().unwrap_or_default());
            return Err(HttpError::Validation(errors));
        }
    };
    let v = store::amend(&state.db, actor, v.id, &input, &reason, client_ip(&req))
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(HttpResponse::Ok().json(record(v, today())))
}

/// Withdraws a verification result, with a reason.
#[utoipa::path(post, path = "/api/v1/verifications/{id}/withdraw", tag = "catalog", request_body = WithdrawRequest,
    params(("id" = Uuid, Path, description = "verification id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = RecordView),
        (status = 403, description = "not this record's verifier nor the organiser", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such record", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "already withdrawn", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "no reason", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn withdraw(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let (v, _) = record_to_change(&state, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    csrf::verify(&req, csrf_header(&req))?;
    let fields = read_json(&req, payload).await?;
    let reason = form::check_reason(&fields).map_err(HttpError::Validation)?;
    let v = store::withdraw(&state.db, actor, v.id, &reason, client_ip(&req))
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(HttpResponse::Ok().json(record(v, today())))
}
