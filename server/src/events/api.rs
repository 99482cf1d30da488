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

pub(super) async fn load(state: &AppState, actor: Option<&Actor>, id: Uuid) -> Result<EventContext, HttpError> {
    Ok(store::load(&state.db, id, actor, Utc::now()).await?)
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

/// The fields of an event (all as in the page's form).
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct EventRequest {
    /// Required, at most 200 characters.
    title_ja: String,
    title_en: Option<String>,
    /// At most 4000 characters.
    description: Option<String>,
    /// IANA zone, default Asia/Tokyo.
    time_zone: Option<String>,
    /// YYYY-MM-DD; the event lasts at most 14 days.
    starts_on: String,
    ends_on: String,
    /// HH:MM, local.
    day_start_time: String,
    day_end_time: String,
    /// 15, 20 or 30.
    slot_minutes: i16,
    /// `["12:00-13:00"]` or `[{"start": "12:00", "end": "13:00"}]`, at most 10.
    breaks: Option<Vec<String>>,
    /// 1 to 500 tables or virtual rooms.
    tables: i32,
    online: Option<bool>,
    /// Local to the event's zone (`2026-12-01T09:00`) or RFC 3339; booking must close before the first slot.
    booking_opens_at: String,
    booking_closes_at: String,
    /// open (default) | invitation
    participation: Option<String>,
    /// vendor_user_company (default) | anyone
    who_meets_who: Option<String>,
    /// 1 to 100 requests a participant, or empty for no limit.
    request_limit: Option<i32>,
}

/// Events: all for the organiser, those past draft for everyone else (invitation events only
/// for those invited).
#[utoipa::path(get, path = "/api/v1/events", tag = "events", responses(
    (status = 200, body = EventList),
    (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
))]
pub async fn list(state: web::Data<AppState>, meta: RequestMeta, who: SignedIn) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let mut items = Vec::new();
    for event in store::list(&state.db, actor.is_organiser()).await? {
        let mine = store::my_participant(&state.db, event.id, actor).await?;
        let facts = access::EventFacts { status: event.status, participation: event.participation };
        if access::view(Some(actor), facts, mine.map(|p| p.status)).allowed() {
            items.push(summary(&event, meta.locale));
        }
    }
    Ok(HttpResponse::Ok().json(EventList { items }))
}

pub(super) fn summary(event: &entities::matching_event::Model, locale: crate::i18n::Locale) -> EventSummary {
    let title = match (locale, &event.title_en) {
        (crate::i18n::Locale::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => event.title_ja.clone(),
    };
    EventSummary {
        id: event.id,
        title,
        starts_on: event.starts_on,
        ends_on: event.ends_on,
        status: view::code(&event.status),
        online: event.online,
        participation: view::code(&event.participation),
    }
}

/// Creates an event in draft (organisers).
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = EventRequest,
    params(("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = EventView, description = "created; `Location` names its page"),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    if !actor.is_organiser() {
        return Err(HttpError::Forbidden);
    }
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let draft = setup::validate(&EventInput::from_json(&body)).map_err(HttpError::Validation)?;
    let event = actions::create_event(&state.db, actor, &draft, Utc::now()).await?;
    let location = format!("/events/{}", event.id);
    Ok(HttpResponse::Created().insert_header((header::LOCATION, location)).json(event_view(&state, &event).await?))
}

/// One event, with its slots.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = Uuid, Path, description = "event id")), responses(
    (status = 200, body = EventView),
    (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "no such event, or not visible to you", body = Problem, content_type = "application/problem+json"),
))]
pub async fn show(state: web::Data<AppState>, who: SignedIn, id: web::Path<Uuid>) -> Result<HttpResponse, HttpError> {
    let context = load(&state, Some(who.actor()), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(event_view(&state, &context.event).await?))
}

/// Replaces an event's settings (organisers; in draft or booking). Changed days or hours make the slots again.
#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "events", request_body = EventRequest,
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = EventView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "the event is past booking", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::manage)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let draft = setup::validate(&EventInput::from_json(&body)).map_err(HttpError::Validation)?;
    let event = actions::update_event(&state.db, &context, &draft, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(event_view(&state, &event).await?))
}

/// The organiser's status change.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct StatusRequest {
    /// booking (open requests) | draft | scheduling (close requests) | closed (after publication)
    status: String,
}

