use crate::helpers::spawn_empty_app;

#[tokio::test]
async fn unknown_page_is_a_localised_404_page() {
    let app = spawn_empty_app().await;
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status(), 404);
    assert!(response.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/html"));
    let body = response.text().await.unwrap();
    assert!(body.contains("lang=\"ja\""), "Japanese by default");
    assert!(body.contains("ページが見つかりません"), "{body}");

    let (status, body) = app.get_text("/no-such-page?lang=en").await;
    assert_eq!(status, 404);
    assert!(body.contains("lang=\"en\"") && body.contains("Page not found"), "{body}");
}

#[tokio::test]
async fn unknown_api_route_is_problem_json_in_the_callers_language() {
    let app = spawn_empty_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/nothing-here"))
        .header("accept-language", "en-GB,en;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers().get("content-type").unwrap(), "application/problem+json");
    let request_id = response.headers().get("x-request-id").unwrap().to_str().unwrap().to_owned();
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["status"], 404);
    assert_eq!(problem["code"], "not_found");
    assert_eq!(problem["instance"], "/api/v1/nothing-here");
    assert_eq!(problem["request_id"], request_id.as_str());
    assert!(problem["title"].as_str().unwrap().to_lowercase().contains("not found"), "{problem}");

    let problem: serde_json::Value = app.get("/api/v1/nothing-here").await.json().await.unwrap();
    assert!(problem["title"].as_str().unwrap().contains("見つかりません"), "{problem}");
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let app = spawn_empty_app().await;
    let response = app.client.delete(app.url("/api/v1/products")).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers().get("allow").unwrap(), "GET, POST");
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "method_not_allowed");
}

#[tokio::test]
async fn bad_parameters_get_field_errors() {
    let app = spawn_empty_app().await;
    let response = app.client.get(app.url("/api/v1/products?per_page=1000&lang=en")).send().await.unwrap();
    assert_eq!(response.status(), 422);
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "per_page");
    assert_eq!(problem["errors"][0]["code"], "out_of_range");
    let message = problem["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains('1') && message.contains("100"), "{message}");

    let response = app.get("/api/v1/products?page=minus-one").await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers().get("content-type").unwrap(), "application/problem+json");

    let response = app.get("/api/v1/products/not-a-uuid").await;
    assert_eq!(response.status(), 404);
}
