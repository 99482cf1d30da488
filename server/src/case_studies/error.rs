//! What can go wrong with case studies; mapped to HTTP once in `crate::http::error`.

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum CaseStudyError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("mail: {0}")]
    Mail(#[from] crate::mail::MailError),
    /// No such case study, or not visible to the actor.
    #[error("not found")]
    NotFound,
    /// Visible, but not the actor's to change.
    #[error("not yours to do")]
    Forbidden,
    /// Not in a status that allows this (or changed meanwhile).
    #[error("the case study is not in a status that allows this")]
    WrongStatus,
    /// Only an adopted match can become a case study.
    #[error("the match is not adopted")]
    NotAdopted,
    #[error("invalid fields")]
    Invalid(Vec<crate::http::FieldError>),
    /// A row it refers to is gone.
    #[error("a related row is missing")]
    Missing,
    #[error("internal: {0}")]
    Internal(String),
}

impl From<super::rules::Refusal> for CaseStudyError {
    fn from(refusal: super::rules::Refusal) -> Self {
        use super::rules::Refusal;
        match refusal {
            Refusal::Hidden => CaseStudyError::NotFound,
            Refusal::NotYours => CaseStudyError::Forbidden,
            Refusal::WrongStatus => CaseStudyError::WrongStatus,
        }
    }
}
