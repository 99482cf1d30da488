//! What can go wrong in matching, mapped to HTTP once in `http::error`.

use super::lifecycle::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    /// No such match, or not one the actor may see (the two look the same).
    #[error("no such match")]
    NotFound,
    /// The actor sees the match but may not take this step (e.g. a vendor marking an adoption).
    #[error("refused: {0}")]
    Refused(Refusal),
    /// Someone else changed the match at the same moment; read it again and retry.
    #[error("the match changed concurrently")]
    Conflict,
    /// A request field is wrong (field, message key).
    #[error("invalid field {0}")]
    InvalidField(&'static str, &'static str),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Mail(#[from] crate::mail::MailError),
}