/// Moves the event to another status (organisers). Publication is `/publish`.
#[utoipa::path(post, path = "/api/v1/events/{id}/status", tag = "events", request_body = StatusRequest,
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = EventView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "not allowed from the current status", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "unknown status", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::manage)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let to = parse_status(&text(&body, "status"))?;
    let event = actions::change_status(&state.db, &context, to, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(event_view(&state, &event).await?))
}

pub(super) fn parse_status(text: &str) -> Result<MatchingEventStatus, EventError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| EventError::Invalid(vec![FieldError::new("status", "unknown")]))
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct InvitationRequest {
    /// A vendor or user company.
    organisation_id: Uuid,
}

/// Invites an organisation to the event (organisers).
#[utoipa::path(post, path = "/api/v1/events/{id}/invitations", tag = "events", request_body = InvitationRequest,
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = ParticipantView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "past booking", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "unknown organisation", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::manage)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let organisation_id = uuid_field(&body, "organisation_id")?;
    let participant = actions::invite(&state.db, &context, organisation_id, Utc::now()).await?;
    Ok(HttpResponse::Created().json(view::participant(&participant, "")))
}

/// Registers the caller's vendor or user company (or accepts its invitation) while booking is
/// open. Vendors need a published product with a current green or blue verification.
#[utoipa::path(post, path = "/api/v1/events/{id}/registration", tag = "events",
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = ParticipantView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not eligible, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event, or not invited", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "booking is not open", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::register)?;
    check_csrf(&req)?;
    let participant = actions::register(&state.db, &context, actor, Utc::now()).await?;
    let name =
        actor.active().find(|m| m.organisation_id == participant.organisation_id).map(|m| m.organisation_name.clone());
    Ok(HttpResponse::Ok().json(view::participant(&participant, &name.unwrap_or_default())))
}

/// Every participant (organisers).
#[utoipa::path(get, path = "/api/v1/events/{id}/participants", tag = "events", params(("id" = Uuid, Path, description = "event id")), responses(
    (status = 200, body = Vec<ParticipantView>),
    (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "not an organiser", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
))]
pub async fn participants(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::manage)?;
    let rows = store::participants(&state.db, context.event.id).await?;
    let items: Vec<ParticipantView> =
        rows.iter().map(|(p, o)| view::participant(p, o.as_ref().map_or("", |o| o.name.as_str()))).collect();
    Ok(HttpResponse::Ok().json(items))
}

/// The names of an event's participants, by participant id.
pub(super) async fn names(state: &AppState, event_id: Uuid) -> Result<HashMap<Uuid, String>, HttpError> {
    Ok(store::participants(&state.db, event_id)
        .await?
        .into_iter()
        .map(|(p, o)| (p.id, o.map(|o| o.name).unwrap_or_default()))
        .collect())
}

/// The participant's own view: recommended counterparts, requests both ways, unavailability.
pub(super) async fn my_view(
    state: &AppState,
    context: &EventContext,
    meta: &RequestMeta,
) -> Result<MyEventView, HttpError> {
    let me = context.me()?;
    let names = names(state, context.event.id).await?;
    let requests = store::requests(&state.db, context.event.id).await?;
    let sent: Vec<_> = requests.iter().filter(|r| r.from_participant_id == me.id).collect();
    let counting = sent.iter().filter(|r| r.state != MeetingRequestState::Withdrawn).count();
    let counterparts =
        recommend::counterparts(&state.db, context, meta.locale, state.templates.catalogs(), &state.reference).await?;
    let unavailable = store::unavailability(&state.db, vec![me.id]).await?.remove(&me.id).unwrap_or_default();
    Ok(MyEventView {
        participant: view::participant(me, names.get(&me.id).map_or("", String::as_str)),
        counterparts,
        sent: sent.iter().map(|r| view::request(r, &names)).collect(),
        received: requests.iter().filter(|r| r.to_participant_id == me.id).map(|r| view::request(r, &names)).collect(),
        requests_left: context
            .event
            .request_limit
            .map(|l| (i64::from(l) - i64::try_from(counting).unwrap_or(0)).max(0)),
        unavailable_slot_ids: unavailable,
    })
}

