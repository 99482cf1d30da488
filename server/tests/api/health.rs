use crate::helpers::{spawn_app, spawn_empty_app};

#[tokio::test]
async fn healthz_and_readyz_answer_ok() {
    let app = spawn_empty_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["checks"][0]["name"], "database");
    assert_eq!(body["checks"][0]["status"], "ok");
    assert_eq!(body["checks"][1]["status"], "not configured");
}

#[tokio::test]
async fn readyz_fails_when_the_database_is_gone() {
    let app = spawn_empty_app().await;
    app.state.db.clone().close().await.expect("pool closes");
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["checks"][0]["status"], "failing");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = spawn_empty_app().await;
    let response = app.get("/healthz").await;
    let id = response.headers().get("x-request-id").expect("request id").to_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    let csp = response.headers().get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(response.headers().get("x-content-type-options").unwrap(), "nosniff");

    // A caller's own plain request id is kept; a strange one is replaced.
    let response = app.client.get(app.url("/healthz")).header("x-request-id", "trace-42").send().await.unwrap();
    assert_eq!(response.headers().get("x-request-id").unwrap(), "trace-42");
    let response = app.client.get(app.url("/healthz")).header("x-request-id", "a b\tc").send().await.unwrap();
    assert_ne!(response.headers().get("x-request-id").unwrap(), "a b\tc");
}

#[tokio::test]
async fn metrics_are_prometheus_text_with_route_patterns() {
    let app = spawn_app().await;
    let products: serde_json::Value = app.get("/api/v1/products?per_page=1").await.json().await.unwrap();
    let id = products["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(app.get(&format!("/products/{id}")).await.status(), 200);
    let (status, body) = app.get_text("/metrics").await;
    assert_eq!(status, 200);
    assert!(body.contains("# TYPE colapla_http_requests counter"), "{body}");
    assert!(body.contains(r#"route="/products/{id}""#), "route patterns, not raw paths: {body}");
    assert!(!body.contains(&id), "no raw ids in labels");
    assert!(body.contains("colapla_http_request_duration_seconds_bucket"));
    assert!(body.contains("colapla_websocket_connections_open 0"));
    assert!(body.contains("colapla_outbox_depth 0"));
}

#[tokio::test]
async fn openapi_document_is_openapi_3_and_lists_every_api_route() {
    let app = spawn_empty_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: serde_json::Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    let paths = doc["paths"].as_object().expect("paths");
    for route in colapla::http::route_table().list() {
        if !route.path.starts_with("/api/") {
            continue;
        }
        let operation = paths
            .get(route.path)
            .and_then(|p| p.get(route.method.as_str().to_lowercase()))
            .unwrap_or_else(|| panic!("{} {} is not in the OpenAPI document", route.method, route.path));
        assert!(operation.get("responses").is_some());
    }
}
