//! Registration and the participant's booking: counterparts, requests, answers, unavailability,
//! preferences.

#[allow(clippy::wildcard_imports, reason = "the handlers share the module's imports and helpers")]
use super::*;

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
pub(crate) async fn names(state: &AppState, event_id: Uuid) -> Result<HashMap<Uuid, String>, HttpError> {
    Ok(store::participants(&state.db, event_id)
        .await?
        .into_iter()
        .map(|(p, o)| (p.id, o.map(|o| o.name).unwrap_or_default()))
        .collect())
}

/// The participant's own view: recommended counterparts, requests both ways, unavailability.
pub(crate) async fn my_view(
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
    let (context, body) = authorised_body(&req, &state, actor, id.into_inner(), access::participate, payload).await?;
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
    let (context, body) = authorised_body(&req, &state, actor, id, access::participate, payload).await?;
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
    let (context, body) = authorised_body(&req, &state, actor, id.into_inner(), access::participate, payload).await?;
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
    let (context, body) = authorised_body(&req, &state, actor, id.into_inner(), access::participate, payload).await?;
    let (must, no) = (uuid_list(&body, "must_meet")?, uuid_list(&body, "no_thanks")?);
    actions::set_preferences(&state.db, &context, &must, &no, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