/// The caller's participation: counterparts with the matching engine's reasons, requests sent
/// and received, unavailable slots.
#[utoipa::path(get, path = "/api/v1/events/{id}/me", tag = "events", params(("id" = Uuid, Path, description = "event id")), responses(
    (status = 200, body = MyEventView),
    (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "not a registered participant", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
))]
pub async fn me(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::participate)?;
    Ok(HttpResponse::Ok().json(my_view(&state, &context, &meta).await?))
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct MeetingRequestBody {
    to_participant_id: Uuid,
    /// At most 500 characters.
    message: Option<String>,
    must_meet: Option<bool>,
}

/// Sends a meeting request while booking is open (within the event's request limit).
#[utoipa::path(post, path = "/api/v1/events/{id}/requests", tag = "events", request_body = MeetingRequestBody,
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = view::RequestView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a registered participant, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "booking closed, limit reached, pair not allowed, already requested or no-thanks", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn send_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::participate)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let request = NewRequest {
        to_participant_id: uuid_field(&body, "to_participant_id")?,
        message: actions::check_message(&text(&body, "message"))?,
        must_meet: body.get("must_meet").and_then(serde_json::Value::as_bool).unwrap_or(false),
    };
    let saved = actions::send_request(&state.db, &context, request, Utc::now()).await?;
    let names = names(&state, context.event.id).await?;
    Ok(HttpResponse::Created().json(view::request(&saved, &names)))
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct RespondBody {
    /// accept | decline (the recipient) | withdraw (the sender)
    action: String,
}

/// Accepts, declines or withdraws a request.
#[utoipa::path(post, path = "/api/v1/events/{id}/requests/{request_id}/respond", tag = "events", request_body = RespondBody,
    params(("id" = Uuid, Path, description = "event id"), ("request_id" = Uuid, Path, description = "request id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = view::RequestView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not yours to answer, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event or request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "no longer pending, or booking closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "unknown action", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn respond(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let (id, request_id) = path.into_inner();
    let context = load(&state, Some(actor), id).await?;
    context.require(Some(actor), access::participate)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let response = Response::parse(&text(&body, "action"))
        .ok_or_else(|| HttpError::Validation(vec![FieldError::new("action", "unknown")]))?;
    let saved = actions::respond(&state.db, &context, request_id, response, Utc::now()).await?;
    let names = names(&state, context.event.id).await?;
    Ok(HttpResponse::Ok().json(view::request(&saved, &names)))
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct UnavailabilityBody {
    /// The slots (ids from the event) in which this participant cannot meet; replaces the list.
    slot_ids: Vec<Uuid>,
}

/// Replaces the caller's unavailable slots (until publication).
#[utoipa::path(put, path = "/api/v1/events/{id}/unavailability", tag = "events", request_body = UnavailabilityBody,
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = Vec<Uuid>),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a registered participant, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "already published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "unknown slots", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn unavailability(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::participate)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let slots = uuid_list(&body, "slot_ids")?;
    Ok(HttpResponse::Ok().json(actions::set_unavailability(&state.db, &context, &slots).await?))
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct PreferencesBody {
    /// Participants to meet for sure (placed first by the scheduler).
    must_meet: Vec<Uuid>,
    /// Participants not to meet: not recommended, and requests between you refused.
    no_thanks: Vec<Uuid>,
}

/// Replaces the caller's must-meet and no-thanks lists (until publication).
#[utoipa::path(put, path = "/api/v1/events/{id}/preferences", tag = "events", request_body = PreferencesBody,
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 204, description = "saved"),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a registered participant, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "already published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "unknown participants", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn preferences(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::participate)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let (must, no) = (uuid_list(&body, "must_meet")?, uuid_list(&body, "no_thanks")?);
    actions::set_preferences(&state.db, &context, &must, &no, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub(super) async fn schedule_view(state: &AppState, context: &EventContext) -> Result<ScheduleView, HttpError> {
    let (prepared, result, rows) = schedule::current(&state.db, &context.event).await?;
    Ok(view::schedule(&prepared, &result, &rows, false))
}

/// The schedule as it stands, with slots used against the bound and unplaced meetings with reasons (organisers).
#[utoipa::path(get, path = "/api/v1/events/{id}/schedule", tag = "events", params(("id" = Uuid, Path, description = "event id")), responses(
    (status = 200, body = ScheduleView),
    (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "not an organiser", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
))]
pub async fn show_schedule(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::manage)?;
    Ok(HttpResponse::Ok().json(schedule_view(&state, &context).await?))
}

