//! Minutes: Markdown written by the session's managers and notes-takers, kept as a draft and
//! published once the session is over. Published minutes are read by the group's members and the
//! session's approved registrants; drafts only by their writers.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use super::store;
use crate::http::body::{LARGE_BODY_LIMIT, read_form, read_json};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::extract::{MaybeSignedIn, SignedIn};
use crate::rooms::access::RoomAction;
use crate::rooms::context::{self, SessionContext, authorise};
use crate::rooms::error::RoomsError;
use crate::rooms::view::{MinutesView, pick};
use crate::rooms::{check_form_csrf, check_header_csrf, form_value, see_other};
use crate::state::AppState;

pub const MINUTES_MAX: usize = 50_000;

/// The request body of `PUT /api/v1/sessions/{id}/minutes`.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct MinutesRequest {
    /// Markdown, at most 50000 characters; empty clears the minutes.
    markdown: String,
    /// Publish (only after the session's end); false keeps or makes them a draft.
    publish: Option<bool>,
}

fn check(markdown: &str) -> Result<Option<String>, HttpError> {
    let text = markdown.trim();
    if text.chars().count() > MINUTES_MAX {
        return Err(HttpError::Validation(vec![FieldError::new("markdown", "too_long").with("max", MINUTES_MAX)]));
    }
    Ok((!text.is_empty()).then(|| text.replace("\r\n", "\n")))
}

async fn save_checked(
    state: &AppState,
    ctx: SessionContext,
    markdown: &str,
    publish: bool,
) -> Result<entities::wg_session::Model, HttpError> {
    let markdown = check(markdown)?;
    if publish && ctx.session.ends_at > Utc::now() {
        return Err(RoomsError::NotEnded.into());
    }
    Ok(store::save_minutes(&state.db, ctx.session, markdown, publish).await?)
}

fn minutes_view(s: &entities::wg_session::Model) -> MinutesView {
    MinutesView {
        session_id: s.id,
        markdown: s.minutes_markdown.clone(),
        published_at: s.minutes_published_at.map(|at| at.to_rfc3339()),
    }
}

pub async fn form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::WriteMinutes)?;
    Ok(page(&ctx, &meta, ctx.session.minutes_markdown.clone().unwrap_or_default(), None))
}

use crate::ui::Page;

fn page(ctx: &SessionContext, meta: &RequestMeta, markdown: String, error: Option<&str>) -> Page {
    Page::new(
        "pages/sessions/minutes.html",
        json!({
            "session": {
                "id": ctx.session.id,
                "title": pick(&ctx.session.title_ja, ctx.session.title_en.as_ref(), meta.locale),
                "ended": ctx.session.ends_at <= Utc::now(),
                "published_at": ctx.session.minutes_published_at.map(|at| at.to_rfc3339()),
            },
            "markdown": markdown,
            "max": MINUTES_MAX,
            "error": error,
        }),
    )
}

pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::WriteMinutes)?;
    let markdown = form_value(&pairs, "markdown").to_owned();
    let publish = form_value(&pairs, "publish") == "true";
    let id = ctx.session.id;
    match save_checked(&state, ctx.clone(), &markdown, publish).await {
        Ok(_) => Ok(Either::Left(see_other(&format!(
            "/sessions/{id}?notice={}",
            if publish { "minutes_published" } else { "minutes_saved" }
        )))),
        Err(HttpError::Validation(_)) => {
            let page = page(&ctx, &meta, markdown.chars().take(MINUTES_MAX + 1).collect(), Some("too_long"));
            Ok(Either::Right(page.with_status(StatusCode::UNPROCESSABLE_ENTITY)))
        }
        Err(other) => Err(other),
    }
}

/// The minutes: published ones for the session's circle, drafts for their writers.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/minutes", tag = "working_groups",
    params(("id" = Uuid, Path, description = "session id")),
    responses(
        (status = 200, body = MinutesView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not in the session's circle, or not published yet", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn api_show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), id.into_inner()).await?;
    let published = ctx.session.minutes_published_at.is_some();
    authorise(&ctx.standing, RoomAction::ReadMinutes { published })?;
    Ok(HttpResponse::Ok().json(minutes_view(&ctx.session)))
}

/// Saves (and optionally publishes) the minutes (managers and notes-takers).
#[utoipa::path(put, path = "/api/v1/sessions/{id}/minutes", tag = "working_groups", request_body = MinutesRequest,
    params(("id" = Uuid, Path, description = "session id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = MinutesView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a writer of the minutes, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "publishing before the session's end", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "too long", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn api_save(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::WriteMinutes)?;
    check_header_csrf(&req)?;
    let body = read_json(&req, payload, LARGE_BODY_LIMIT).await?;
    let markdown = body.get("markdown").and_then(|v| v.as_str()).unwrap_or_default();
    let publish = body.get("publish").and_then(serde_json::Value::as_bool).unwrap_or(false);
    let session = save_checked(&state, ctx, markdown, publish).await?;
    Ok(HttpResponse::Ok().json(minutes_view(&session)))
}
