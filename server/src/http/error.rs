//! The one place where errors become HTTP. Capabilities return their own error enums; each is
//! mapped to an [`HttpError`] here (`From` impls below), and the error middleware renders it:
//! `application/problem+json` under `/api/`, a localised HTML page elsewhere. Clients get a clear,
//! safe message; the log gets the whole chain.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

/// One invalid field: where, a stable code, and the message key to show in the reader's language.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's name as sent, e.g. `initial_yen` or `categories[2]`.
    pub field: String,
    /// A stable machine code, e.g. `too_long`, `negative`, `unknown`.
    pub code: String,
    /// Message key in the catalogs (`validation.<code>`), with placeholders filled from `params`.
    #[serde(skip)]
    pub params: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str) -> Self {
        Self { field: field.into(), code: code.to_owned(), params: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }
}

/// What went wrong, in HTTP's terms.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("validation failed on {} field(s)", .0.len())]
    Validation(Vec<FieldError>),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("cross-site request refused")]
    Csrf,
    #[error("not found")]
    NotFound,
    /// A link or token that worked once and no longer does.
    #[error("gone")]
    Gone,
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl HttpError {
    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    /// The catalog key under `errors.` naming this kind of error.
    pub fn kind_key(&self) -> &'static str {
        match self {
            HttpError::BadRequest(_) => "bad_request",
            HttpError::Validation(_) => "unprocessable",
            HttpError::Unauthorized => "unauthorized",
            HttpError::Forbidden => "forbidden",
            HttpError::Csrf => "csrf",
            HttpError::NotFound => "not_found",
            HttpError::Gone => "gone",
            HttpError::MethodNotAllowed { .. } => "method_not_allowed",
            HttpError::Conflict(_) => "conflict",
            HttpError::PayloadTooLarge => "payload_too_large",
            HttpError::TooManyRequests { .. } => "too_many_requests",
            HttpError::Unavailable(_) => "unavailable",
            HttpError::Internal(_) => "internal",
        }
    }

    /// A detail that is safe to show a client (never for internal errors).
    pub fn public_detail(&self) -> Option<&str> {
        match self {
            HttpError::BadRequest(d) | HttpError::Conflict(d) => Some(d),
            _ => None,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            HttpError::Validation(errors) => errors,
            _ => &[],
        }
    }
}

impl ResponseError for HttpError {
    fn status_code(&self) -> StatusCode {
        match self {
            HttpError::BadRequest(_) => StatusCode::BAD_REQUEST,
            HttpError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            HttpError::Unauthorized => StatusCode::UNAUTHORIZED,
            HttpError::Forbidden | HttpError::Csrf => StatusCode::FORBIDDEN,
            HttpError::NotFound => StatusCode::NOT_FOUND,
            HttpError::Gone => StatusCode::GONE,
            HttpError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            HttpError::Conflict(_) => StatusCode::CONFLICT,
            HttpError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            HttpError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            HttpError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            HttpError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    // The body is written by the error middleware, which knows the path and the reader's language.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            HttpError::MethodNotAllowed { allow } => {
                response.insert_header(("Allow", allow.as_str()));
            }
            HttpError::TooManyRequests { retry_after_secs } => {
                response.insert_header(("Retry-After", retry_after_secs.to_string()));
            }
            _ => {}
        }
        response.finish()
    }
}

impl From<sea_orm::DbErr> for HttpError {
    fn from(err: sea_orm::DbErr) -> Self {
        HttpError::Internal(format!("database: {err}"))
    }
}

impl From<crate::ui::TemplateError> for HttpError {
    fn from(err: crate::ui::TemplateError) -> Self {
        HttpError::Internal(err.to_string())
    }
}

impl From<crate::identity::IdentityError> for HttpError {
    fn from(err: crate::identity::IdentityError) -> Self {
        use crate::identity::IdentityError;
        match err {
            IdentityError::RateLimited => HttpError::TooManyRequests { retry_after_secs: 15 * 60 },
            IdentityError::InvalidLink => HttpError::Gone,
            IdentityError::DemoUnavailable => HttpError::NotFound,
            IdentityError::Db(e) => e.into(),
            IdentityError::Internal(e) => HttpError::Internal(e),
        }
    }
}

impl From<crate::identity::policy::Decision> for HttpError {
    /// A refusal from the policy (call only for refusals).
    fn from(decision: crate::identity::policy::Decision) -> Self {
        use crate::identity::policy::Decision;
        match decision {
            Decision::SignIn => HttpError::Unauthorized,
            Decision::Forbidden => HttpError::Forbidden,
            Decision::Hidden | Decision::Allow => HttpError::NotFound,
        }
    }
}

