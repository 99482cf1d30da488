//! Registrations for sessions: a person registers (approved at once, or waiting for approval when
//! the session asks for it), cancels, and managers approve, decline and invite. Capacity holds
//! under concurrency (see `store`); the rules are pure (`rules`).

pub mod api;
mod pages;
pub mod rules;
pub mod store;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes
        // Register: anyone signed in who may see the group; cancel: one's own registration.
        .post("/sessions/{id}/register", pages::register)
        .post("/sessions/{id}/cancel", pages::cancel)
        // ManageSessions: the organiser, the group's moderators, the session's moderators.
        .post("/sessions/{id}/registrations/{registration_id}/approve", pages::approve)
        .post("/sessions/{id}/registrations/{registration_id}/decline", pages::decline)
        .post("/sessions/{id}/invitations", pages::invite)
        .get("/api/v1/sessions/{id}/registrations", api::list)
        .post("/api/v1/sessions/{id}/registrations", api::register)
        .delete("/api/v1/sessions/{id}/registration", api::cancel)
        .post("/api/v1/sessions/{id}/registrations/{registration_id}/approve", api::approve)
        .post("/api/v1/sessions/{id}/registrations/{registration_id}/decline", api::decline)
        .post("/api/v1/sessions/{id}/invitations", api::invite);
}
