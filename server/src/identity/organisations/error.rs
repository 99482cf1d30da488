//! What can go wrong when organisations and their members change, and how each looks over HTTP.

use sea_orm::DbErr;

use crate::http::HttpError;
use crate::i18n::{Catalogs, Locale};

#[derive(Debug, thiserror::Error)]
pub enum OrganisationError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("mail: {0}")]
    Mail(#[from] crate::mail::MailError),
    /// The organisation or membership vanished since it was read.
    #[error("not found")]
    NotFound,
    /// Someone changed the same thing first (the role read for the decision is no longer current).
    #[error("changed meanwhile")]
    Stale,
    #[error("the last owner cannot step down")]
    LastOwner,
    /// The person is already a member (inviting or creating again).
    #[error("already a member")]
    AlreadyMember,
    /// The invitation was answered, revoked or has expired.
    #[error("the invitation is spent")]
    InvitationSpent,
}

impl OrganisationError {
    /// The HTTP answer, with conflicts explained in the reader's language.
    pub fn into_http(self, catalogs: &Catalogs, locale: Locale) -> HttpError {
        let conflict = |key: &str| HttpError::Conflict(catalogs.text(locale, &format!("organisations.errors.{key}")));
        match self {
            OrganisationError::Db(e) => e.into(),
            OrganisationError::Mail(e) => e.into(),
            OrganisationError::NotFound => HttpError::NotFound,
            OrganisationError::Stale => conflict("stale"),
            OrganisationError::LastOwner => conflict("last_owner"),
            OrganisationError::AlreadyMember => conflict("already_member"),
            OrganisationError::InvitationSpent => HttpError::Gone,
        }
    }
}
