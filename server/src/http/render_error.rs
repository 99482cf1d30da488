//! Turns error responses into bodies a person or a program can use: problem+json (RFC 9457) under
//! `/api/`, a localised page elsewhere. Handlers only return `Err(HttpError)`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, web};
use serde::Serialize;

use super::context::request_meta;
use super::error::HttpError;
use crate::i18n::{Catalogs, Locale};
use crate::state::AppState;

/// An RFC 9457 problem document, as every `/api/` error is answered.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Always `about:blank`; `code` says what kind of problem it is.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A stable machine code: `not_found`, `unprocessable`, …
    pub code: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: String,
    pub request_id: String,
    /// Field-level errors, for validation failures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// Maps an error that did not come from our handlers (actix's own extractors, say) onto ours.
fn classify(status: StatusCode, err: Option<&actix_web::Error>) -> HttpError {
    if let Some(ours) = err.and_then(|e| e.as_error::<HttpError>()) {
        return match ours {
            HttpError::MethodNotAllowed { allow } => HttpError::MethodNotAllowed { allow: allow.clone() },
            HttpError::TooManyRequests { retry_after_secs } => {
                HttpError::TooManyRequests { retry_after_secs: *retry_after_secs }
            }
            HttpError::Validation(fields) => HttpError::Validation(fields.clone()),
            HttpError::BadRequest(d) => HttpError::BadRequest(d.clone()),
            HttpError::Conflict(d) => HttpError::Conflict(d.clone()),
            HttpError::Unavailable(d) => HttpError::Unavailable(d.clone()),
            HttpError::Internal(d) => HttpError::Internal(d.clone()),
            HttpError::Unauthorized => HttpError::Unauthorized,
            HttpError::Forbidden => HttpError::Forbidden,
            HttpError::Csrf => HttpError::Csrf,
            HttpError::Gone => HttpError::Gone,
            HttpError::NotFound => HttpError::NotFound,
            HttpError::PayloadTooLarge => HttpError::PayloadTooLarge,
        };
    }
    match status {
        StatusCode::NOT_FOUND => HttpError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => HttpError::PayloadTooLarge,
        StatusCode::UNAUTHORIZED => HttpError::Unauthorized,
        StatusCode::FORBIDDEN => HttpError::Forbidden,
        StatusCode::UNPROCESSABLE_ENTITY => HttpError::Validation(Vec::new()),
        s if s.is_client_error() => HttpError::BadRequest(String::new()),
        StatusCode::SERVICE_UNAVAILABLE => HttpError::Unavailable(String::new()),
        _ => HttpError::Internal(err.map(ToString::to_string).unwrap_or_default()),
    }
}

pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let res = next.call(req).await?;
    let status = res.status();
    let handler_error = res.response().error().is_some();
    // Only errors raised as `Err`, or actix's own bare error responses, are ours to render; a
    // handler that built its own error page (a form with its errors, say) is left alone.
    if !(status.is_client_error() || status.is_server_error()) || !handler_error {
        return Ok(res.map_into_boxed_body());
    }
    let error = classify(status, res.response().error());
    if let HttpError::Internal(cause) | HttpError::Unavailable(cause) = &error {
        tracing::error!(%cause, status = status.as_u16(), "request failed");
    }
    let (req, res) = res.into_parts();
    // A page that needs a signed-in person sends a browser to the sign-in page and back.
    if matches!(error, HttpError::Unauthorized)
        && !req.path().starts_with("/api/")
        && req.method() == actix_web::http::Method::GET
    {
        let next = match req.query_string() {
            "" => req.path().to_owned(),
            q => format!("{}?{q}", req.path()),
        };
        let location = format!(
            "/login?{}",
            url::form_urlencoded::Serializer::new(String::new()).append_pair("next", &next).finish()
        );
        return Ok(ServiceResponse::new(
            req,
            HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish(),
        ));
    }
    let meta = request_meta(&req);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let mut builder = HttpResponse::build(status);
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    let Some(state) = state else {
        return Ok(ServiceResponse::new(req, builder.body(status.to_string())));
    };
    let catalogs = state.templates.catalogs();
    let title = catalogs.text(meta.locale, &format!("errors.{}.title", error.kind_key()));
    let message = error
        .public_detail()
        .filter(|d| !d.is_empty())
        .map_or_else(|| catalogs.text(meta.locale, &format!("errors.{}.message", error.kind_key())), str::to_owned);

    let response = if req.path().starts_with("/api/") {
        let problem = Problem {
            problem_type: "about:blank".to_owned(),
            code: error.kind_key().to_owned(),
            title,
            status: status.as_u16(),
            detail: message,
            instance: req.path().to_owned(),
            request_id: meta.request_id.clone(),
            errors: field_messages(catalogs, meta.locale, &error),
        };
        builder.content_type(HeaderValue::from_static("application/problem+json")).json(problem)
    } else {
        let page = crate::ui::Page::new(
            "pages/error.html",
            serde_json::json!({
                "status": status.as_u16(),
                "title": title,
                "message": message,
                "errors": field_messages(catalogs, meta.locale, &error),
            }),
        );
        match page.render_body(&req, &state) {
            Ok(html) => builder.content_type("text/html; charset=utf-8").body(html),
            Err(err) => {
                tracing::error!(error = %err, "error page failed to render");
                builder.content_type("text/plain; charset=utf-8").body(format!("{} {title}", status.as_u16()))
            }
        }
    };
    Ok(ServiceResponse::new(req, response))
}

fn field_messages(catalogs: &Catalogs, locale: Locale, error: &HttpError) -> Vec<ProblemField> {
    error
        .field_errors()
        .iter()
        .map(|f| ProblemField {
            field: f.field.clone(),
            code: f.code.clone(),
            message: catalogs.format(locale, &format!("validation.{}", f.code), &f.params),
        })
        .collect()
}
