//! What can go wrong in working groups and sessions, beyond the policy's refusals (which
//! handlers turn into HTTP directly). Mapped to HTTP once, in `http/error.rs`.

use super::registrations::rules::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum RoomsError {
    #[error(transparent)]
    Registration(#[from] Refusal),
    #[error("the session has not ended yet")]
    NotEnded,
    #[error("no such registration for this session")]
    NoRegistration,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("mail: {0}")]
    Mail(#[from] crate::mail::MailError),
}

impl RoomsError {
    /// A stable code clients can act on (problem+json `detail` starts with it).
    pub fn code(&self) -> &'static str {
        match self {
            RoomsError::Registration(Refusal::Full) => "session_full",
            RoomsError::Registration(Refusal::Closed) => "registration_closed",
            RoomsError::Registration(Refusal::AlreadyRegistered) => "already_registered",
            RoomsError::Registration(Refusal::RoleNotSelfService) => "role_not_self_service",
            RoomsError::NotEnded => "session_not_ended",
            RoomsError::NoRegistration => "no_registration",
            RoomsError::Db(_) | RoomsError::Mail(_) => "internal",
        }
    }
}
