//! Extractors for handlers: `SignedIn` requires a session (401, which pages turn into a redirect
//! to the sign-in page); `MaybeSignedIn` works for everyone.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::actor::Actor;
use super::session::CurrentSession;
use crate::http::HttpError;

#[derive(Debug, Clone)]
pub struct SignedIn(pub CurrentSession);

impl SignedIn {
    pub fn actor(&self) -> &Actor {
        &self.0.actor
    }
}

impl FromRequest for SignedIn {
    type Error = HttpError;
    type Future = Ready<Result<Self, HttpError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(req.extensions().get::<CurrentSession>().cloned().map(SignedIn).ok_or(HttpError::Unauthorized))
    }
}

#[derive(Debug, Clone)]
pub struct MaybeSignedIn(pub Option<CurrentSession>);

impl MaybeSignedIn {
    pub fn actor(&self) -> Option<&Actor> {
        self.0.as_ref().map(|s| &s.actor)
    }
}

impl FromRequest for MaybeSignedIn {
    type Error = HttpError;
    type Future = Ready<Result<Self, HttpError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(MaybeSignedIn(req.extensions().get::<CurrentSession>().cloned())))
    }
}
