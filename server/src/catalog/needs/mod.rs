//! Needs: what a small firm worries about, in its own words, with the categories, budget and size
//! that let vendors answer. Pages for the firm (a guided form, its list, a need's page) and
//! `/api/v1/needs` with the same rules.
//!
//! Who may see or change a need is the policy's answer (`CreateNeed`, `ViewNeed`,
//! `ViewNeedOwner`, `EditNeed`) on the need loaded from the database: another firm's private need
//! is "not found" on every route, and a vendor never learns who posted an anonymous need.
//! Pure rules live in `form` and `worries`; storage in `store`; HTTP in `pages` and `api`.

pub mod api;
pub mod form;
mod guard;
mod pages;

pub use pages::today;
pub mod store;
pub mod view;
pub mod worries;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes
        // CreateNeed: members of an active user company.
        .get("/needs/new", pages::new_form)
        .post("/needs", pages::create)
        .get("/needs/mine", pages::mine)
        // ViewNeed (the owner's name: ViewNeedOwner).
        .get("/needs/{id}", pages::show)
        // EditNeed: members of the posting firm.
        .get("/needs/{id}/edit", pages::edit_form)
        .post("/needs/{id}", pages::update)
        .post("/needs/{id}/close", pages::close)
        .post("/needs/{id}/reopen", pages::reopen)
        .get("/api/v1/needs", api::list)
        .post("/api/v1/needs", api::create)
        .get("/api/v1/needs/{id}", api::show)
        .put("/api/v1/needs/{id}", api::update)
        .post("/api/v1/needs/{id}/close", api::close)
        .post("/api/v1/needs/{id}/reopen", api::reopen);
}
