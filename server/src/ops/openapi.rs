//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]` annotations. Each
//! capability contributes its own `OpenApi` and they are merged here; a test checks that every
//! `/api/` route in the route table appears in the document.

use actix_web::HttpResponse;
use utoipa::OpenApi;

use crate::http::{HttpError, Problem, ProblemField};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "colapla API",
        description = "コラプラ: verified security products, small-firm needs, matching, working groups and matching events. \
                       Errors are application/problem+json (RFC 9457) in the caller's language (Accept-Language or ?lang=).",
        license(name = "Apache-2.0"),
    ),
    paths(super::health::healthz, super::health::readyz, super::metrics::scrape, document),
    components(schemas(Problem, ProblemField, super::health::Health, super::health::Check)),
    tags(
        (name = "ops", description = "Probes, metrics and this document"),
        (name = "catalog", description = "Products, verification records and needs"),
    )
)]
struct OpsApi;

/// The merged document of every capability.
#[derive(Debug)]
pub struct ApiDoc;

impl ApiDoc {
    pub fn build() -> utoipa::openapi::OpenApi {
        let mut doc = OpsApi::openapi();
        doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
        doc.merge(crate::catalog::ApiDocs::openapi());
        doc.merge(crate::matching::ApiDocs::openapi());
        doc.merge(crate::identity::organisations::ApiDocs::openapi());
        doc.merge(crate::case_studies::ApiDocs::openapi());
        doc.merge(crate::console::ApiDocs::openapi());
        doc
    }
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "ops", responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn document() -> Result<HttpResponse, HttpError> {
    let json = ApiDoc::build().to_json().map_err(HttpError::internal)?;
    Ok(HttpResponse::Ok().content_type("application/json").body(json))
}
