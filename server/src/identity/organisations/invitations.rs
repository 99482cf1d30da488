//! Invitations over HTTP: an owner or admin invites an address from the profile page; the
//! invitee opens the mailed link, signed in with that address, and accepts or declines. Anyone
//! else holding the link gets "not found". Opening the link spends nothing (mail scanners follow
//! links); the buttons do.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{CustomizeResponder, Either, HttpRequest, HttpResponse, Responder, web};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::error::OrganisationError;
use super::guard::{authorise, see_other, visible_organisation};
use super::invitation_store::{self, Found, NewInvitation};
use super::pages::{ProfileExtras, profile};
use super::{rules, store, view};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::actor::{Actor, Role};
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::email_link::parse_email;
use crate::identity::extract::{MaybeSignedIn, SignedIn};
use crate::identity::policy::Action;
use crate::state::AppState;
use crate::ui::Page;

#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    form: web::Form<InviteForm>,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let actor = who.actor();
    let org = visible_organisation(&state, actor, id.into_inner()).await?;
    let facts = store::facts(&org);
    // The lowest bar first: people who may not invite at all learn nothing about their input.
    authorise(actor, Action::InviteMember(facts, Role::Member))?;

    let mut errors = Vec::new();
    let email = parse_email(&form.email);
    if form.email.trim().is_empty() {
        errors.push(FieldError::new("email", "required"));
    } else if email.is_none() {
        errors.push(FieldError::new("email", "invalid"));
    }
    let role = rules::parse_role(form.role.trim());
    if role.is_none() {
        errors.push(FieldError::new("role", if form.role.trim().is_empty() { "required" } else { "unknown" }));
    }
    let catalogs = state.templates.catalogs();
    let (Some(email), Some(role)) = (email, role) else {
        let messages = view::field_errors(&errors, catalogs, meta.locale);
        return with_invite_errors(&state, &meta, actor, &org, &form, messages, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    // Now the real question: an admin may not invite an owner.
    authorise(actor, Action::InviteMember(facts, role))?;
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };

    let new = NewInvitation { organisation: &org, email, role, base_url: &state.config.base_url, locale: meta.locale };
    match invitation_store::create(&state.db, actor, new, client_ip(&req)).await {
        Ok(()) => Ok(Either::Left(see_other(&format!("/organisations/{}?notice=invited", org.id)))),
        Err(OrganisationError::AlreadyMember) => {
            let message = catalogs.text(meta.locale, "organisations.errors.already_member");
            let messages = vec![json!({ "field": "email", "code": "already_member", "message": message })];
            with_invite_errors(&state, &meta, Some(actor), &org, &form, messages, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into_http(catalogs, meta.locale)),
    }
}

/// The profile again, with the invitation form's values and what is wrong with them.
async fn with_invite_errors(
    state: &AppState,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    org: &entities::organisation::Model,
    form: &InviteForm,
    messages: Vec<serde_json::Value>,
    status: StatusCode,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let extras = ProfileExtras {
        invite_email: form.email.chars().take(320).collect(),
        invite_role: form.role.chars().take(16).collect(),
        invite_errors: messages,
        ..ProfileExtras::default()
    };
    Ok(Either::Right(profile(state, meta, actor, org, extras).await?.with_status(status)))
}

/// The invitation behind `token` when it is addressed to the actor; otherwise "not found",
/// whether the token is unknown or someone else's.
async fn addressed_to(state: &AppState, actor: &Actor, token: &str) -> Result<Found, HttpError> {
    let found = invitation_store::find_by_token(&state.db, token).await?.ok_or(HttpError::NotFound)?;
    if found.invitation.email != actor.email.to_lowercase() {
        return Err(HttpError::NotFound);
    }
    Ok(found)
}

/// The page of one invitation: the question, or why it can no longer be answered. The token is
/// in the URL, so the page sends no Referer anywhere.
fn invitation_page(found: &Found, token: &str, open: bool) -> CustomizeResponder<Page> {
    let page = Page::new(
        "pages/organisations/invitation.html",
        json!({
            "token": token,
            "open": open,
            "organisation": { "id": found.organisation.id, "name": found.organisation.name },
            "role": rules::role_code(found.role()),
            "expires_at": found.invitation.expires_at,
        }),
    );
    let status = if open { StatusCode::OK } else { StatusCode::GONE };
    page.with_status(status)
        .customize()
        .insert_header((HeaderName::from_static("referrer-policy"), HeaderValue::from_static("no-referrer")))
}

pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    token: web::Path<String>,
) -> Result<impl Responder, HttpError> {
    let found = addressed_to(&state, who.actor(), &token).await?;
    let open = found.open(chrono::Utc::now());
    Ok(invitation_page(&found, &token, open))
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    csrf_token: String,
}

async fn answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    token: web::Path<String>,
    form: web::Form<AnswerForm>,
    accept: bool,
) -> Result<Either<HttpResponse, CustomizeResponder<Page>>, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let actor = who.actor();
    let found = addressed_to(&state, actor, &token).await?;
    match invitation_store::respond(&state.db, actor, &found, accept, client_ip(&req)).await {
        Ok(()) if accept => {
            Ok(Either::Left(see_other(&format!("/organisations/{}?notice=joined", found.organisation.id))))
        }
        Ok(()) => Ok(Either::Left(see_other("/account"))),
        Err(OrganisationError::InvitationSpent) => Ok(Either::Right(invitation_page(&found, &token, false))),
        Err(e) => Err(e.into_http(state.templates.catalogs(), meta.locale)),
    }
}

pub async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    token: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<Either<HttpResponse, CustomizeResponder<Page>>, HttpError> {
    answer(req, state, meta, who, token, form, true).await
}

pub async fn decline(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    token: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<Either<HttpResponse, CustomizeResponder<Page>>, HttpError> {
    answer(req, state, meta, who, token, form, false).await
}
