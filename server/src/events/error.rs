//! What can go wrong with matching events, mapped to HTTP once in `crate::http::error`.

use crate::http::FieldError;
use crate::identity::policy::Decision;

use super::rules::flow::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// The policy's refusal (sign in, 403 or 404).
    #[error("refused: {0:?}")]
    Refused(Decision),
    #[error("not found")]
    NotFound,
    #[error("invalid input on {} field(s)", .0.len())]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Rule(#[from] Refusal),
    /// A vendor without a current green or blue verification, or an organisation of a kind that
    /// does not take part.
    #[error("this organisation is not eligible for the event")]
    NotEligible,
    /// The organiser's move or swap breaks a hard rule of the schedule.
    #[error("the schedule would break its rules: {0}")]
    ScheduleRule(String),
    /// The event cannot be scheduled as it stands (no slots, too many, …).
    #[error("cannot schedule: {0}")]
    Unschedulable(String),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("mail: {0}")]
    Mail(#[from] crate::mail::MailError),
}

impl EventError {
    /// Turns a refusal of the access rules into an error (call only on refusals).
    pub fn refused(decision: Decision) -> Self {
        EventError::Refused(decision)
    }
}
