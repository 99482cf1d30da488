//! Realtime rooms: `GET /ws/sessions/{id}` (`?group=N` for a breakout group, `?since=SEQ` to
//! resume). Checks, in order, before the upgrade: Origin, sign-in, the session, membership, removal,
//! lock and capacity. After it, every message is authorised by role (see [`commands`]).
//! Protocol: docs/rooms-protocol.md.

pub mod commands;
mod connection;
pub mod hub;
pub mod protocol;
pub mod reducer;
pub mod store;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use crate::http::HttpError;
use crate::identity::MaybeSignedIn;
use crate::state::AppState;
pub use hub::Hub;
use protocol::{MAX_BREAKOUT_GROUPS, Member, room_id};

/// Why a room refused a connection before the upgrade.
#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    #[error("origin not allowed")]
    ForeignOrigin,
    #[error("not signed in")]
    NotSignedIn,
    #[error("no such session")]
    NotFound,
    #[error("not a member of this room")]
    NotMember,
    #[error("the room is locked")]
    Locked,
    #[error("the room is full")]
    Full,
    #[error("store: {0}")]
    Db(#[from] sea_orm::DbErr),
}

#[derive(Debug, Deserialize)]
pub struct JoinQuery {
    /// Resume: the last seq the client saw.
    pub since: Option<i64>,
    /// A breakout group of the session (1-based).
    pub group: Option<u8>,
}

pub fn routes(routes: &mut crate::http::RouteTable) {
    routes.get("/ws/sessions/{id}", join);
}

/// True when the request's Origin is allowed. Browsers always send one on websocket upgrades;
/// a request without one is refused too.
fn origin_allowed(req: &HttpRequest, allowed: &[String]) -> bool {
    req.headers()
        .get(actix_web::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| is_allowed_origin(o, allowed))
}

async fn join(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    path: web::Path<Uuid>,
    query: web::Query<JoinQuery>,
) -> Result<HttpResponse, HttpError> {
    if !origin_allowed(&req, &state.config.rooms.allowed_origins) {
        return Err(RoomError::ForeignOrigin.into());
    }
    let Some(current) = who.0 else { return Err(RoomError::NotSignedIn.into()) };
    let db = &state.db;
    let session = store::session(db, *path).await.map_err(RoomError::from)?.ok_or(RoomError::NotFound)?;
    let role =
        store::role_of(db, &session, &current.actor).await.map_err(RoomError::from)?.ok_or(RoomError::NotMember)?;
    let me = Member { user: current.actor.user_id, name: current.actor.display_name.clone(), role };
    let group = match query.group {
        Some(g) if g == 0 || g > MAX_BREAKOUT_GROUPS => return Err(RoomError::NotFound.into()),
        other => other,
    };
    let main = state.rooms.room(&room_id(session.id, None)).await.map_err(RoomError::from)?;
    let main_state = main.snapshot().await.map_err(RoomError::from)?;
    if main_state.removed.contains(&me.user) {
        return Err(RoomError::NotMember.into());
    }
    let room = match group {
        None => main,
        Some(g) => {
            let assigned = main_state.breakout.as_ref().is_some_and(|b| b.assignment.get(&me.user) == Some(&g));
            let exists = main_state.breakout.as_ref().is_some_and(|b| g <= b.groups);
            if !exists || !(assigned || role.is_moderator()) {
                return Err(RoomError::NotMember.into());
            }
            state.rooms.room(&room_id(session.id, Some(g))).await.map_err(RoomError::from)?
        }
    };
    if !role.is_moderator() {
        if room.snapshot().await.map_err(RoomError::from)?.locked {
            return Err(RoomError::Locked.into());
        }
        let present = room.present();
        if !present.iter().any(|m| m.user == me.user) && present.len() >= session.capacity {
            return Err(RoomError::Full.into());
        }
    }
    let (response, ws, stream) = actix_ws::handle(&req, body).map_err(|e| HttpError::BadRequest(e.to_string()))?;
    if let Err(err) = store::mark_attended(db, session.id, me.user).await {
        tracing::warn!(%err, "attendance not recorded");
    }
    let connection = connection::Connection {
        state: state.clone(),
        room,
        session_id: session.id,
        is_group: group.is_some(),
        me,
        web_session: current.id_hash.clone(),
        since: query.since,
        overflowed: std::cell::Cell::new(false),
    };
    actix_web::rt::spawn(connection.run(ws, stream));
    Ok(response)
}

/// Whether an `Origin` value is in the allowlist (scheme, host and port, case-insensitive).
pub fn is_allowed_origin(origin: &str, allowed: &[String]) -> bool {
    allowed.iter().any(|a| a.eq_ignore_ascii_case(origin.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_exactly_and_ignore_case() {
        let allowed = vec!["http://127.0.0.1:8080".to_owned()];
        assert!(is_allowed_origin("http://127.0.0.1:8080", &allowed));
        assert!(is_allowed_origin("HTTP://127.0.0.1:8080/", &allowed));
        assert!(!is_allowed_origin("http://127.0.0.1:8081", &allowed));
        assert!(!is_allowed_origin("http://evil.example", &allowed));
    }
}
