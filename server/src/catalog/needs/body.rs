//! Reading a need's request body with a limit of our own, above the application-wide one, so that
//! someone who pastes a whole document into the description gets "at most 4000 characters" rather
//! than a bare "too large". (The same approach as the organisation form.)

use actix_web::{HttpMessage, HttpRequest, web};
use futures_util::StreamExt;

use crate::http::HttpError;

/// Largest need form or JSON body read; beyond it, 413. A megabyte of Japanese text is three
/// once percent-encoded in a form.
pub const NEED_BODY_LIMIT: usize = 4 * 1024 * 1024;

async fn read_limited(mut payload: web::Payload) -> Result<web::BytesMut, HttpError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| HttpError::BadRequest(e.to_string()))?;
        if body.len() + chunk.len() > NEED_BODY_LIMIT {
            return Err(HttpError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The pairs of an `application/x-www-form-urlencoded` body (repeated keys kept: checkboxes).
pub async fn read_form(req: &HttpRequest, payload: web::Payload) -> Result<Vec<(String, String)>, HttpError> {
    if req.content_type() != "application/x-www-form-urlencoded" {
        return Err(HttpError::BadRequest("expected a form (application/x-www-form-urlencoded)".to_owned()));
    }
    let body = read_limited(payload).await?;
    Ok(url::form_urlencoded::parse(&body).into_owned().collect())
}

pub async fn read_json(req: &HttpRequest, payload: web::Payload) -> Result<serde_json::Value, HttpError> {
    if req.content_type() != "application/json" {
        return Err(HttpError::BadRequest("expected JSON (application/json)".to_owned()));
    }
    let body = read_limited(payload).await?;
    serde_json::from_slice(&body).map_err(|e| HttpError::BadRequest(format!("not JSON: {e}")))
}
