//! Sign-in and account pages: the sign-in page (e-mail link, identity providers, demo roles),
//! the "check your mail" page, the link confirmation, sign-out, and the account page.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::audit::{self, Entry, client_ip};
use super::extract::{MaybeSignedIn, SignedIn};
use super::session::{self, SESSION_COOKIE};
use super::{csrf, demo, email_link};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::state::AppState;
use crate::ui::Page;

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

fn login_page(state: &AppState, next: &str, email: &str, errors: Vec<serde_json::Value>) -> Page {
    Page::new(
        "pages/login.html",
        serde_json::json!({
            "next": next,
            "email": email,
            "field_errors": errors,
            "demo_roles": if state.demo_mode { demo::ROLES.iter().map(|r| r.key).collect::<Vec<_>>() } else { Vec::new() },
            "providers": state.oauth.buttons(),
        }),
    )
}

pub async fn login(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    query: web::Query<LoginQuery>,
) -> Either<HttpResponse, Page> {
    let next = email_link::safe_next(query.next.as_deref());
    if who.0.is_some() {
        return Either::Left(see_other(&next));
    }
    Either::Right(login_page(&state, &next, "", Vec::new()))
}

#[derive(Debug, Deserialize)]
pub struct EmailForm {
    email: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    csrf_token: String,
}

pub async fn request_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    form: web::Form<EmailForm>,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let next = email_link::safe_next(form.next.as_deref());
    let Some(email) = email_link::parse_email(&form.email) else {
        let catalogs = state.templates.catalogs();
        let message = catalogs.text(meta.locale, "validation.invalid");
        let errors = vec![serde_json::json!({ "field": "email", "message": message })];
        let shown: String = form.email.chars().take(320).collect();
        return Ok(Either::Right(
            login_page(&state, &next, &shown, errors).with_status(StatusCode::UNPROCESSABLE_ENTITY),
        ));
    };
    let ip = client_ip(&req);
    email_link::request(&state.db, &email, &next, ip.as_deref(), &state.config.base_url, meta.locale).await?;
    Ok(Either::Left(see_other("/login/email/sent")))
}

pub async fn link_sent() -> Page {
    Page::new("pages/login_sent.html", serde_json::json!({ "minutes": email_link::LINK_LIFETIME.num_minutes() }))
}

#[derive(Debug, Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    token: String,
}

/// The link from the mail lands here. Nothing is spent by a GET (mail scanners follow links):
/// the person confirms with a button.
pub async fn confirm_link(query: web::Query<VerifyQuery>) -> Page {
    let token: String = query.token.chars().take(64).collect();
    Page::new("pages/login_verify.html", serde_json::json!({ "token": token }))
}

#[derive(Debug, Deserialize)]
pub struct VerifyForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn redeem_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    form: web::Form<VerifyForm>,
) -> Result<HttpResponse, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let ip = client_ip(&req);
    let proven = match email_link::redeem(&state.db, &form.token).await {
        Ok(proven) => proven,
        Err(err) => {
            audit::record(
                &state.db,
                Entry::new("sign_in.failed", "sign_in_token").ip(ip).detail(serde_json::json!({ "method": "email" })),
            )
            .await?;
            return Err(err.into());
        }
    };
    let user = email_link::find_or_create_user(&state.db, &proven.email, None, meta.locale).await?;
    sign_in(&req, &state, user.id, "email", &proven.next, ip).await
}

/// Starts a session for a person who has just proved who they are, and sends them on.
pub async fn sign_in(
    req: &HttpRequest,
    state: &AppState,
    user_id: uuid::Uuid,
    method: &str,
    next: &str,
    ip: Option<String>,
) -> Result<HttpResponse, HttpError> {
    let previous = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
    let user_agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let token = session::start(&state.db, user_id, method, user_agent, previous.as_deref()).await?;
    let actor = session::load_actor(&state.db, user_id).await?;
    audit::record(
        &state.db,
        Entry::new("sign_in", "app_user")
            .by(actor.as_ref())
            .object(user_id)
            .ip(ip)
            .detail(serde_json::json!({ "method": method })),
    )
    .await?;
    let mut response = see_other(next);
    response.add_cookie(&session::cookie(&token, state.config.is_https())).map_err(HttpError::internal)?;
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    session::end(&state.db, &who.0.id_hash).await?;
    state.session_events.signed_out(who.actor().user_id, Some(who.0.id_hash.clone()));
    let mut response = see_other("/");
    response.add_cookie(&session::removal_cookie(state.config.is_https())).map_err(HttpError::internal)?;
    Ok(response)
}

pub async fn sign_out_everywhere(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let ended = session::end_all(&state.db, who.actor().user_id).await?;
    audit::record(
        &state.db,
        Entry::new("sign_out.everywhere", "app_user")
            .by(Some(who.actor()))
            .object(who.actor().user_id)
            .ip(client_ip(&req))
            .detail(serde_json::json!({ "sessions": ended })),
    )
    .await?;
    state.session_events.signed_out(who.actor().user_id, None);
    let mut response = see_other("/");
    response.add_cookie(&session::removal_cookie(state.config.is_https())).map_err(HttpError::internal)?;
    Ok(response)
}

pub async fn account(who: SignedIn) -> Page {
    let actor = who.actor();
    Page::new(
        "pages/account.html",
        serde_json::json!({
            "account": {
                "email": actor.email,
                "display_name": actor.display_name,
                "memberships": actor.memberships,
            }
        }),
    )
}

#[derive(Debug, Deserialize)]
pub struct DemoForm {
    role: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn demo_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<DemoForm>,
) -> Result<HttpResponse, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let user_id = demo::user_for(&state, &form.role)
        .await?
        .ok_or(HttpError::Validation(vec![FieldError::new("role", "unknown")]))?;
    sign_in(&req, &state, user_id, "demo", "/account", client_ip(&req)).await
}
