//! Reading a request body with a limit of our own. The organisation form accepts more than the
//! application-wide limit so that someone who pastes a whole document into the name field gets
//! a field error ("at most 200 characters") instead of a bare "too large".

use actix_web::{HttpMessage, HttpRequest, web};
use futures_util::StreamExt;

use crate::http::HttpError;

/// Largest organisation form or JSON body read; beyond it, 413. A megabyte of Japanese text is
/// three once percent-encoded in a form.
pub const ORGANISATION_BODY_LIMIT: usize = 4 * 1024 * 1024;

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
