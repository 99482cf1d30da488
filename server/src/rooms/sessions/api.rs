//! `/api/v1/sessions` and `/api/v1/working-groups/{id}/sessions`: sessions as JSON, with the
//! pages' rules. Writes need the session's CSRF token in `X-CSRF-Token`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use uuid::Uuid;

use super::form::{self, SessionInput};
use super::store;
use crate::http::body::{LARGE_BODY_LIMIT, read_json};
use crate::http::{HttpError, RequestMeta};
use crate::identity::extract::{MaybeSignedIn, SignedIn};
use crate::rooms::access::RoomAction;
use crate::rooms::check_header_csrf;
use crate::rooms::context::{self, authorise};
use crate::rooms::registrations::store::approved_total;
use crate::rooms::view::{self, SessionView};
use crate::state::AppState;

/// The fields of a session.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct SessionRequest {
    /// Required, at most 200 characters.
    title_ja: String,
    title_en: Option<String>,
    /// At most 4000 characters.
    description: Option<String>,
    /// RFC 3339 with an offset, or a local `YYYY-MM-DDTHH:MM` in `time_zone`. A new session starts in the future.
    starts_at: String,
    /// IANA zone of a local `starts_at` (default Asia/Tokyo).
    time_zone: Option<String>,
    /// 5 to 600.
    duration_minutes: i64,
    /// 1 to 1000 seats.
    capacity: i64,
    /// Registrations wait for a moderator's approval.
    requires_approval: Option<bool>,
    /// At most 30 items whose minutes add up to at most the duration.
    agenda: Option<Vec<AgendaRequest>>,
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct AgendaRequest {
    planned_minutes: i64,
    title_ja: String,
    title_en: Option<String>,
}

pub(crate) async fn view_of(
    state: &AppState,
    session: &entities::wg_session::Model,
    locale: crate::i18n::Locale,
) -> Result<SessionView, HttpError> {
    let agenda = store::agenda(&state.db, session.id).await?;
    let approved = approved_total(&state.db, session.id).await?;
    Ok(view::session(session, &agenda, approved, locale))
}

/// One session.
#[utoipa::path(get, path = "/api/v1/sessions/{id}", tag = "working_groups",
    params(("id" = Uuid, Path, description = "session id")),
    responses(
        (status = 200, body = SessionView),
        (status = 404, description = "no such session, or its group is archived", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view_of(&state, &ctx.session, meta.locale).await?))
}

/// Schedules a session in the group (the organiser and the group's moderators).
#[utoipa::path(post, path = "/api/v1/working-groups/{id}/sessions", tag = "working_groups", request_body = SessionRequest,
    params(("id" = Uuid, Path, description = "working group id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = SessionView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a moderator of the group, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such group", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::group(&state.db, Some(who.actor()), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    check_header_csrf(&req)?;
    let body = read_json(&req, payload, LARGE_BODY_LIMIT).await?;
    let draft = form::validate(&SessionInput::from_json(&body), Some(Utc::now())).map_err(HttpError::Validation)?;
    let session = store::create(&state.db, ctx.group.id, &draft).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/sessions/{}", session.id)))
        .json(view_of(&state, &session, meta.locale).await?))
}

/// Replaces a session's schedule, capacity and agenda (its managers).
#[utoipa::path(put, path = "/api/v1/sessions/{id}", tag = "working_groups", request_body = SessionRequest,
    params(("id" = Uuid, Path, description = "session id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = SessionView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a manager of the session, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    check_header_csrf(&req)?;
    let body = read_json(&req, payload, LARGE_BODY_LIMIT).await?;
    let draft = form::validate(&SessionInput::from_json(&body), None).map_err(HttpError::Validation)?;
    let session = store::update(&state.db, ctx.session, &draft).await?;
    Ok(HttpResponse::Ok().json(view_of(&state, &session, meta.locale).await?))
}

/// Calls the session off before it starts (its managers); everyone registered gets a mail.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/cancel", tag = "working_groups",
    params(("id" = Uuid, Path, description = "session id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = SessionView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a manager of the session, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "registration_closed: already started or cancelled", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    check_header_csrf(&req)?;
    let session = cancel_checked(&state, ctx).await?;
    Ok(HttpResponse::Ok().json(view_of(&state, &session, meta.locale).await?))
}

/// Only a session that has not started and is not already cancelled can be called off.
pub(super) async fn cancel_checked(
    state: &AppState,
    ctx: context::SessionContext,
) -> Result<entities::wg_session::Model, HttpError> {
    use crate::rooms::RoomsError;
    use crate::rooms::registrations::rules::Refusal;
    let s = &ctx.session;
    if s.status != entities::wg_session::SessionStatus::Scheduled || s.starts_at <= Utc::now() {
        return Err(RoomsError::Registration(Refusal::Closed).into());
    }
    Ok(store::cancel(&state.db, &state.config.base_url, &ctx.group, ctx.session).await?)
}
