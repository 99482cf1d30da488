//! Per-request context: a request id (returned as `x-request-id`), the reader's language
//! (`?lang=` > `lang` cookie > `Accept-Language` > Japanese), one tracing span a request, and
//! the request metrics.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, web};
use tracing::Instrument;

use crate::i18n::Locale;
use crate::state::AppState;

pub const REQUEST_ID_HEADER: &str = "x-request-id";
pub const LANG_COOKIE: &str = "lang";

/// What every handler may want to know about the request it serves.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    pub request_id: String,
    pub locale: Locale,
}

impl FromRequest for RequestMeta {
    type Error = Error;
    type Future = std::future::Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(Ok(request_meta(req)))
    }
}

/// The request's meta, or a fresh default when the middleware did not run (never in the app).
pub fn request_meta(req: &HttpRequest) -> RequestMeta {
    req.extensions()
        .get::<RequestMeta>()
        .cloned()
        .unwrap_or_else(|| RequestMeta { request_id: new_request_id(), locale: Locale::default() })
}

fn new_request_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// Accept a caller's request id only when it is short and plain, so logs stay clean.
fn incoming_request_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(REQUEST_ID_HEADER)?.to_str().ok()?;
    let ok = !value.is_empty()
        && value.len() <= 64
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| value.to_owned())
}

fn query_lang(req: &ServiceRequest) -> Option<Locale> {
    let query = req.query_string();
    url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| Locale::from_tag(&v))
}

fn choose_locale(req: &ServiceRequest) -> (Locale, bool) {
    if let Some(locale) = query_lang(req) {
        return (locale, true);
    }
    if let Some(locale) = req.cookie(LANG_COOKIE).and_then(|c| Locale::from_tag(c.value())) {
        return (locale, false);
    }
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    (Locale::negotiate(accept), false)
}

/// The outermost middleware.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let request_id = incoming_request_id(&req).unwrap_or_else(new_request_id);
    let (locale, remember) = choose_locale(&req);
    req.extensions_mut().insert(RequestMeta { request_id: request_id.clone(), locale });

    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().clone();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let span = tracing::info_span!(
        "http",
        request_id = %request_id,
        method = %method,
        route = %route,
        status = tracing::field::Empty,
    );

    let mut res = next.call(req).instrument(span.clone()).await?;

    let status = res.status();
    let elapsed = started.elapsed();
    span.record("status", status.as_u16());
    span.in_scope(|| {
        tracing::info!(latency_ms = elapsed.as_secs_f64() * 1000.0, "request served");
    });
    if let Some(state) = &state {
        state.metrics.observe_request(method.as_str(), &route, status.as_u16(), elapsed);
    }

    let headers = res.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(header::HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(locale.as_str()));
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    if remember {
        let secure = state.as_ref().is_some_and(|s| s.config.is_https());
        let cookie = Cookie::build(LANG_COOKIE, locale.as_str())
            .path("/")
            .max_age(CookieDuration::days(365))
            .same_site(SameSite::Lax)
            .http_only(true)
            .secure(secure)
            .finish();
        res.response_mut().add_cookie(&cookie).map_err(actix_web::error::ErrorInternalServerError)?;
    }
    Ok(res)
}
