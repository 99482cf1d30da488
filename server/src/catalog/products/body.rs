//! Reading a request body with a limit of our own, above the application-wide one, so that a
//! pasted megabyte in a description gets a field error ("at most 4000 characters") rather than a
//! bare 413. (The same approach as the organisation form.)

use actix_web::{HttpMessage, HttpRequest, web};
use futures_util::StreamExt;

use super::fields::Fields;
use crate::http::HttpError;

/// Largest product or verification body read; beyond it, 413. A megabyte of Japanese text is
/// three once percent-encoded in a form.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

async fn read_limited(mut payload: web::Payload) -> Result<web::BytesMut, HttpError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| HttpError::BadRequest(e.to_string()))?;
        if body.len() + chunk.len() > BODY_LIMIT {
            return Err(HttpError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The fields of a form body, and its CSRF token.
pub async fn read_form(req: &HttpRequest, payload: web::Payload) -> Result<(Fields, String), HttpError> {
    if req.content_type() != "application/x-www-form-urlencoded" {
        return Err(HttpError::BadRequest("expected a form (application/x-www-form-urlencoded)".to_owned()));
    }
    let body = read_limited(payload).await?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.clone()).unwrap_or_default();
    Ok((Fields::from_pairs(pairs), token))
}

/// The fields of a JSON object body.
pub async fn read_json(req: &HttpRequest, payload: web::Payload) -> Result<Fields, HttpError> {
    if req.content_type() != "application/json" {
        return Err(HttpError::BadRequest("expected JSON (application/json)".to_owned()));
    }
    let body = read_limited(payload).await?;
    let value: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| HttpError::BadRequest(format!("not JSON: {e}")))?;
    Ok(Fields::from_json(&value))
}

/// The header a JSON write carries the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

pub fn csrf_header(req: &HttpRequest) -> &str {
    req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default()
}
