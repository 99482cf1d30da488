//! The catalog: products with their verification records, and (later) needs, search and comparison.
//! Pure rules live in `pricing` and `verification_status`; storage in `store`; HTTP in `pages`/`api`.

mod api;
pub mod needs;
mod pages;
pub mod pricing;
pub mod products;
pub mod search;
pub mod store;
pub mod verification_status;
pub mod verifications;
pub mod view;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    // Before `/products/{id}`: actix matches resources in registration order, and "new" is no id.
    routes.get("/products/new", products::pages::new_form);
    routes
        .get("/products", pages::list)
        .get("/products/{id}", pages::show)
        .get("/api/v1/products", api::list)
        .get("/api/v1/products/{id}", api::show)
        .get("/compare", search::compare::page);
    // Vendors write listings: CreateProduct (members of an active vendor), EditProduct (the
    // product's own vendor; others get 403 on a published product, 404 on a draft).
    routes
        .post("/products", products::pages::create)
        .get("/products/{id}/edit", products::pages::edit_form)
        .post("/products/{id}", products::pages::update)
        .post("/products/{id}/publish", products::pages::publish)
        .post("/products/{id}/archive", products::pages::archive)
        .get("/vendor/products", products::pages::mine)
        .post("/api/v1/products", products::api::create)
        .put("/api/v1/products/{id}", products::api::update)
        .post("/api/v1/products/{id}/publish", products::api::publish)
        .post("/api/v1/products/{id}/archive", products::api::archive)
        .get("/api/v1/products/{id}/history", products::api::history);
    // WriteVerification: verifiers and the organiser, never the product's own vendor; a record
    // is amended or withdrawn by its own verifier organisation or the organiser.
    routes
        .get("/products/{id}/verifications/new", verifications::pages::new_form)
        .post("/products/{id}/verifications", verifications::pages::create)
        .post("/verifications/{id}/amend", verifications::pages::amend)
        .post("/verifications/{id}/withdraw", verifications::pages::withdraw)
        .post("/api/v1/products/{id}/verifications", verifications::api::create)
        .post("/api/v1/verifications/{id}/amend", verifications::api::amend)
        .post("/api/v1/verifications/{id}/withdraw", verifications::api::withdraw);
    // Needs: CreateNeed, ViewNeed, ViewNeedOwner, EditNeed (see `needs::routes`).
    needs::routes(routes);
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    paths(
        api::list,
        api::show,
        products::api::create,
        products::api::update,
        products::api::publish,
        products::api::archive,
        products::api::history,
        verifications::api::create,
        verifications::api::amend,
        verifications::api::withdraw,
        needs::api::list,
        needs::api::show,
        needs::api::create,
        needs::api::update,
        needs::api::close,
        needs::api::reopen,
    ),
    components(schemas(
        api::ProductPage,
        api::ProductView,
        api::VerificationView,
        view::PricingView,
        api::SearchItem,
        api::SearchPage,
        search::reasons::Reason,
        products::api::ProductRequest,
        products::api::HistoryEntry,
        products::view::ListingView,
        verifications::api::VerificationRequest,
        verifications::api::AmendRequest,
        verifications::api::WithdrawRequest,
        verifications::view::RecordView,
        needs::api::NeedRequest,
        needs::view::NeedView,
        needs::view::NeedOwnerView,
        needs::view::NeedList,
    ))
)]
pub struct ApiDocs;
