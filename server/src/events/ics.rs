//! A participant's agenda as an iCalendar file, through the shared pure writer in
//! `crate::calendar`: times in UTC (`…Z`), the table or the join link as location and URL.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::api::{agenda_view, load};
use super::rules::access;
use crate::calendar::{CalendarEntry, calendar_file};
use crate::http::{HttpError, RequestMeta};
use crate::i18n::Locale;
use crate::identity::extract::MaybeSignedIn;
use crate::state::AppState;

pub async fn agenda_file(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, HttpError> {
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::participate)?;
    let me = context.me()?.id;
    let agenda = agenda_view(&state, actor, &context, me, meta.locale).await?;
    let base = &state.config.base_url;
    let host = base.host_str().unwrap_or("colapla");
    let page = base.join(&format!("/events/{}/agenda", agenda.event_id)).map(|u| u.to_string()).unwrap_or_default();
    let entries: Vec<CalendarEntry> = agenda
        .items
        .iter()
        .map(|item| {
            let place = match (meta.locale, item.table_no) {
                (_, _) if agenda.online => "online".to_owned(),
                (Locale::Ja, Some(n)) => format!("テーブル {n}"),
                (Locale::En, Some(n)) => format!("Table {n}"),
                (_, None) => String::new(),
            };
            let summary = match meta.locale {
                Locale::Ja => format!("商談: {} × {}", agenda.participant.name, item.counterpart),
                Locale::En => format!("Meeting: {} × {}", agenda.participant.name, item.counterpart),
            };
            CalendarEntry {
                uid: format!("meeting-{}@{host}", item.meeting_id),
                starts_at: item.starts_at,
                ends_at: item.ends_at,
                summary,
                description: format!("{} — {place}", agenda.title),
                location: (!place.is_empty()).then_some(place),
                url: Some(item.join_url.clone().unwrap_or_else(|| format!("{page}#meeting-{}", item.meeting_id))),
                sequence: 0,
            }
        })
        .collect();
    let body = calendar_file(&agenda.title, &entries, Utc::now());
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"event-{}.ics\"", agenda.event_id)))
        .body(body))
}
