//! Sessions of a working group: created and edited (with their agenda) by the organiser and the
//! group's moderators; a page for everyone who may see the group, a public record after the fact,
//! a calendar file carrying the join link, and the minutes.

pub mod api;
mod calendar;
pub mod form;
pub mod minutes;
mod pages;
pub mod store;

use crate::http::RouteTable;

pub use calendar::calendar_entry;

pub fn routes(routes: &mut RouteTable) {
    routes
        // ManageSessions: the organiser and the group's moderators.
        .get("/working-groups/{id}/sessions/new", pages::new_form)
        .post("/working-groups/{id}/sessions", pages::create)
        // ViewGroup: anyone who may see the group.
        .get("/sessions/{id}", pages::show)
        .get("/sessions/{id}/record", pages::record)
        .get("/sessions/{id}/calendar.ics", calendar::download)
        .get("/sessions/{id}/edit", pages::edit_form)
        .post("/sessions/{id}", pages::update)
        .post("/sessions/{id}/cancel-session", pages::cancel)
        // WriteMinutes / ReadMinutes.
        .get("/sessions/{id}/minutes", minutes::form)
        .post("/sessions/{id}/minutes", minutes::save)
        .post("/api/v1/working-groups/{id}/sessions", api::create)
        .get("/api/v1/sessions/{id}", api::show)
        .put("/api/v1/sessions/{id}", api::update)
        .post("/api/v1/sessions/{id}/cancel", api::cancel)
        .get("/api/v1/sessions/{id}/minutes", minutes::api_show)
        .put("/api/v1/sessions/{id}/minutes", minutes::api_save);
}