impl From<crate::mail::MailError> for HttpError {
    fn from(err: crate::mail::MailError) -> Self {
        use crate::mail::MailError;
        match err {
            MailError::InvalidToken => HttpError::BadRequest(err.to_string()),
            MailError::Database(e) => e.into(),
            other => HttpError::Internal(other.to_string()),
        }
    }
}

impl From<crate::rooms::realtime::RoomError> for HttpError {
    fn from(err: crate::rooms::realtime::RoomError) -> Self {
        use crate::rooms::realtime::RoomError;
        match err {
            RoomError::ForeignOrigin | RoomError::NotMember => HttpError::Forbidden,
            RoomError::NotSignedIn => HttpError::Unauthorized,
            RoomError::NotFound => HttpError::NotFound,
            RoomError::Locked => HttpError::Conflict("the room is locked".to_owned()),
            RoomError::Full => HttpError::Unavailable("the room is full".to_owned()),
            RoomError::Db(e) => e.into(),
        }
    }
}

impl From<crate::case_studies::CaseStudyError> for HttpError {
    fn from(err: crate::case_studies::CaseStudyError) -> Self {
        use crate::case_studies::CaseStudyError;
        match err {
            CaseStudyError::Db(e) => e.into(),
            CaseStudyError::Mail(e) => e.into(),
            CaseStudyError::NotFound => HttpError::NotFound,
            CaseStudyError::Forbidden => HttpError::Forbidden,
            CaseStudyError::WrongStatus => {
                HttpError::Conflict("the case study is not in a status that allows this".to_owned())
            }
            CaseStudyError::NotAdopted => HttpError::Conflict("only an adopted match becomes a case study".to_owned()),
            CaseStudyError::Invalid(errors) => HttpError::Validation(errors),
            CaseStudyError::Missing | CaseStudyError::Internal(_) => HttpError::Internal(err.to_string()),
        }
    }
}

impl From<crate::console::ConsoleError> for HttpError {
    fn from(err: crate::console::ConsoleError) -> Self {
        use crate::console::ConsoleError;
        match err {
            ConsoleError::Db(e) => e.into(),
            ConsoleError::Mail(e) => e.into(),
            ConsoleError::NotFound => HttpError::NotFound,
            ConsoleError::UnknownExport => HttpError::NotFound,
            ConsoleError::Filter(errors) => HttpError::Validation(errors),
            ConsoleError::Internal(e) => HttpError::Internal(e),
        }
    }
}

impl From<crate::events::EventError> for HttpError {
    fn from(err: crate::events::EventError) -> Self {
        use crate::events::EventError;
        use crate::events::rules::flow::Refusal;
        match err {
            EventError::Refused(decision) => decision.into(),
            EventError::NotFound => HttpError::NotFound,
            EventError::Invalid(errors) => HttpError::Validation(errors),
            EventError::Rule(Refusal::NotYours) => HttpError::Forbidden,
            EventError::Rule(refusal) => HttpError::Conflict(refusal.to_string()),
            EventError::NotEligible => HttpError::Forbidden,
            EventError::ScheduleRule(detail) | EventError::Unschedulable(detail) => HttpError::Conflict(detail),
            EventError::Db(e) => e.into(),
            EventError::Mail(e) => e.into(),
        }
    }
}

impl From<crate::matching::MatchError> for HttpError {
    fn from(err: crate::matching::MatchError) -> Self {
        use crate::matching::MatchError;
        use crate::matching::lifecycle::Refusal;
        match err {
            MatchError::NotFound => HttpError::NotFound,
            MatchError::Refused(Refusal::NotYourStep) => HttpError::Forbidden,
            MatchError::Refused(refusal) => HttpError::Conflict(refusal.to_string()),
            MatchError::Conflict => HttpError::Conflict(err.to_string()),
            MatchError::InvalidField(field, code) => HttpError::Validation(vec![FieldError::new(field, code)]),
            MatchError::Db(e) => e.into(),
            MatchError::Mail(e) => e.into(),
        }
    }
}

impl From<crate::rooms::RoomsError> for HttpError {
    fn from(err: crate::rooms::RoomsError) -> Self {
        use crate::rooms::RoomsError;
        use crate::rooms::registrations::rules::Refusal;
        match err {
            RoomsError::Registration(Refusal::RoleNotSelfService) => {
                HttpError::Validation(vec![FieldError::new("role", "unknown")])
            }
            RoomsError::Registration(_) | RoomsError::NotEnded => HttpError::Conflict(err.code().to_owned()),
            RoomsError::NoRegistration => HttpError::NotFound,
            RoomsError::Db(e) => e.into(),
            RoomsError::Mail(e) => e.into(),
        }
    }
}
