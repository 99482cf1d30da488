use crate::helpers::spawn_app;

const EVALUATED: [&str; 6] = ["yamory", "WiSAS", "GUARDIAX", "AX-Network", "Karma", "AeyeScan"];

#[tokio::test]
async fn landing_page_is_japanese_by_default_and_english_on_request() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"ja\""), "Japanese by default");
    assert!(body.contains("コラプラ"));
    assert!(
        body.contains("class=\"lang-switch\"") && body.contains("?lang=en\" hreflang=\"en\""),
        "a visible switch to English"
    );

    let response = app.get("/?lang=en").await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers().get("set-cookie").expect("the choice is remembered").to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lang=en") && cookie.contains("SameSite=Lax"), "{cookie}");
    let body = response.text().await.unwrap();
    assert!(body.contains("<html lang=\"en\""));

    // The cookie (kept by the client) now decides, without the query.
    let (_, body) = app.get_text("/").await;
    assert!(body.contains("<html lang=\"en\""), "the language is remembered");
}

#[tokio::test]
async fn accept_language_is_the_fallback() {
    let app = spawn_app().await;
    let body = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("<html lang=\"en\""));
    let body =
        app.client.get(app.url("/")).header("accept-language", "fr-FR").send().await.unwrap().text().await.unwrap();
    assert!(body.contains("<html lang=\"ja\""));
}

#[tokio::test]
async fn landing_page_addresses_each_audience_and_shows_verified_products() {
    let app = spawn_app().await;
    let (_, body) = app.get_text("/").await;
    for audience in ["ベンダー", "中小企業", "事務局"] {
        assert!(body.contains(audience), "landing page speaks to {audience}");
    }
    assert!(body.contains("<main"), "landmarks");
    let featured = EVALUATED.iter().filter(|name| body.contains(*name)).count();
    assert!(featured >= 3, "verified products are featured on the landing page");
}

#[tokio::test]
async fn the_six_evaluated_products_are_listed_with_their_badges() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/products").await;
    assert_eq!(status, 200);
    for name in EVALUATED {
        assert!(body.contains(name), "{name} is listed");
    }
    assert!(body.contains("badge--green") && body.contains("badge--blue"));
    assert!(body.contains("緑検証") && body.contains("青検証"));
    assert!(body.contains("お助け隊"), "the Otasuketai services are listed too");
}

#[tokio::test]
async fn a_product_page_shows_its_verification_history() {
    let app = spawn_app().await;
    let page: serde_json::Value = app.get("/api/v1/products?per_page=100").await.json().await.unwrap();
    let karma = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str().unwrap().contains("Karma"))
        .expect("Karma");
    let id = karma["id"].as_str().unwrap();
    let (status, body) = app.get_text(&format!("/products/{id}?lang=en")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Karma"));
    assert!(body.contains("<table") && body.contains("<caption"), "history as an accessible table");
    assert!(body.contains("Expired") || body.contains("expired"), "the FY2021 record has lapsed: {body}");

    let (status, _) = app.get_text(&format!("/products/{}", uuid::Uuid::now_v7())).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn working_groups_of_every_kind_are_listed() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/working-groups").await;
    assert_eq!(status, 200);
    for kind in ["政策・調査とのコラボレーション", "シーズサイド", "ニーズサイド", "ニーズとシーズ"]
    {
        assert!(body.contains(kind), "{kind}");
    }
    assert!(body.contains("(JST)"), "times in Japan time");
}

#[tokio::test]
async fn static_assets_are_served_with_etags() {
    let app = spawn_app().await;
    let response = app.get("/static/css/app.css").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/css"));
    let etag = response.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let response = app.client.get(app.url("/static/css/app.css")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(response.status(), 304);
    assert_eq!(app.get("/static/js/app.js").await.status(), 200);
    assert_eq!(app.get("/static/../Cargo.toml").await.status(), 404);
}

#[tokio::test]
async fn a_product_page_offers_the_next_step_to_whoever_may_take_it() {
    let app = spawn_app().await;
    let page: serde_json::Value = app.get("/api/v1/products?per_page=100").await.json().await.unwrap();
    let yamory = page["items"].as_array().unwrap().iter().find(|p| p["name"] == "yamory").expect("yamory");
    let path = format!("/products/{}", yamory["id"].as_str().unwrap());
    let edit = format!("{path}/edit");
    let verify = format!("{path}/verifications/new");
    let html = |client: reqwest::Client| {
        let url = app.url(&path);
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let anonymous = html(crate::helpers::new_client()).await;
    assert!(!anonymous.contains(&edit) && !anonymous.contains(&verify));
    let vendor = html(app.client_signed_in_as("vendor@colapla.example").await).await;
    assert!(vendor.contains(&edit) && !vendor.contains(&verify), "the vendor edits but never verifies");
    let verifier = html(app.client_signed_in_as("verifier@colapla.example").await).await;
    assert!(!verifier.contains(&edit) && verifier.contains(&verify));
}