/// Runs the scheduler on the accepted requests and replaces the draft meetings (organisers, in scheduling).
#[utoipa::path(post, path = "/api/v1/events/{id}/schedule", tag = "events",
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = ScheduleView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "not in scheduling, or cannot be scheduled", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn run_schedule(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::manage)?;
    check_csrf(&req)?;
    let result = schedule::run(&state.db, &context, Utc::now()).await?;
    let (prepared, _, rows) = schedule::current(&state.db, &context.event).await?;
    Ok(HttpResponse::Ok().json(view::schedule(&prepared, &result, &rows, true)))
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct MoveBody {
    meeting_id: Uuid,
    slot_id: Uuid,
    /// 1-based.
    table_no: i32,
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct SwapBody {
    a: Uuid,
    b: Uuid,
}

async fn edit_schedule(
    req: HttpRequest,
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    payload: web::Payload,
    swap: bool,
) -> Result<HttpResponse, HttpError> {
    let context = load(state, Some(actor), id).await?;
    context.require(Some(actor), access::manage)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let edit = if swap {
        Edit::Swap { a: uuid_field(&body, "a")?, b: uuid_field(&body, "b")? }
    } else {
        let table_no = text(&body, "table_no")
            .parse()
            .map_err(|_| HttpError::Validation(vec![FieldError::new("table_no", "invalid")]))?;
        Edit::Move { meeting_id: uuid_field(&body, "meeting_id")?, slot_id: uuid_field(&body, "slot_id")?, table_no }
    };
    schedule::edit(&state.db, &context, edit, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(schedule_view(state, &context).await?))
}

/// Moves one meeting to a slot and table, if the whole schedule still keeps its rules (organisers).
#[utoipa::path(post, path = "/api/v1/events/{id}/schedule/move", tag = "events", request_body = MoveBody,
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = ScheduleView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event, meeting or slot", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "the move breaks a rule (double booking, table clash, unavailability)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn move_meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    edit_schedule(req, &state, who.actor(), id.into_inner(), payload, false).await
}

/// Swaps the slots and tables of two meetings, if the schedule still keeps its rules (organisers).
#[utoipa::path(post, path = "/api/v1/events/{id}/schedule/swap", tag = "events", request_body = SwapBody,
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = ScheduleView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event or meeting", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "the swap breaks a rule", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn swap_meetings(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    edit_schedule(req, &state, who.actor(), id.into_inner(), payload, true).await
}

