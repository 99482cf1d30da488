//! Downloads of a session's record (CSV and Markdown) for its managers once it is over, and the
//! organiser's deletion of that record.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use uuid::Uuid;

use super::{SessionRecord, store, to_csv, to_markdown};
use crate::http::body::read_form;
use crate::http::{HttpError, MAX_BODY_BYTES, RequestMeta};
use crate::i18n::DEFAULT_TIME_ZONE;
use crate::identity::audit::client_ip;
use crate::identity::extract::MaybeSignedIn;
use crate::rooms::access::RoomAction;
use crate::rooms::context::{self, SessionContext, authorise};
use crate::rooms::view::pick;
use crate::rooms::{RoomsError, check_form_csrf, see_other};
use crate::state::AppState;

async fn record(
    state: &AppState,
    who: &MaybeSignedIn,
    id: Uuid,
    meta: &RequestMeta,
) -> Result<(SessionContext, SessionRecord), HttpError> {
    let ctx = context::session(&state.db, who.actor(), id).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    if ctx.session.ends_at > Utc::now() {
        return Err(RoomsError::NotEnded.into());
    }
    let record = SessionRecord {
        title: pick(&ctx.session.title_ja, ctx.session.title_en.as_ref(), meta.locale),
        starts_at: ctx.session.starts_at,
        ends_at: ctx.session.ends_at,
        events: store::events(&state.db, ctx.session.id).await?,
        attendance: store::attendance(&state.db, ctx.session.id).await?,
        minutes: ctx.session.minutes_markdown.clone(),
    };
    Ok((ctx, record))
}

fn download(body: String, content_type: &str, name: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

pub async fn csv_download(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let (ctx, record) = record(&state, &who, id.into_inner(), &meta).await?;
    Ok(download(to_csv(&record), "text/csv; charset=utf-8", format!("session-{}.csv", ctx.session.id)))
}

pub async fn markdown_download(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let (ctx, record) = record(&state, &who, id.into_inner(), &meta).await?;
    let zone = who.actor().and_then(|a| a.time_zone.parse().ok()).unwrap_or(DEFAULT_TIME_ZONE);
    let body = to_markdown(&record, zone, meta.locale);
    Ok(download(body, "text/markdown; charset=utf-8", format!("session-{}.md", ctx.session.id)))
}

pub async fn delete_data(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, MAX_BODY_BYTES).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::DeleteSessionData)?;
    if ctx.session.ends_at > Utc::now() {
        return Err(RoomsError::NotEnded.into());
    }
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let id = ctx.session.id;
    let deleted = store::delete_data(&state.db, actor, ctx.session, client_ip(&req)).await?;
    tracing::info!(session = %id, events = deleted, "session data deleted by the organiser");
    Ok(see_other(&format!("/sessions/{id}?notice=data_deleted")))
}
