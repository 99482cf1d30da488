//! Product and verification bodies, read with the shared large-body reader (`http::body`) and
//! turned into [`Fields`] for validation.

use actix_web::{HttpRequest, web};

use super::fields::Fields;
use crate::http::HttpError;

const BODY_LIMIT: usize = crate::http::body::LARGE_BODY_LIMIT;

/// The fields of a form body, and its CSRF token.
pub async fn read_form(req: &HttpRequest, payload: web::Payload) -> Result<(Fields, String), HttpError> {
    let pairs = crate::http::body::read_form(req, payload, BODY_LIMIT).await?;
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.clone()).unwrap_or_default();
    Ok((Fields::from_pairs(pairs), token))
}

/// The fields of a JSON object body.
pub async fn read_json(req: &HttpRequest, payload: web::Payload) -> Result<Fields, HttpError> {
    let value = crate::http::body::read_json(req, payload, BODY_LIMIT).await?;
    Ok(Fields::from_json(&value))
}

pub use crate::http::body::csrf_header;
