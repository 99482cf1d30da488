//! Product listings as vendors write them, through the JSON API and through the pages: who may
//! create and edit, drafts hidden from others, publishing, history, and field-by-field validation
//! that stores nothing on error.

use chrono::Utc;
use entities::{app_user, membership, organisation, product, product_history, product_region};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, csrf_in, new_client, spawn_app};

/// A listing the API accepts: an EDR in Chubu and Tokyo, within the Otasuketai caps.
pub fn good_listing(name: &str) -> Value {
    json!({
        "name": name,
        "categories": ["edr", "endpoint"],
        "description_ja": "中小企業向けのEDRです。",
        "strong_points_ja": "24時間監視つき。",
        "initial_yen": 0,
        "monthly_yen": "5000",
        "per_device_monthly_yen": 1500,
        "size_bands": ["small", "small_medium"],
        "regions": ["chubu"],
        "prefectures": [13],
        "deployment": "cloud",
        "support_languages": ["ja", "en"],
        "website": "https://edr.example.jp",
        "ease_of_introduction": 4,
    })
}

/// A client's session CSRF token (any page's forms carry it).
pub async fn token(app: &TestApp, client: &reqwest::Client) -> String {
    app.csrf_token(client, "/").await
}

pub async fn api(
    app: &TestApp,
    client: &reqwest::Client,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let csrf = token(app, client).await;
    let mut request = client.request(method, app.url(path)).header("x-csrf-token", csrf);
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

/// Creates and publishes a listing as the demo vendor; returns its id.
pub async fn published_listing(app: &TestApp, name: &str) -> Uuid {
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    let created = api(app, &vendor, reqwest::Method::POST, "/api/v1/products", Some(&good_listing(name))).await;
    assert_eq!(created.status(), 201);
    let id: Uuid = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().parse().unwrap();
    let published = api(app, &vendor, reqwest::Method::POST, &format!("/api/v1/products/{id}/publish"), None).await;
    assert_eq!(published.status(), 200);
    id
}

/// A person who owns another vendor organisation (from the demo data).
pub async fn other_vendor(app: &TestApp) -> reqwest::Client {
    let other = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(organisation::OrganisationKind::Vendor))
        .filter(organisation::Column::Name.contains("スプライン"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("another vendor in the demo data");
    let email = "other-vendor@colapla.example";
    let user = app_user::Model {
        id: Uuid::now_v7(),
        email: email.to_owned(),
        display_name: "他社ベンダー".into(),
        locale: app_user::Locale::Ja,
        time_zone: "Asia/Tokyo".into(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        last_sign_in_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    membership::Model {
        id: Uuid::now_v7(),
        organisation_id: other.id,
        user_id: user.id,
        role: membership::MembershipRole::Owner,
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    app.client_signed_in_as(email).await
}

async fn history_actions(app: &TestApp, id: Uuid) -> Vec<String> {
    use sea_orm::QueryOrder;
    product_history::Entity::find()
        .filter(product_history::Column::ProductId.eq(id))
        .order_by_asc(product_history::Column::At)
        .order_by_asc(product_history::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect()
}

#[tokio::test]
async fn a_vendor_creates_publishes_and_archives_through_the_api() {
    let app = spawn_app().await;
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    let body = good_listing("中部EDR");

    let no_token = vendor.post(app.url("/api/v1/products")).json(&body).send().await.unwrap();
    assert_eq!(no_token.status(), 403, "a JSON write needs the X-CSRF-Token header");

    let response = api(&app, &vendor, reqwest::Method::POST, "/api/v1/products", Some(&body)).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let id: Uuid = created["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(created["status"], "draft");
    assert_eq!(created["otasuketai_compatible"], true, "computed from ¥5,000 + ¥1,500 a device");
    let prefectures = created["prefectures"].as_array().unwrap();
    assert!(
        prefectures.len() > 5 && prefectures.contains(&json!(13)) && prefectures.contains(&json!(21)),
        "Chubu expanded, plus Tokyo"
    );
    let rows = product_region::Entity::find()
        .filter(product_region::Column::ProductId.eq(id))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows as usize, prefectures.len());

    // A draft is the vendor's own: absent for everyone else.
    assert_eq!(app.get(&format!("/products/{id}")).await.status(), 404);
    assert_eq!(app.get(&format!("/api/v1/products/{id}")).await.status(), 404);
    assert_eq!(vendor.get(app.url(&format!("/products/{id}"))).send().await.unwrap().status(), 200);
    let other = other_vendor(&app).await;
    let put = api(&app, &other, reqwest::Method::PUT, &format!("/api/v1/products/{id}"), Some(&body)).await;
    assert_eq!(put.status(), 404, "another vendor's draft looks absent");

    let mut changed = body.clone();
    changed["monthly_yen"] = json!(12_000);
    let updated = api(&app, &vendor, reqwest::Method::PUT, &format!("/api/v1/products/{id}"), Some(&changed)).await;
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.json::<Value>().await.unwrap()["otasuketai_compatible"], false, "over the ¥10,000 network cap");

    let published = api(&app, &vendor, reqwest::Method::POST, &format!("/api/v1/products/{id}/publish"), None).await;
    assert_eq!(published.status(), 200);
    assert_eq!(published.json::<Value>().await.unwrap()["status"], "published");
    assert_eq!(app.get(&format!("/api/v1/products/{id}")).await.status(), 200, "public once published");
    let again = api(&app, &vendor, reqwest::Method::POST, &format!("/api/v1/products/{id}/publish"), None).await;
    assert_eq!(again.status(), 409);
    let put = api(&app, &other, reqwest::Method::PUT, &format!("/api/v1/products/{id}"), Some(&body)).await;
    assert_eq!(put.status(), 403, "another vendor's published product is acknowledged, not editable");

    let archived = api(&app, &vendor, reqwest::Method::POST, &format!("/api/v1/products/{id}/archive"), None).await;
    assert_eq!(archived.status(), 200);
    assert_eq!(app.get(&format!("/api/v1/products/{id}")).await.status(), 404);
    let reopened = api(&app, &vendor, reqwest::Method::PUT, &format!("/api/v1/products/{id}"), Some(&body)).await;
    assert_eq!(
        reopened.json::<Value>().await.unwrap()["status"],
        "draft",
        "editing an archived listing returns it to draft"
    );

    let history: Value =
        vendor.get(app.url(&format!("/api/v1/products/{id}/history"))).send().await.unwrap().json().await.unwrap();
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["created", "updated", "published", "archived", "reopened"]);
    assert_eq!(history[1]["snapshot"]["monthly_yen"], 12_000);
    assert!(history.as_array().unwrap().iter().all(|h| h["actor_user_id"].is_string()));
    assert_eq!(other.get(app.url(&format!("/api/v1/products/{id}/history"))).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn a_vendor_creates_edits_and_publishes_through_the_pages() {
    let app = spawn_app().await;
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    let page = vendor.get(app.url("/products/new")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csrf = csrf_in(&page.text().await.unwrap());
    let mut fields = vec![
        ("name", "ページで登録したUTM"),
        ("categories", "utm"),
        ("categories", "endpoint"),
        ("description_ja", "説明です。"),
        ("strong_points_ja", "設定が簡単。"),
        ("monthly_yen", "9800"),
        ("nationwide", "true"),
        ("deployment", "appliance"),
        ("support_languages", "ja"),
        ("csrf_token", &csrf),
    ];
    let response = vendor.post(app.url("/products")).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let p = product::Entity::find()
        .filter(product::Column::Name.eq("ページで登録したUTM"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.status, product::ProductStatus::Draft);
    assert!(p.nationwide);

    let mine = vendor.get(app.url("/vendor/products")).send().await.unwrap().text().await.unwrap();
    assert!(mine.contains("ページで登録したUTM") && mine.contains("下書き"), "the vendor's list shows its drafts");
    let edit = vendor.get(app.url(&format!("/products/{}/edit", p.id))).send().await.unwrap().text().await.unwrap();
    assert!(
        edit.contains("value=\"9800\"") && edit.contains("value=\"utm\" checked"),
        "the form starts with the listing"
    );

    fields[0] = ("name", "ページで編集したUTM");
    let response = vendor.post(app.url(&format!("/products/{}", p.id))).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let response = vendor
        .post(app.url(&format!("/products/{}/publish", p.id)))
        .form(&[("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let (status, html) = app.get_text(&format!("/products/{}", p.id)).await;
    assert_eq!(status, 200);
    assert!(html.contains("ページで編集したUTM"));
    let (_, list) = app.get_text("/products?per_page=100").await;
    assert!(list.contains(&format!("/products/{}", p.id)), "published listings appear in the catalog at once");
    assert_eq!(history_actions(&app, p.id).await, ["created", "updated", "published"]);

    let forged = vendor
        .post(app.url(&format!("/products/{}/archive", p.id)))
        .form(&[("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
}

#[tokio::test]
async fn only_members_of_an_active_vendor_create_listings() {
    let app = spawn_app().await;
    let body = good_listing("利用企業の製品");
    let user_company = app.client_signed_in_as("gifu@colapla.example").await;
    let response = api(&app, &user_company, reqwest::Method::POST, "/api/v1/products", Some(&body)).await;
    assert_eq!(response.status(), 403);
    assert_eq!(user_company.get(app.url("/products/new")).send().await.unwrap().status(), 403);
    let anonymous = new_client();
    assert_eq!(anonymous.post(app.url("/api/v1/products")).json(&body).send().await.unwrap().status(), 401);
    let verifier = app.client_signed_in_as("verifier@colapla.example").await;
    let response = api(&app, &verifier, reqwest::Method::POST, "/api/v1/products", Some(&body)).await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        product::Entity::find().filter(product::Column::Name.eq("利用企業の製品")).count(&app.state.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn invalid_input_gets_field_errors_in_the_readers_language_and_stores_nothing() {
    let app = spawn_app().await;
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    let products_before = product::Entity::find().count(&app.state.db).await.unwrap();
    let history_before = product_history::Entity::find().count(&app.state.db).await.unwrap();

    let mut bad = good_listing("不正な製品");
    bad["monthly_yen"] = json!(-100);
    bad["prefectures"] = json!([99]);
    bad["description_ja"] = json!("あ".repeat(1_000_000));
    bad["categories"] = json!(["edr", "no_such_category"]);
    for (lang, negative, too_long) in [
        ("ja", "0以上の金額を入力してください。", "4000文字以内で入力してください。"),
        ("en", "Please enter an amount of 0 or more.", "Please use at most 4000 characters."),
    ] {
        let response =
            api(&app, &vendor, reqwest::Method::POST, &format!("/api/v1/products?lang={lang}"), Some(&bad)).await;
        assert_eq!(response.status(), 422);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        let errors: Vec<(&str, &str)> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            errors,
            [
                ("categories[1]", "unknown"),
                ("description_ja", "too_long"),
                ("monthly_yen", "negative"),
                ("prefectures[0]", "unknown")
            ]
        );
        let message = |i: usize| problem["errors"][i]["message"].as_str().unwrap().to_owned();
        assert_eq!(message(1), too_long, "{lang}");
        assert_eq!(message(2), negative, "{lang}");
    }

    // The same through the form, with a pasted megabyte: a field error, not a bare 413.
    let page = vendor.get(app.url("/products/new")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    let megabyte = "a".repeat(1_000_000);
    let fields = [
        ("name", "不正な製品"),
        ("categories", "no_such_category"),
        ("description_ja", megabyte.as_str()),
        ("strong_points_ja", "強み"),
        ("initial_yen", "-1"),
        ("prefectures", "99"),
        ("deployment", "mainframe"),
        ("website", "javascript:alert(1)"),
        ("csrf_token", csrf.as_str()),
    ];
    // `?lang=` on the API calls above left the client reading English; ask for Japanese again.
    let response = vendor.post(app.url("/products?lang=ja")).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("4000文字以内で入力してください。") && html.contains("0以上の金額を入力してください。"));
    assert_eq!(html.matches("選択肢にない値です。").count(), 3, "category, prefecture, deployment");
    assert!(html.contains("形式が正しくありません。"), "the website");
    assert!(html.len() < 200_000, "the megabyte is not sent back");
    let response = vendor.post(app.url("/products?lang=en")).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("This is not one of the choices."));

    assert_eq!(product::Entity::find().count(&app.state.db).await.unwrap(), products_before, "nothing stored");
    assert_eq!(product_history::Entity::find().count(&app.state.db).await.unwrap(), history_before);
}
