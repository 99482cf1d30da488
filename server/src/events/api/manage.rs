//! Creating, reading and changing events, and inviting organisations (organisers).

#[allow(clippy::wildcard_imports, reason = "the handlers share the module's imports and helpers")]
use super::*;

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

pub(crate) fn summary(event: &entities::matching_event::Model, locale: crate::i18n::Locale) -> EventSummary {
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
    let (context, body) = authorised_body(&req, &state, actor, id.into_inner(), access::manage, payload).await?;
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
    let (context, body) = authorised_body(&req, &state, actor, id.into_inner(), access::manage, payload).await?;
    let to = parse_status(&text(&body, "status"))?;
    let event = actions::change_status(&state.db, &context, to, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(event_view(&state, &event).await?))
}

pub(crate) fn parse_status(text: &str) -> Result<MatchingEventStatus, EventError> {
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
    let (context, body) = authorised_body(&req, &state, actor, id.into_inner(), access::manage, payload).await?;
    let organisation_id = uuid_field(&body, "organisation_id")?;
    let participant = actions::invite(&state.db, &context, organisation_id, Utc::now()).await?;
    Ok(HttpResponse::Created().json(view::participant(&participant, "")))
}
