//! The calendar file of a session (`/sessions/{id}/calendar.ics`): times in UTC, the room page as
//! the join link, written by the shared `calendar` module. Anyone who may see the session may
//! download it; the link still asks for sign-in and registration.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use entities::wg_session::{self, SessionStatus};
use uuid::Uuid;

use crate::calendar::{CalendarEntry, calendar_file};
use crate::http::{HttpError, RequestMeta};
use crate::i18n::Locale;
use crate::identity::extract::MaybeSignedIn;
use crate::rooms::context;
use crate::rooms::mail::title_in;
use crate::state::AppState;

/// The calendar entry of a session; `base_url` makes the links absolute.
pub fn calendar_entry(
    session: &wg_session::Model,
    group_name: &str,
    base_url: &url::Url,
    locale: Locale,
) -> CalendarEntry {
    let base = base_url.as_str().trim_end_matches('/');
    let host = base_url.host_str().unwrap_or("colapla");
    let room = format!("{base}/sessions/{}/room", session.id);
    let mut description = format!("{group_name}\n");
    if let Some(text) = session.description.as_deref().filter(|d| !d.is_empty()) {
        description.push_str(text);
        description.push('\n');
    }
    description.push_str(&format!("{base}/sessions/{}", session.id));
    CalendarEntry {
        uid: format!("session-{}@{host}", session.id),
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        summary: title_in(session, locale),
        description,
        location: Some("online (colapla)".to_owned()),
        url: Some(room),
        // Each edit moves `updated_at`; its seconds since creation keep rising, so calendar
        // clients replace their copy.
        sequence: u32::try_from((session.updated_at - session.created_at).num_seconds().max(0)).unwrap_or(u32::MAX),
    }
}

pub async fn download(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    if ctx.session.status == SessionStatus::Cancelled {
        return Err(HttpError::Gone);
    }
    let group_name = crate::rooms::view::pick(&ctx.group.name_ja, ctx.group.name_en.as_ref(), meta.locale);
    let entry = calendar_entry(&ctx.session, &group_name, &state.config.base_url, meta.locale);
    let ics = calendar_file("colapla", &[entry], Utc::now());
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"session-{}.ics\"", ctx.session.id),
        ))
        .body(ics))
}
