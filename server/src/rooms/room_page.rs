//! `GET /sessions/{id}/room`: the room page. The page is a shell; `web/static/js/room.js` opens the
//! websocket and draws everything. Membership is checked here too, so a stranger gets a 403 page
//! rather than a room that cannot connect.

use actix_web::web;
use sea_orm::EntityTrait;
use uuid::Uuid;

use super::realtime::RoomError;
use super::realtime::store;
use crate::http::{HttpError, RequestMeta};
use crate::i18n::Locale;
use crate::identity::SignedIn;
use crate::state::AppState;
use crate::ui::Page;

/// Strings room.js shows, under `[rooms.js]` in the catalogs.
const JS_STRINGS: &[&str] = &[
    "connecting",
    "connected",
    "reconnecting",
    "closed_removed",
    "closed_signed_out",
    "you_have_floor",
    "floor",
    "nobody_has_floor",
    "seconds_left",
    "hands",
    "no_hands",
    "give_floor",
    "lower",
    "raise_hand",
    "lower_hand",
    "end_floor",
    "edit",
    "delete",
    "deleted",
    "edited",
    "save",
    "cancel",
    "poll_open",
    "poll_closed",
    "vote",
    "close_poll",
    "votes",
    "results_after_close",
    "anonymous",
    "muted",
    "locked",
    "remove",
    "present",
    "breakout_assigned",
    "breakout_join",
    "breakout_back",
    "breakout_running",
    "broadcast",
    "recalled",
    "error",
    "reaction",
    "minutes_left",
    "you",
];

pub async fn show(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    path: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let db = &state.db;
    let info = store::session(db, *path).await?.ok_or(RoomError::NotFound)?;
    let role = store::role_of(db, &info, who.actor()).await?.ok_or(RoomError::NotMember)?;
    let session = entities::wg_session::Entity::find_by_id(info.id).one(db).await?.ok_or(RoomError::NotFound)?;
    let title = match (meta.locale, &session.title_en) {
        (Locale::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => session.title_ja.clone(),
    };
    let catalogs = state.templates.catalogs();
    let strings: serde_json::Map<String, serde_json::Value> = JS_STRINGS
        .iter()
        .map(|k| ((*k).to_owned(), serde_json::Value::String(catalogs.text(meta.locale, &format!("rooms.js.{k}")))))
        .collect();
    let config = serde_json::json!({
        "session": info.id,
        "user": who.actor().user_id,
        "role": role,
        "strings": strings,
    });
    Ok(Page::new(
        "pages/room.html",
        serde_json::json!({
            "session_id": info.id,
            "title": title,
            "starts_at": session.starts_at.to_rfc3339(),
            "is_moderator": role.is_moderator(),
            "may_take_notes": role.may_take_notes(),
            // Read by room.js from a data attribute (escaped as any attribute).
            "room_config": config.to_string(),
        }),
    ))
}
