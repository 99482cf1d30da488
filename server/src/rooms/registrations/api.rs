//! `/api/v1/sessions/{id}/registrations`: registering, cancelling, the waiting list, approvals
//! and invitations as JSON, with the pages' rules.

use actix_web::{HttpRequest, HttpResponse, web};
use entities::session_registration::RegistrationRole;
use sea_orm::EntityTrait;
use uuid::Uuid;

use super::store::{self, Request, parse_role};
use crate::http::body::read_json;
use crate::http::{FieldError, HttpError, MAX_BODY_BYTES};
use crate::identity::extract::SignedIn;
use crate::rooms::access::{RoomAction, decide};
use crate::rooms::check_header_csrf;
use crate::rooms::context::{self, SessionContext, authorise};
use crate::rooms::groups::store::user_by_email;
use crate::rooms::view::{self, OwnRegistration, RegistrationList};
use crate::state::AppState;

/// Registering oneself.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct RegisterRequest {
    /// participant (default) | observer; managers may also take presenter, notes_taker or moderator.
    role: Option<String>,
}

/// Inviting someone: they are registered and approved at once, and get a mail.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body")]
pub struct InviteRequest {
    /// The address the person signs in with (an existing account).
    email: String,
    /// moderator | presenter | participant | observer | notes_taker
    role: String,
}

fn role_field(value: &str, default: RegistrationRole) -> Result<RegistrationRole, HttpError> {
    if value.trim().is_empty() {
        return Ok(default);
    }
    parse_role(value).ok_or_else(|| HttpError::Validation(vec![FieldError::new("role", "unknown")]))
}

/// Registers the actor; shared by the page and the API.
pub(super) async fn register_actor(
    state: &AppState,
    who: &crate::identity::actor::Actor,
    ctx: &SessionContext,
    role: &str,
) -> Result<entities::session_registration::Model, HttpError> {
    authorise(&ctx.standing, RoomAction::Register)?;
    let role = role_field(role, RegistrationRole::Participant)?;
    let user =
        entities::app_user::Entity::find_by_id(who.user_id).one(&state.db).await?.ok_or(HttpError::Unauthorized)?;
    let manages = decide(&ctx.standing, RoomAction::ManageSessions).allowed();
    let request = Request { group: &ctx.group, session_id: ctx.session.id, user: &user, role, invited: manages };
    Ok(store::register(&state.db, &state.config.base_url, request).await?)
}

/// Invites a person by address; shared by the page and the API.
pub(super) async fn invite_person(
    state: &AppState,
    ctx: &SessionContext,
    email: &str,
    role: &str,
) -> Result<entities::session_registration::Model, HttpError> {
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    let mut errors = Vec::new();
    let role = parse_role(role);
    if role.is_none() {
        errors.push(FieldError::new("role", "unknown"));
    }
    let user = if email.trim().is_empty() {
        errors.push(FieldError::new("email", "required"));
        None
    } else {
        let user = user_by_email(&state.db, email).await?;
        if user.is_none() {
            errors.push(FieldError::new("email", "unknown"));
        }
        user
    };
    let (Some(user), Some(role)) = (user, role) else { return Err(HttpError::Validation(errors)) };
    let request = Request { group: &ctx.group, session_id: ctx.session.id, user: &user, role, invited: true };
    Ok(store::register(&state.db, &state.config.base_url, request).await?)
}

/// Every registration of the session, the waiting list included (its managers).
#[utoipa::path(get, path = "/api/v1/sessions/{id}/registrations", tag = "working_groups",
    params(("id" = Uuid, Path, description = "session id")),
    responses(
        (status = 200, body = RegistrationList),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a manager of the session", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(state: web::Data<AppState>, who: SignedIn, id: web::Path<Uuid>) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    let items = store::of_session(&state.db, ctx.session.id).await?.iter().map(view::registration).collect();
    Ok(HttpResponse::Ok().json(RegistrationList { items }))
}

/// Registers the signed-in person: approved at once when a seat is free, pending when the session
/// asks for approval, 409 when full or closed.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/registrations", tag = "working_groups", request_body = RegisterRequest,
    params(("id" = Uuid, Path, description = "session id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = OwnRegistration),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "session_full, registration_closed or already_registered", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "a role one may not choose", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), id.into_inner()).await?;
    check_header_csrf(&req)?;
    let body = read_json(&req, payload, MAX_BODY_BYTES).await?;
    let role = body.get("role").and_then(|v| v.as_str()).unwrap_or_default();
    let registration = register_actor(&state, who.actor(), &ctx, role).await?;
    Ok(HttpResponse::Created().json(view::own(&registration)))
}

/// Cancels the signed-in person's registration (approved or pending), freeing the seat.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}/registration", tag = "working_groups",
    params(("id" = Uuid, Path, description = "session id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = OwnRegistration),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session, or not registered", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), id.into_inner()).await?;
    check_header_csrf(&req)?;
    let registration = store::cancel(&state.db, ctx.session.id, who.actor().user_id).await?;
    Ok(HttpResponse::Ok().json(view::own(&registration)))
}

async fn decide_pending(
    req: HttpRequest,
    state: &AppState,
    who: &SignedIn,
    path: (Uuid, Uuid),
    approve: bool,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), path.0).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    check_header_csrf(&req)?;
    let registration =
        store::decide_pending(&state.db, &state.config.base_url, &ctx.group, ctx.session.id, path.1, approve).await?;
    Ok(HttpResponse::Ok().json(view::own(&registration)))
}

/// Approves a pending registration (its managers); 409 when the session is full.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/registrations/{registration_id}/approve", tag = "working_groups",
    params(("id" = Uuid, Path, description = "session id"), ("registration_id" = Uuid, Path, description = "registration id"),
        ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = OwnRegistration),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a manager of the session, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session or pending registration", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "session_full or registration_closed", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn approve(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, HttpError> {
    decide_pending(req, &state, &who, path.into_inner(), true).await
}

/// Declines a pending registration (its managers).
#[utoipa::path(post, path = "/api/v1/sessions/{id}/registrations/{registration_id}/decline", tag = "working_groups",
    params(("id" = Uuid, Path, description = "session id"), ("registration_id" = Uuid, Path, description = "registration id"),
        ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = OwnRegistration),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a manager of the session, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session or pending registration", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn decline(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, HttpError> {
    decide_pending(req, &state, &who, path.into_inner(), false).await
}

/// Invites a person: registered and approved with the given role, and sent an invitation mail.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/invitations", tag = "working_groups", request_body = InviteRequest,
    params(("id" = Uuid, Path, description = "session id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = OwnRegistration),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a manager of the session, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such session", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "session_full, registration_closed or already_registered", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "no account with that address, or an unknown role", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::session(&state.db, Some(who.actor()), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    check_header_csrf(&req)?;
    let body = read_json(&req, payload, MAX_BODY_BYTES).await?;
    let text = |name: &str| body.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let registration = invite_person(&state, &ctx, &text("email"), &text("role")).await?;
    Ok(HttpResponse::Created().json(view::own(&registration)))
}
