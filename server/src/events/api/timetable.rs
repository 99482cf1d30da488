//! The organiser's schedule: run, review (move, swap) and publish.

#[allow(clippy::wildcard_imports, reason = "the handlers share the module's imports and helpers")]
use super::*;

pub(crate) async fn schedule_view(state: &AppState, context: &EventContext) -> Result<ScheduleView, HttpError> {
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
