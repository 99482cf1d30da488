use crate::helpers::spawn_app;

#[tokio::test]
async fn products_api_lists_published_products_with_current_levels() {
    let app = spawn_app().await;
    let page: serde_json::Value = app.get("/api/v1/products?per_page=100").await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(page["total"].as_u64().unwrap() as usize, items.len());
    assert!(items.len() >= 18, "six evaluated products and twelve Otasuketai services");
    let verified: Vec<_> =
        items.iter().filter(|p| matches!(p["current_level"].as_str(), Some("green" | "blue"))).collect();
    assert!(verified.len() >= 6, "every evaluated product holds a current green or blue result");
    for p in &verified {
        assert!(p["verifications"].as_array().unwrap().iter().any(|v| v["current"] == true));
    }
    let otasuketai: Vec<_> =
        items.iter().filter(|p| p["categories"].as_array().unwrap().iter().any(|c| c == "otasuketai")).collect();
    assert_eq!(otasuketai.len(), 12);
    for p in otasuketai {
        assert_eq!(p["otasuketai_compatible"], true, "{} is within the price caps", p["name"]);
    }
}

#[tokio::test]
async fn pagination_is_stable_and_bounded() {
    let app = spawn_app().await;
    let first: serde_json::Value = app.get("/api/v1/products?per_page=5&page=1").await.json().await.unwrap();
    let second: serde_json::Value = app.get("/api/v1/products?per_page=5&page=2").await.json().await.unwrap();
    assert_eq!(first["items"].as_array().unwrap().len(), 5);
    let a: Vec<_> = first["items"].as_array().unwrap().iter().map(|p| p["id"].clone()).collect();
    let b: Vec<_> = second["items"].as_array().unwrap().iter().map(|p| p["id"].clone()).collect();
    assert!(a.iter().all(|id| !b.contains(id)), "pages do not overlap");
}
