//! The catalog: products with their verification records, and (later) needs, search and comparison.
//! Pure rules live in `pricing` and `verification_status`; storage in `store`; HTTP in `pages`/`api`.

mod api;
mod pages;
pub mod pricing;
pub mod store;
pub mod verification_status;
pub mod view;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes
        .get("/products", pages::list)
        .get("/products/{id}", pages::show)
        .get("/api/v1/products", api::list)
        .get("/api/v1/products/{id}", api::show);
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    paths(api::list, api::show),
    components(schemas(api::ProductPage, api::ProductView, api::VerificationView, view::PricingView))
)]
pub struct ApiDocs;
