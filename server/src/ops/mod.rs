//! Operating the service: liveness and readiness probes, Prometheus metrics, the OpenAPI document.

mod health;
mod metrics;
mod openapi;

pub use metrics::Metrics;
pub use openapi::ApiDoc;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes
        .get("/healthz", health::healthz)
        .get("/readyz", health::readyz)
        .get("/metrics", metrics::scrape)
        .get("/api/openapi.json", openapi::document);
}
