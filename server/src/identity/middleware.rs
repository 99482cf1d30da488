//! Resolves the session cookie into a [`CurrentSession`] for handlers and pages, applies the
//! same-origin check to state-changing requests, and gives visitors who are not signed in a
//! CSRF cookie for their first form.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};

use super::csrf::{self, ANONYMOUS_CSRF_COOKIE, AnonymousCsrf};
use super::session::{self, SESSION_COOKIE};
use super::tokens;
use crate::http::HttpError;
use crate::state::AppState;

pub async fn identify(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Refusals are returned as responses carrying the error, so the error renderer (outside
    // this middleware) turns them into a localised page or problem+json.
    if let Err(refused) = csrf::check_origin(&req, &state.config.base_url.origin().ascii_serialization()) {
        return Ok(req.error_response(refused));
    }

    let mut signed_in = false;
    let cookie = req.cookie(SESSION_COOKIE);
    if let Some(cookie) = cookie {
        match session::resolve(&state.db, cookie.value()).await {
            Ok(Some(current)) => {
                req.extensions_mut().insert(current);
                signed_in = true;
            }
            Ok(None) => {}
            Err(err) => return Ok(req.error_response(HttpError::from(err))),
        }
    }
    let mut fresh_csrf = None;
    if !signed_in {
        let existing =
            req.cookie(ANONYMOUS_CSRF_COOKIE).map(|c| c.value().to_owned()).filter(|t| tokens::looks_like_token(t));
        let anonymous = match existing {
            Some(token) => AnonymousCsrf { token, fresh: false },
            None => {
                let token = tokens::new_token();
                fresh_csrf = Some(token.clone());
                AnonymousCsrf { token, fresh: true }
            }
        };
        req.extensions_mut().insert(anonymous);
    }

    let oauth_leg = req.path().starts_with("/login/oauth/");
    let mut res = next.call(req).await?.map_into_boxed_body();
    if oauth_leg {
        // Codes and states in these URLs must not travel on in a Referer header.
        res.headers_mut().insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    }
    if let Some(token) = fresh_csrf {
        let _ = res.response_mut().add_cookie(&csrf::anonymous_cookie(&token, state.config.is_https()));
    }
    Ok(res)
}
