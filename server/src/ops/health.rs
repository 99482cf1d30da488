use std::time::Duration;

use actix_web::{HttpResponse, web};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::state::AppState;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when everything checked answers.
    pub status: &'static str,
    /// One entry a dependency: `ok`, `failing` or `not configured`.
    pub checks: Vec<Check>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Check {
    pub name: &'static str,
    pub status: &'static str,
}

/// Liveness: the process is up and serving.
#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok", checks: Vec::new() })
}

const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// Readiness: the database answers, and Redis too when it is configured.
#[utoipa::path(get, path = "/readyz", tag = "ops", responses(
    (status = 200, description = "ready", body = Health),
    (status = 503, description = "a dependency is failing", body = Health),
))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let database = tokio::time::timeout(PROBE_TIMEOUT, state.db.execute_unprepared("SELECT 1")).await;
    let database_ok = matches!(database, Ok(Ok(_)));
    let mut checks = vec![Check { name: "database", status: if database_ok { "ok" } else { "failing" } }];
    let mut ready = database_ok;
    match &state.redis {
        Some(redis) => {
            let mut conn = redis.clone();
            let ping = tokio::time::timeout(PROBE_TIMEOUT, redis::cmd("PING").query_async::<String>(&mut conn)).await;
            let ok = matches!(ping, Ok(Ok(_)));
            ready &= ok;
            checks.push(Check { name: "redis", status: if ok { "ok" } else { "failing" } });
        }
        None => checks.push(Check { name: "redis", status: "not configured" }),
    }
    let body = Health { status: if ready { "ok" } else { "failing" }, checks };
    if ready { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}
