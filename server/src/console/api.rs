//! `/api/v1/console/...`: the console's data as JSON, for organiser members only (401 anonymous,
//! 403 everyone else), the same numbers as the pages.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use uuid::Uuid;

use super::pages::{organiser, parse_filter};
use super::report::{Approvals, EventRow, ExpiringRow, FunnelReport, MailHealth, SessionRow};
use super::sections;
use crate::http::body::csrf_header;
use crate::http::{HttpError, RequestMeta};
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::state::AppState;

/// Working-group sessions.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionList {
    pub items: Vec<SessionRow>,
}

/// Matching events.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventList {
    pub items: Vec<EventRow>,
}

/// Verifications that lapse soon.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExpiringList {
    pub items: Vec<ExpiringRow>,
}

/// What a reminder did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Reminded {
    /// `false` when the vendor was already reminded of this verification today (nothing sent).
    pub sent: bool,
}

/// Organisations, products and case studies waiting for the organiser.
#[utoipa::path(get, path = "/api/v1/console/approvals", tag = "console", responses(
    (status = 200, body = Approvals),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 403, description = "not an organiser", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn approvals(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
) -> Result<HttpResponse, HttpError> {
    organiser(who.actor())?;
    Ok(HttpResponse::Ok().json(sections::approvals(&state, meta.locale).await?))
}

/// The match funnel: matches that reached each step, conversion between steps, and matches by
/// category and prefecture. Filters: `from`, `to` (YYYY-MM-DD, on the match's creation),
/// `category`, `prefecture` (1–47), `level` (green | blue | red | dev).
#[utoipa::path(get, path = "/api/v1/console/funnel", tag = "console",
    params(
        ("from" = Option<String>, Query, description = "first day (YYYY-MM-DD)"),
        ("to" = Option<String>, Query, description = "last day (YYYY-MM-DD)"),
        ("category" = Option<String>, Query, description = "a product category code"),
        ("prefecture" = Option<i16>, Query, description = "the need's prefecture (JIS code)"),
        ("level" = Option<String>, Query, description = "the product's current verification level"),
    ),
    responses(
        (status = 200, body = FunnelReport),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "invalid filters", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn funnel(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
) -> Result<HttpResponse, HttpError> {
    organiser(who.actor())?;
    let filter = parse_filter(&req, &state)?;
    Ok(HttpResponse::Ok().json(sections::funnel(&state, filter, meta.locale).await?))
}

/// Working-group sessions: registrations, attendance, messages, polls held, minutes published.
#[utoipa::path(get, path = "/api/v1/console/sessions", tag = "console", responses(
    (status = 200, body = SessionList),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 403, description = "not an organiser", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn sessions(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
) -> Result<HttpResponse, HttpError> {
    organiser(who.actor())?;
    Ok(HttpResponse::Ok().json(SessionList { items: sections::sessions(&state, meta.locale).await? }))
}

/// Matching events: requests, acceptance rate, meetings held and outcomes.
#[utoipa::path(get, path = "/api/v1/console/events", tag = "console", responses(
    (status = 200, body = EventList),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 403, description = "not an organiser", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn events(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
) -> Result<HttpResponse, HttpError> {
    organiser(who.actor())?;
    Ok(HttpResponse::Ok().json(EventList { items: sections::events(&state, meta.locale).await? }))
}

/// Verification results that lapse within 60 days.
#[utoipa::path(get, path = "/api/v1/console/verifications", tag = "console", responses(
    (status = 200, body = ExpiringList),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 403, description = "not an organiser", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn verifications(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
) -> Result<HttpResponse, HttpError> {
    organiser(who.actor())?;
    Ok(HttpResponse::Ok().json(ExpiringList { items: sections::verifications(&state, meta.locale).await? }))
}

/// Reminds the vendor that a verification lapses soon (one mail per vendor member, at most once a
/// day per verification).
#[utoipa::path(post, path = "/api/v1/console/verifications/{id}/remind", tag = "console",
    params(("id" = Uuid, Path, description = "verification id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = Reminded),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such active, unexpired verification", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn remind(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = organiser(who.actor())?;
    csrf::verify(&req, csrf_header(&req))?;
    let sent =
        super::store::remind(&state.db, actor, id.into_inner(), sections::today(), &state.config.base_url).await?;
    Ok(HttpResponse::Ok().json(Reminded { sent }))
}

/// Outbox depth, sent, retrying, failed (with reasons, no addresses) and unsubscribes.
#[utoipa::path(get, path = "/api/v1/console/mail", tag = "console", responses(
    (status = 200, body = MailHealth),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 403, description = "not an organiser", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn mail(state: web::Data<AppState>, who: MaybeSignedIn) -> Result<HttpResponse, HttpError> {
    organiser(who.actor())?;
    Ok(HttpResponse::Ok().json(sections::mail(&state).await?))
}
