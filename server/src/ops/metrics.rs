//! Prometheus metrics. Route labels are the route *patterns* (`/products/{id}`), never raw paths,
//! so the number of series stays small whatever clients request.

use std::sync::atomic::AtomicI64;
use std::time::Duration;

use actix_web::{HttpResponse, web};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sea_orm::{ConnectionTrait, Statement};

use crate::http::HttpError;
use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LatencyLabels {
    method: String,
    route: String,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms … ~4 s
    Histogram::new(exponential_buckets(0.0005, 2.0, 14))
}

/// The process's metrics registry and the handles that code updates.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<LatencyLabels, Histogram, fn() -> Histogram>,
    /// Open realtime (websocket) connections on this instance.
    pub websocket_connections: Gauge<i64, AtomicI64>,
    /// Mail waiting in the outbox (pending or being retried), read from the database at scrape time.
    outbox_depth: Gauge<i64, AtomicI64>,
    /// Mail handed to the transport by this instance's worker.
    pub mail_sent: Counter,
    /// Attempts that failed transiently and were scheduled again.
    pub mail_retried: Counter,
    /// Mail given up on (permanent refusal, or out of attempts).
    pub mail_failed: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("colapla");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<LatencyLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let websocket_connections = Gauge::<i64, AtomicI64>::default();
        let outbox_depth = Gauge::<i64, AtomicI64>::default();
        registry.register("http_requests", "HTTP requests served, by route pattern and status", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to serve an HTTP request, by route pattern",
            latency.clone(),
        );
        registry.register(
            "websocket_connections_open",
            "Realtime room connections open on this instance",
            websocket_connections.clone(),
        );
        registry.register("outbox_depth", "Mail waiting to be sent (pending or retrying)", outbox_depth.clone());
        let (mail_sent, mail_retried, mail_failed) = (Counter::default(), Counter::default(), Counter::default());
        registry.register("mail_sent", "Mail handed to the mail transport", mail_sent.clone());
        registry.register(
            "mail_retried",
            "Mail attempts that failed transiently and will be retried",
            mail_retried.clone(),
        );
        registry.register("mail_failed", "Mail given up on: refused for good or out of attempts", mail_failed.clone());
        Self { registry, requests, latency, websocket_connections, outbox_depth, mail_sent, mail_retried, mail_failed }
    }
}

impl Metrics {
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels { method: method.to_owned(), route: route.to_owned(), status })
            .inc();
        self.latency
            .get_or_create(&LatencyLabels { method: method.to_owned(), route: route.to_owned() })
            .observe(elapsed.as_secs_f64());
    }

    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// Prometheus text exposition of this instance's metrics.
#[utoipa::path(get, path = "/metrics", tag = "ops", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn scrape(state: web::Data<AppState>) -> Result<HttpResponse, HttpError> {
    let backend = state.db.get_database_backend();
    let depth = state
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS depth FROM outbox WHERE state IN ('pending', 'sending')",
        ))
        .await?
        .and_then(|row| row.try_get::<i64>("", "depth").ok())
        .unwrap_or(0);
    state.metrics.outbox_depth.set(depth);
    let body = state.metrics.render().map_err(HttpError::internal)?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(body))
}
