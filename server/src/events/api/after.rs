//! After publication: agendas, join links, outcomes and the event's numbers.

#[allow(clippy::wildcard_imports, reason = "the handlers share the module's imports and helpers")]
use super::*;

/// A participant's agenda: its own participant's (or, for organisers, anyone's).
pub(crate) async fn agenda_view(
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
    let (context, body) = authorised_body(&req, &state, actor, id, access::participate, payload).await?;
    actions::set_join_url(&state.db, &context, meeting_id, &text(&body, "join_url"), Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct OutcomeBody {
    /// no_contact | negotiating | agreement
    outcome: String,
}

pub(crate) fn parse_outcome(text: &str) -> Result<MeetingOutcome, HttpError> {
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
    let (context, body) = authorised_body(&req, &state, actor, id, access::participate, payload).await?;
    let outcome = parse_outcome(&text(&body, "outcome"))?;
    actions::record_outcome(&state.db, &context, actor, meeting_id, outcome, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub(crate) async fn numbers_of(state: &AppState, event_id: Uuid) -> Result<EventNumbers, HttpError> {
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
