//! Working groups and their sessions. The realtime room protocol arrives with its own issue; this
//! module starts with the public list of groups and their sessions.

mod pages;
pub mod realtime;
pub mod store;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes.get("/working-groups", pages::list);
    realtime::routes(routes);
}
