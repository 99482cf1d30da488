//! Identity: who people are and what they may do. Sign-in by e-mail link (the embedded default)
//! or OAuth 2.0 / OpenID Connect providers; sessions; CSRF; the one authorisation policy; the
//! audit log. Organisations and memberships are the unit of permission.

pub mod actor;
pub mod audit;
pub mod csrf;
pub mod demo;
pub mod email_link;
mod error;
pub mod events;
pub mod extract;
pub mod middleware;
pub mod oauth;
pub mod organisations;
mod pages;
pub mod policy;
pub mod session;
pub mod tokens;

pub use error::IdentityError;
pub use events::SessionEvents;
pub use extract::{MaybeSignedIn, SignedIn};
pub use session::CurrentSession;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes
        .get("/login", pages::login)
        .post("/login/email", pages::request_link)
        .get("/login/email/sent", pages::link_sent)
        .get("/login/email/verify", pages::confirm_link)
        .post("/login/email/verify", pages::redeem_link)
        .post("/login/demo", pages::demo_sign_in)
        .get("/login/oauth/{provider}", oauth::start)
        .get("/login/oauth/{provider}/callback", oauth::callback)
        .post("/logout", pages::sign_out)
        .post("/logout/everywhere", pages::sign_out_everywhere)
        .get("/account", pages::account);
    organisations::routes(routes);
}
