//! Working groups and their sessions. The realtime room protocol arrives with its own issue; this
//! module starts with the public list of groups and their sessions.

mod pages;
pub mod realtime;
mod room_page;
pub mod store;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes.get("/working-groups", pages::list);
    routes.get("/sessions/{id}/room", room_page::show);
    realtime::routes(routes);
}
