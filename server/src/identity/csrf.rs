//! Cross-site request forgery defences, two layers:
//! 1. every state-changing request from a browser must come from our own origin (`Origin`, or
//!    `Sec-Fetch-Site` when no `Origin` is sent) — checked by the middleware for every route;
//! 2. every form carries a token that must match the session's (or, before sign-in, the
//!    `colapla_csrf` cookie's) — checked by [`verify`] in each form handler.

use actix_web::HttpMessage;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::ServiceRequest;
use actix_web::http::Method;

use super::session::CurrentSession;
use super::tokens;
use crate::http::HttpError;

pub const ANONYMOUS_CSRF_COOKIE: &str = "colapla_csrf";

/// The token of a visitor who is not signed in, created by the middleware when missing.
#[derive(Debug, Clone)]
pub struct AnonymousCsrf {
    pub token: String,
    /// True when the middleware made it for this response (so it must set the cookie).
    pub fresh: bool,
}

pub fn anonymous_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(ANONYMOUS_CSRF_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// The token a form on this page must carry.
pub fn token_for(req: &HttpRequest) -> String {
    let extensions = req.extensions();
    if let Some(session) = extensions.get::<CurrentSession>() {
        return session.csrf_token.clone();
    }
    extensions.get::<AnonymousCsrf>().map(|a| a.token.clone()).unwrap_or_default()
}

/// Checks a submitted form token.
pub fn verify(req: &HttpRequest, submitted: &str) -> Result<(), HttpError> {
    let expected = token_for(req);
    if expected.is_empty() || !tokens::same_secret(&expected, submitted) {
        return Err(HttpError::Csrf);
    }
    Ok(())
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Layer 1: refuses a state-changing request that a browser says comes from another site.
pub fn check_origin(req: &ServiceRequest, own_origin: &str) -> Result<(), HttpError> {
    if !is_unsafe(req.method()) {
        return Ok(());
    }
    if let Some(origin) = req.headers().get("origin").and_then(|v| v.to_str().ok()) {
        return if origin == own_origin { Ok(()) } else { Err(HttpError::Csrf) };
    }
    match req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("cross-site" | "same-site") => Err(HttpError::Csrf),
        _ => Ok(()),
    }
}
