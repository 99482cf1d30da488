//! Case studies (導入事例): an adoption told with the user company's consent. Drafted from an
//! adopted match by the vendor or the organiser, edited by the vendor, approved (or sent back) by a
//! member of the user company, published by the organiser, withdrawable by the user company at any
//! time. Published cases appear on the product page and in `/api/v1/case-studies`.
//!
//! Pure rules in `rules` and `form`; storage (with the conditional writes that keep an unapproved
//! case unpublishable) in `store`; HTTP in `pages` and `api`, both through `guard`.

mod api;
mod error;
pub mod form;
mod guard;
mod pages;
pub mod rules;
pub mod store;
pub mod view;

pub use error::CaseStudyError;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes
        // Drafting: the product's vendor or the organiser, from an adopted match.
        .post("/case-studies", pages::draft)
        // Before `/case-studies/{id}/{action}`: actix matches resources in registration order.
        .get("/case-studies/{id}/edit", pages::edit_form)
        // Published: everyone; otherwise the vendor, the user company and the organiser.
        .get("/case-studies/{id}", pages::show)
        // Editing: the vendor, while a draft.
        .post("/case-studies/{id}", pages::update)
        // submit (vendor) · approve, send-back, withdraw (user company) · publish (organiser).
        .post("/case-studies/{id}/{action}", pages::act)
        .get("/api/v1/case-studies", api::list)
        .post("/api/v1/case-studies", api::draft)
        .get("/api/v1/case-studies/{id}", api::show)
        .put("/api/v1/case-studies/{id}", api::update)
        .post("/api/v1/case-studies/{id}/{action}", api::act);
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    paths(api::list, api::show, api::draft, api::update, api::act),
    components(schemas(view::CaseStudyView, view::CaseStudyList, api::DraftRequest, api::CaseTextRequest)),
    tags((name = "case_studies", description = "Adoption case studies (導入事例), published with the user company's consent"))
)]
pub struct ApiDocs;
