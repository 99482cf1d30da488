//! Catalog search and comparison, on the real application with the demo data: keywords in
//! Japanese without spaces and in English, each filter, expiry at query time, reasons in both
//! languages, comparison, and field errors.

use entities::{product, verification};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};

async fn search(app: &TestApp, query: &str) -> Vec<Value> {
    let response = app.get(&format!("/api/v1/products?per_page=100&{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["total"].as_u64().unwrap() as usize, page["items"].as_array().unwrap().len(), "{query}");
    page["items"].as_array().unwrap().clone()
}

fn names(items: &[Value]) -> Vec<String> {
    items.iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect()
}

async fn id_of(app: &TestApp, name: &str) -> uuid::Uuid {
    product::Entity::find().filter(product::Column::Name.eq(name)).one(&app.state.db).await.unwrap().unwrap().id
}

#[tokio::test]
async fn japanese_keywords_need_no_spaces_and_english_works_too() {
    let app = spawn_app().await;
    let items = search(&app, "q=ランサムウェア対策").await;
    let found = names(&items);
    assert!(found.contains(&"ランサムガード".to_owned()), "{found:?}");
    assert!(found.contains(&"EDR運用監視サービス「ミハルとマモル」".to_owned()), "{found:?}");
    assert!(!found.contains(&"yamory".to_owned()), "unrelated products stay out: {found:?}");
    assert!(!found.contains(&"WiSAS".to_owned()), "unrelated products stay out: {found:?}");
    let guard = items.iter().find(|p| p["name"] == "ランサムガード").unwrap();
    let keyword = guard["reasons"].as_array().unwrap().iter().find(|r| r["kind"] == "keyword").unwrap();
    assert!(keyword["words"].as_array().unwrap().iter().any(|w| w == "ランサムウェア"), "{keyword}");

    let english = names(&search(&app, "q=ransomware").await);
    assert!(english.contains(&"ランサムガード".to_owned()), "{english:?}");
    let waf = names(&search(&app, "q=WAF").await);
    assert!(waf.contains(&"GUARDIAX".to_owned()), "{waf:?}");
    assert!(!waf.contains(&"yamory".to_owned()), "{waf:?}");

    let (status, body) = app.get_text("/products?q=ランサムウェア対策").await;
    assert_eq!(status, 200);
    assert!(body.contains("ランサムガード"), "the page finds it too");
    assert!(body.contains("一致: ランサムウェア"), "and says why");
    assert!(!body.contains(">yamory<"));
}

#[tokio::test]
async fn each_filter_narrows() {
    let app = spawn_app().await;
    let all = search(&app, "").await;
    assert!(all.len() >= 18);

    // Budget for ten devices: monthly price for 10 devices within ¥20,000, no initial cost.
    let fit = search(&app, "devices=10&budget_monthly=20000&budget_initial=0").await;
    assert!(!fit.is_empty() && fit.len() < all.len());
    for p in &fit {
        assert!(p["monthly_yen_for_devices"].as_i64().unwrap() <= 20_000, "{}", p["name"]);
        assert_eq!(p["pricing"]["initial_yen"], 0, "{}", p["name"]);
    }
    let fit_names = names(&fit);
    assert!(fit_names.contains(&"PCセキュリティみまもりパック".to_owned()), "¥1,800 × 10 fits: {fit_names:?}");
    assert!(!fit_names.contains(&"yamory".to_owned()));
    assert!(!fit_names.contains(&"WiSAS".to_owned()), "its initial cost is over");

    let large = names(&search(&app, "size=large").await);
    assert!(large.contains(&"yamory".to_owned()) && !large.contains(&"WiSAS".to_owned()), "{large:?}");

    let gifu = search(&app, "prefecture=21").await;
    let gifu_names = names(&gifu);
    assert!(gifu_names.contains(&"CBM ネットワーク監視サービス".to_owned()), "serves Gifu: {gifu_names:?}");
    assert!(!gifu_names.contains(&"オフィスSOC おうちSOC".to_owned()), "serves Iwate only");
    assert!(gifu_names.contains(&"yamory".to_owned()), "nationwide");

    let blue = search(&app, "level=blue").await;
    assert!(!blue.is_empty() && blue.len() < all.len());
    for p in &blue {
        let current_blue =
            p["verifications"].as_array().unwrap().iter().any(|v| v["level"] == "blue" && v["current"] == true);
        assert!(current_blue, "{}", p["name"]);
    }

    let otasuketai = search(&app, "otasuketai=true").await;
    assert!(otasuketai.iter().all(|p| p["otasuketai_compatible"] == true));
    assert!(!names(&otasuketai).contains(&"yamory".to_owned()));

    let several = names(&search(&app, "category=waf&category=wifi_security").await);
    assert!(several.contains(&"GUARDIAX".to_owned()) && several.contains(&"WiSAS".to_owned()), "{several:?}");
    assert_eq!(several, names(&search(&app, "category=waf,wifi_security").await));

    let by_price = search(&app, "devices=5&sort=price").await;
    let prices: Vec<i64> = by_price.iter().map(|p| p["monthly_yen_for_devices"].as_i64().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
}

#[tokio::test]
async fn an_expired_verification_leaves_the_verified_filter_without_a_job() {
    let app = spawn_app().await;
    assert!(names(&search(&app, "level=verified").await).contains(&"yamory".to_owned()));
    let id = id_of(&app, "yamory").await;
    let past = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for v in
        verification::Entity::find().filter(verification::Column::ProductId.eq(id)).all(&app.state.db).await.unwrap()
    {
        let mut v = v.into_active_model();
        v.verified_on = Set(past);
        v.valid_until = Set(past + chrono::Days::new(365));
        v.updated_at = Set(chrono::Utc::now());
        v.update(&app.state.db).await.unwrap();
    }
    app.state.search.refresh_now().await.unwrap();
    let verified = names(&search(&app, "level=verified").await);
    assert!(!verified.contains(&"yamory".to_owned()), "{verified:?}");
    assert!(names(&search(&app, "").await).contains(&"yamory".to_owned()), "still listed, unverified");
}

#[tokio::test]
async fn comparison_shows_up_to_four_and_never_drafts() {
    let app = spawn_app().await;
    let a = id_of(&app, "yamory").await;
    let b = id_of(&app, "WiSAS").await;
    let (status, body) = app.get_text(&format!("/compare?ids={a},{b}&devices=10")).await;
    assert_eq!(status, 200);
    assert!(body.contains("yamory") && body.contains("WiSAS"));
    assert!(body.contains("<caption") && body.contains("scope=\"row\"") && body.contains("scope=\"col\""));

    // Checkboxes submit repeated `ids`.
    let (status, body) = app.get_text(&format!("/compare?ids={a}&ids={b}&lang=en")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Product comparison") && body.contains("WiSAS"));

    let c = id_of(&app, "GUARDIAX").await;
    let d = id_of(&app, "Karma").await;
    let e = id_of(&app, "AeyeScan").await;
    let (status, body) = app.get_text(&format!("/compare?ids={a},{b},{c},{d},{e}")).await;
    assert_eq!(status, 422, "{body}");

    // A draft is skipped with a note, its name never shown.
    let mut draft = product::Entity::find_by_id(c).one(&app.state.db).await.unwrap().unwrap().into_active_model();
    draft.status = Set(product::ProductStatus::Draft);
    draft.updated_at = Set(chrono::Utc::now());
    draft.update(&app.state.db).await.unwrap();
    app.state.search.refresh_now().await.unwrap();
    let (status, body) = app.get_text(&format!("/compare?ids={a},{c},{}&lang=ja", uuid::Uuid::now_v7())).await;
    assert_eq!(status, 200);
    assert!(!body.contains("GUARDIAX"), "drafts never leak");
    assert!(body.contains("2件の製品は見つからないか公開されていない"), "a note says some were skipped");
    assert!(!names(&search(&app, "q=WAF").await).contains(&"GUARDIAX".to_owned()));
}

#[tokio::test]
async fn reasons_are_shown_in_the_readers_language() {
    let app = spawn_app().await;
    let query = "/products?prefecture=21&devices=1&budget_monthly=10000&level=verified";
    let (status, ja) = app.get_text(query).await;
    assert_eq!(status, 200);
    // Templates escape `/` as `&#x2f;`.
    let ja = ja.replace("&#x2f;", "/");
    assert!(ja.contains("¥8,000/月 ≤ ご予算 ¥10,000/月"), "WiSAS at ¥8,000 a month");
    assert!(ja.contains("岐阜県"), "serves Gifu");
    assert!(ja.contains("まで有効"), "verified until …");
    let (_, en) = app.get_text(&format!("{query}&lang=en")).await;
    let en = en.replace("&#x2f;", "/");
    assert!(en.contains("¥8,000/month ≤ your budget ¥10,000/month"));
    assert!(en.contains("Gifu"));
    assert!(en.contains("valid until"));
    let items = search(&app, "prefecture=21&budget_monthly=10000").await;
    let reasons = items[0]["reasons"].as_array().unwrap();
    assert!(reasons.iter().any(|r| r["kind"] == "budget_fit" && r["budget_yen"] == 10000), "{reasons:?}");
    assert!(reasons.iter().any(|r| r["kind"] == "serves" && r["prefecture"] == 21), "{reasons:?}");
}

#[tokio::test]
async fn invalid_parameters_are_field_errors() {
    let app = spawn_app().await;
    let response = app
        .get("/api/v1/products?per_page=0&page=0&level=purple&prefecture=99&category=nope&sort=cheap&devices=x")
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(response.headers().get("content-type").unwrap(), "application/problem+json");
    let problem: Value = response.json().await.unwrap();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["per_page", "page", "level", "prefecture", "category[0]", "sort", "devices"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let long = "あ".repeat(201);
    assert_eq!(app.get(&format!("/api/v1/products?q={long}")).await.status(), 422);
    assert_eq!(app.get("/api/v1/products?per_page=101").await.status(), 422);
    let (status, _) = app.get_text("/products?level=purple").await;
    assert_eq!(status, 422);
}