/// Publishes the schedule and mails every participant (organisers, in scheduling).
#[utoipa::path(post, path = "/api/v1/events/{id}/publish", tag = "events",
    params(("id" = Uuid, Path, description = "event id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = EventView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an organiser, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "not in scheduling", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::manage)?;
    check_csrf(&req)?;
    let event = schedule::publish(&state.db, &context, &state.config.base_url, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(event_view(&state, &event).await?))
}

/// A participant's agenda: its own participant's (or, for organisers, anyone's).
pub(super) async fn agenda_view(
    state: &AppState,
    actor: &Actor,
    context: &EventContext,
    participant_id: Uuid,
    locale: crate::i18n::Locale,
) -> Result<AgendaView, HttpError> {
    let own = context.mine.as_ref().is_some_and(|p| {
        p.id == participant_id && p.status == entities::event_participant::ParticipantStatus::Registered
    });
    if !own && !actor.is_organiser() {
        // Someone else's agenda does not exist for this participant.
        return Err(HttpError::NotFound);
    }
    let names = names(state, context.event.id).await?;
    let participant = entities::event_participant::Entity::find_by_id(participant_id)
        .one(&state.db)
        .await?
        .filter(|p| p.event_id == context.event.id)
        .ok_or(HttpError::NotFound)?;
    let now = Utc::now();
    let items = schedule::agenda(&state.db, context.event.id, participant_id)
        .await?
        .into_iter()
        .map(|(m, slot, other)| view::AgendaItem {
            meeting_id: m.id,
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            counterpart: names.get(&other).cloned().unwrap_or_default(),
            table_no: m.table_no,
            join_url: m.join_url.clone(),
            outcome: m.outcome.as_ref().map(view::code),
            begun: slot.starts_at <= now,
        })
        .collect();
    Ok(AgendaView {
        event_id: context.event.id,
        title: summary(&context.event, locale).title,
        time_zone: context.event.time_zone.clone(),
        online: context.event.online,
        participant: view::participant(&participant, names.get(&participant.id).map_or("", String::as_str)),
        items,
    })
}

/// A participant's published meetings (the participant itself, or organisers).
#[utoipa::path(get, path = "/api/v1/events/{id}/participants/{participant_id}/agenda", tag = "events",
    params(("id" = Uuid, Path, description = "event id"), ("participant_id" = Uuid, Path, description = "participant id")),
    responses(
        (status = 200, body = AgendaView),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such event or participant, or not yours", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn agenda(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let (id, participant_id) = path.into_inner();
    let context = load(&state, Some(actor), id).await?;
    Ok(HttpResponse::Ok().json(agenda_view(&state, actor, &context, participant_id, meta.locale).await?))
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct JoinUrlBody {
    /// An http(s) video link, or empty to remove it.
    join_url: String,
}

/// Sets the external video link of one of the caller's meetings.
#[utoipa::path(put, path = "/api/v1/events/{id}/meetings/{meeting_id}/join-url", tag = "events", request_body = JoinUrlBody,
    params(("id" = Uuid, Path, description = "event id"), ("meeting_id" = Uuid, Path, description = "meeting id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 204, description = "saved"),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a registered participant, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such meeting of yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "not an http(s) link", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn join_url(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let (id, meeting_id) = path.into_inner();
    let context = load(&state, Some(actor), id).await?;
    context.require(Some(actor), access::participate)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    actions::set_join_url(&state.db, &context, meeting_id, &text(&body, "join_url"), Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct OutcomeBody {
    /// no_contact | negotiating | agreement
    outcome: String,
}

pub(super) fn parse_outcome(text: &str) -> Result<MeetingOutcome, HttpError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| HttpError::Validation(vec![FieldError::new("outcome", "unknown")]))
}

/// Reports what came of one of the caller's meetings (once it has begun); feeds the match lifecycle.
#[utoipa::path(post, path = "/api/v1/events/{id}/meetings/{meeting_id}/outcome", tag = "events", request_body = OutcomeBody,
    params(("id" = Uuid, Path, description = "event id"), ("meeting_id" = Uuid, Path, description = "meeting id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 204, description = "saved"),
        (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a registered participant, or no CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such meeting of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "not published, or not begun yet", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "unknown outcome", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn outcome(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let (id, meeting_id) = path.into_inner();
    let context = load(&state, Some(actor), id).await?;
    context.require(Some(actor), access::participate)?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, BODY_LIMIT).await?;
    let outcome = parse_outcome(&text(&body, "outcome"))?;
    actions::record_outcome(&state.db, &context, actor, meeting_id, outcome, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub(super) async fn numbers_of(state: &AppState, event_id: Uuid) -> Result<EventNumbers, HttpError> {
    let participants = entities::event_participant::Entity::find()
        .filter(entities::event_participant::Column::EventId.eq(event_id))
        .filter(
            entities::event_participant::Column::Status.eq(entities::event_participant::ParticipantStatus::Registered),
        )
        .count(&state.db)
        .await?;
    let requests: Vec<MeetingRequestState> =
        store::requests(&state.db, event_id).await?.into_iter().map(|r| r.state).collect();
    let meetings: Vec<MeetingFacts> = store::meetings(&state.db, event_id)
        .await?
        .into_iter()
        .map(|m| MeetingFacts { placed: m.slot_id.is_some(), status: m.status, outcome: m.outcome })
        .collect();
    Ok(stats::numbers(usize::try_from(participants).unwrap_or(usize::MAX), &requests, &meetings))
}

/// The event's numbers: requests and their ends, acceptance rate, meetings scheduled and held, outcomes (organisers).
#[utoipa::path(get, path = "/api/v1/events/{id}/numbers", tag = "events", params(("id" = Uuid, Path, description = "event id")), responses(
    (status = 200, body = EventNumbers),
    (status = 401, description = "not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "not an organiser", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "no such event", body = Problem, content_type = "application/problem+json"),
))]
pub async fn numbers(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let context = load(&state, Some(actor), id.into_inner()).await?;
    context.require(Some(actor), access::manage)?;
    Ok(HttpResponse::Ok().json(numbers_of(&state, context.event.id).await?))
}
