//! `/api/v1/events`: matching events as JSON for the signed-in browser session, with the same
//! rules as the pages. Writes need the session's CSRF token in the `X-CSRF-Token` header; field
//! errors come back as problem+json.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use entities::matching_event::MatchingEventStatus;
use entities::meeting::MeetingOutcome;
use entities::meeting_request::MeetingRequestState;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::actions::{self, NewRequest};
use super::rules::access;
use super::rules::flow::Response;
use super::rules::setup::{self, EventInput};
use super::rules::stats::{self, EventNumbers, MeetingFacts};
use super::schedule::{self, Edit};
use super::store::{self, EventContext};
use super::view::{self, AgendaView, EventList, EventSummary, EventView, MyEventView, ParticipantView, ScheduleView};
use super::{EventError, recommend};
use crate::http::body::{csrf_header, read_json};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::actor::Actor;
use crate::identity::csrf;
use crate::identity::extract::SignedIn;
use crate::state::AppState;

/// Largest JSON body of these routes (a list of every slot's id fits).
const BODY_LIMIT: usize = 256 * 1024;

type Problem = crate::http::Problem;

fn check_csrf(req: &HttpRequest) -> Result<(), HttpError> {
    csrf::verify(req, csrf_header(req))
}

pub(crate) async fn load(state: &AppState, actor: Option<&Actor>, id: Uuid) -> Result<EventContext, HttpError> {
    Ok(store::load(&state.db, id, actor, Utc::now()).await?)
}

/// Who may do something to an event (one of `rules::access`).
type Rule = fn(
    Option<&Actor>,
    super::rules::access::EventFacts,
    Option<entities::event_participant::ParticipantStatus>,
) -> crate::identity::policy::Decision;

/// The shape of every JSON write: the event as `actor` may touch it under `rule` (404/403 first,
/// so nothing about a hidden event leaks), then the CSRF header, then the body.
async fn authorised_body(
    req: &HttpRequest,
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    rule: Rule,
    payload: web::Payload,
) -> Result<(EventContext, serde_json::Value), HttpError> {
    let context = load(state, Some(actor), id).await?;
    context.require(Some(actor), rule)?;
    check_csrf(req)?;
    let body = read_json(req, payload, BODY_LIMIT).await?;
    Ok((context, body))
}

fn text(body: &serde_json::Value, name: &str) -> String {
    match body.get(name) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn uuid_field(body: &serde_json::Value, name: &str) -> Result<Uuid, EventError> {
    let value = text(body, name);
    if value.is_empty() {
        return Err(EventError::Invalid(vec![FieldError::new(name, "required")]));
    }
    value.parse().map_err(|_| EventError::Invalid(vec![FieldError::new(name, "invalid")]))
}

fn uuid_list(body: &serde_json::Value, name: &str) -> Result<Vec<Uuid>, EventError> {
    let Some(value) = body.get(name).filter(|v| !v.is_null()) else { return Ok(Vec::new()) };
    let Some(items) = value.as_array() else {
        return Err(EventError::Invalid(vec![FieldError::new(name, "invalid")]));
    };
    if items.len() > 1000 {
        return Err(EventError::Invalid(vec![FieldError::new(name, "too_many").with("max", 1000)]));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| EventError::Invalid(vec![FieldError::new(format!("{name}[{i}]"), "invalid")]))
        })
        .collect()
}

async fn event_view(state: &AppState, event: &entities::matching_event::Model) -> Result<EventView, HttpError> {
    Ok(view::event(event, &store::slots(&state.db, event.id).await?))
}

mod after;
mod booking;
mod manage;
mod timetable;

pub use after::*;
pub use booking::*;
pub use manage::*;
pub use timetable::*;
