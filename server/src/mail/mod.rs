//! Outgoing mail through a transactional outbox: nothing is lost, not a mail across an SMTP outage.
//!
//! A change and the mail that reports it commit together ([`outbox::enqueue`] writes an `outbox`
//! row in the caller's transaction). A background [`worker`] claims due rows under a lease,
//! renders them ([`render`]) in the recipient's language and hands them to the [`transport`]
//! (SMTP, or `.eml` files on the embedded default), retrying transient failures with a capped
//! exponential backoff. Rules, states and the retry schedule: `docs/mail.md`.

mod error;
pub mod outbox;
mod pages;
pub mod render;
pub mod retry;
mod secret_key;
pub mod store;
pub mod templates;
pub mod transport;
pub mod unsubscribe;
pub mod worker;

pub use error::MailError;
pub use outbox::{NewMail, enqueue};
pub use secret_key::SecretKey;
pub use worker::{Worker, WorkerHandle};

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes.get("/mail/unsubscribe", pages::confirm).post("/mail/unsubscribe", pages::unsubscribe);
}
