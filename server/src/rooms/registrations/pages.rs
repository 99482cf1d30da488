//! The registration buttons and forms of the session page: register, cancel, approve or decline
//! a waiting request, invite. Each answers with a redirect back to the session page and a notice.

use actix_web::{HttpRequest, HttpResponse, web};
use entities::session_registration::RegistrationStatus;
use uuid::Uuid;

use super::api::{invite_person, register_actor};
use super::rules::Refusal;
use super::store;
use crate::http::body::read_form;
use crate::http::{HttpError, MAX_BODY_BYTES};
use crate::identity::extract::MaybeSignedIn;
use crate::rooms::access::RoomAction;
use crate::rooms::context::{self, authorise};
use crate::rooms::error::RoomsError;
use crate::rooms::{check_form_csrf, form_value, see_other};
use crate::state::AppState;

fn back(id: Uuid, notice: &str) -> HttpResponse {
    see_other(&format!("/sessions/{id}?notice={notice}"))
}

pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, MAX_BODY_BYTES).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    match register_actor(&state, actor, &ctx, form_value(&pairs, "role")).await {
        Ok(r) if r.status == RegistrationStatus::Pending => Ok(back(ctx.session.id, "pending")),
        Ok(_) => Ok(back(ctx.session.id, "registered")),
        // A full session is an everyday answer: say so on the page rather than as an error page.
        Err(HttpError::Conflict(code)) if code == RoomsError::Registration(Refusal::Full).code() => {
            Ok(back(ctx.session.id, "full"))
        }
        Err(other) => Err(other),
    }
}

pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, MAX_BODY_BYTES).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    store::cancel(&state.db, ctx.session.id, actor.user_id).await?;
    Ok(back(ctx.session.id, "cancelled"))
}

async fn decide(
    req: HttpRequest,
    state: &AppState,
    who: &MaybeSignedIn,
    (id, registration_id): (Uuid, Uuid),
    payload: web::Payload,
    approve: bool,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, MAX_BODY_BYTES).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::session(&state.db, who.actor(), id).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    store::decide_pending(&state.db, &state.config.base_url, &ctx.group, ctx.session.id, registration_id, approve)
        .await?;
    Ok(back(ctx.session.id, if approve { "approved" } else { "declined" }))
}

pub async fn approve(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    decide(req, &state, &who, path.into_inner(), payload, true).await
}

pub async fn decline(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    decide(req, &state, &who, path.into_inner(), payload, false).await
}

pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, MAX_BODY_BYTES).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    invite_person(&state, &ctx, form_value(&pairs, "email"), form_value(&pairs, "role")).await?;
    Ok(back(ctx.session.id, "invited"))
}
