//! Reading a request body with a limit of our own. Forms and JSON bodies with long free text
//! (organisations, products, needs) accept more than the application-wide limit, so that someone
//! who pastes a whole document into a field gets a field error ("at most 4000 characters")
//! instead of a bare "too large".

use actix_web::{HttpMessage, HttpRequest, web};
use futures_util::StreamExt;

use super::HttpError;

/// Largest form or JSON body these routes read; beyond it, 413. A megabyte of Japanese text is
/// three once percent-encoded in a form.
pub const LARGE_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The header a JSON write carries the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The CSRF token a JSON write sent, or an empty string.
pub fn csrf_header(req: &HttpRequest) -> &str {
    req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// The whole body, refusing more than `limit` bytes as soon as they arrive.
pub async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<web::BytesMut, HttpError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| HttpError::BadRequest(e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(HttpError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The pairs of an `application/x-www-form-urlencoded` body.
pub async fn read_form(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Vec<(String, String)>, HttpError> {
    if req.content_type() != "application/x-www-form-urlencoded" {
        return Err(HttpError::BadRequest("expected a form (application/x-www-form-urlencoded)".to_owned()));
    }
    let body = read_limited(payload, limit).await?;
    Ok(url::form_urlencoded::parse(&body).into_owned().collect())
}

/// The value of a JSON body (an object is expected by the callers).
pub async fn read_json(req: &HttpRequest, payload: web::Payload, limit: usize) -> Result<serde_json::Value, HttpError> {
    if req.content_type() != "application/json" {
        return Err(HttpError::BadRequest("expected JSON (application/json)".to_owned()));
    }
    let body = read_limited(payload, limit).await?;
    serde_json::from_slice(&body).map_err(|e| HttpError::BadRequest(format!("not JSON: {e}")))
}
