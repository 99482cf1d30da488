//! Working groups: the organiser creates and edits them and decides who is a member or a
//! moderator. Pages and `/api/v1/working-groups` with the same rules.

pub mod api;
pub mod form;
mod pages;
pub mod store;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes
        // CreateGroup / EditGroup: the organiser.
        .get("/working-groups/new", pages::new_form)
        .post("/working-groups", pages::create)
        // ViewGroup: anyone for an active group; members and moderators listed to its circle.
        .get("/working-groups/{id}", pages::show)
        .get("/working-groups/{id}/edit", pages::edit_form)
        .post("/working-groups/{id}", pages::update)
        .post("/working-groups/{id}/members", pages::put_member)
        .post("/working-groups/{id}/members/{user_id}/remove", pages::remove_member)
        .get("/api/v1/working-groups", api::list)
        .post("/api/v1/working-groups", api::create)
        .get("/api/v1/working-groups/{id}", api::show)
        .put("/api/v1/working-groups/{id}", api::update)
        .post("/api/v1/working-groups/{id}/members", api::put_member)
        .delete("/api/v1/working-groups/{id}/members/{user_id}", api::remove_member);
}

/// A member's role from a form or JSON value.
pub fn parse_member_role(code: &str) -> Option<entities::working_group_member::WorkingGroupRole> {
    use entities::working_group_member::WorkingGroupRole;
    match code.trim() {
        "member" => Some(WorkingGroupRole::Member),
        "moderator" => Some(WorkingGroupRole::Moderator),
        _ => None,
    }
}
