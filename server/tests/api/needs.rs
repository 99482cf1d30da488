//! Needs as firms and vendors meet them through the real application: posting through the form
//! and the API, who sees what (an anonymous need never names its firm; a private need is absent
//! to everyone outside the firm and the organiser), editing, closing, and field errors.

use entities::{audit_log, membership, need, need_category, organisation};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::helpers::{TestApp, csrf_in, new_client, spawn_app};

const FIRM: &str = "gifu@colapla.example";
const OTHER_FIRM: &str = "osaka@colapla.example";
const VENDOR: &str = "vendor@colapla.example";
const ORGANISER: &str = "organiser@colapla.example";

async fn organisation_of(app: &TestApp, email: &str) -> organisation::Model {
    let user = entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let m = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    organisation::Entity::find_by_id(m.organisation_id).one(&app.state.db).await.unwrap().unwrap()
}

/// The client's CSRF token, from the first of these pages that has a form (which one does
/// depends on who is signed in).
async fn csrf_of(app: &TestApp, client: &reqwest::Client) -> String {
    for path in ["/", "/account", "/login"] {
        let html = client.get(app.url(path)).send().await.unwrap().text().await.unwrap();
        if html.contains("name=\"csrf_token\"") {
            return csrf_in(&html);
        }
    }
    panic!("no page with a form");
}

async fn post_form(app: &TestApp, client: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = csrf_of(app, client).await;
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", &csrf));
    client.post(app.url(path)).form(&form).send().await.unwrap()
}

async fn send_json(
    app: &TestApp,
    client: &reqwest::Client,
    method: reqwest::Method,
    path: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    let csrf = csrf_of(app, client).await;
    client.request(method, app.url(path)).header("x-csrf-token", csrf).json(body).send().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn id_in(location: &str) -> Uuid {
    location.trim_start_matches("/needs/").split('?').next().unwrap().parse().unwrap()
}

async fn text(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Posts a need through the page form as the firm, with this visibility ("" = the default).
async fn post_need(app: &TestApp, firm: &reqwest::Client, title: &str, visibility: &str) -> Uuid {
    let mut fields = vec![
        ("title", title),
        ("body", "取引先からチェックシートが届きました。\n何から始めればよいか分かりません。"),
        ("worries", "customer_audit"),
        ("worries", "ransomware"),
        ("employees", "12"),
        ("devices", "14"),
        ("budget_initial_yen", "10000"),
        ("budget_monthly_yen", "15,000"),
        ("prefecture_code", "21"),
        ("industry_code", "manufacturing"),
    ];
    if !visibility.is_empty() {
        fields.push(("visibility", visibility));
    }
    let response = post_form(app, firm, "/needs", &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    id_in(&location(&response))
}

#[tokio::test]
async fn a_firm_posts_through_the_form_and_the_need_is_anonymous_by_default() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let gifu = organisation_of(&app, FIRM).await;

    let account = firm.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(account.contains("href=\"/needs/new\"") && account.contains("href=\"/needs/mine\""));
    let (status, form) = text(&firm, &app, "/needs/new").await;
    assert_eq!(status, 200);
    assert!(form.contains("value=\"anonymous\" checked"), "anonymous is the default");
    assert!(form.contains("<details"), "categories are tucked away");
    assert!(form.contains("<option value=\"21\" selected"), "the firm's prefecture is preselected");

    let id = post_need(&app, &firm, "取引先に説明できるようにしたい", "").await;
    let stored = need::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(stored.organisation_id, gifu.id);
    assert_eq!(stored.visibility, need::NeedVisibility::Anonymous);
    assert_eq!(stored.status, need::NeedStatus::Open);
    assert_eq!(stored.worries, "customer_audit,ransomware");
    assert_eq!((stored.budget_initial_yen, stored.budget_monthly_yen), (10_000, 15_000));
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("need.created"))
        .filter(audit_log::Column::ObjectId.eq(id.to_string()))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    let (status, page) = text(&firm, &app, &format!("/needs/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("取引先に説明できるようにしたい") && page.contains(&gifu.name), "the firm sees its own name");
    let (status, mine) = text(&firm, &app, "/needs/mine").await;
    assert_eq!(status, 200);
    assert!(mine.contains(&format!("/needs/{id}")));
}

#[tokio::test]
async fn a_firm_posts_through_the_api() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let body = serde_json::json!({
        "title": "テレワークを安全にしたい",
        "worries": ["telework"],
        "categories": ["vpn"],
        "employees": 30,
        "prefecture_code": 21,
        "budget_monthly_yen": 20000,
    });
    let response = send_json(&app, &firm, reqwest::Method::POST, "/api/v1/needs", &body).await;
    assert_eq!(response.status(), 201);
    let created: serde_json::Value = response.json().await.unwrap();
    assert_eq!(created["visibility"], "anonymous");
    assert_eq!(created["categories"], serde_json::json!(["vpn"]));
    assert!(created["owner"]["name"].is_string(), "the firm sees its own name");
    let id: Uuid = created["id"].as_str().unwrap().parse().unwrap();
    let categories =
        need_category::Entity::find().filter(need_category::Column::NeedId.eq(id)).count(&app.state.db).await.unwrap();
    assert_eq!(categories, 1);

    // Without the CSRF header, refused.
    let response = firm.post(app.url("/api/v1/needs")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 403);
    // Only the firm's own needs in its list.
    let list: serde_json::Value = firm.get(app.url("/api/v1/needs")).send().await.unwrap().json().await.unwrap();
    let gifu = organisation_of(&app, FIRM).await;
    assert!(list["items"].as_array().unwrap().iter().all(|n| n["owner"]["organisation_id"] == gifu.id.to_string()));
    assert_eq!(new_client().get(app.url("/api/v1/needs")).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_vendor_sees_an_anonymous_need_without_the_firm_and_a_named_one_with_it() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let gifu = organisation_of(&app, FIRM).await;
    let anonymous = post_need(&app, &firm, "匿名のニーズ", "anonymous").await;
    let named = post_need(&app, &firm, "社名つきのニーズ", "named").await;
    let vendor = app.client_signed_in_as(VENDOR).await;
    let gifu_id = gifu.id.to_string();

    let (status, page) = text(&vendor, &app, &format!("/needs/{anonymous}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("匿名のニーズ"));
    assert!(!page.contains(&gifu.name) && !page.contains(&gifu_id), "the anonymous page names no firm");
    assert!(!page.contains("/edit\""), "no edit control for a vendor");
    let (status, json) = text(&vendor, &app, &format!("/api/v1/needs/{anonymous}")).await;
    assert_eq!(status, 200);
    assert!(!json.contains(&gifu.name) && !json.contains(&gifu_id), "the anonymous JSON names no firm: {json}");

    let (_, list) = text(&vendor, &app, "/api/v1/needs").await;
    let items: serde_json::Value = serde_json::from_str(&list).unwrap();
    let items = items["items"].as_array().unwrap();
    let anon = items.iter().find(|n| n["id"] == anonymous.to_string()).expect("listed for vendors");
    assert!(anon.get("owner").is_none());
    let listed_named = items.iter().find(|n| n["id"] == named.to_string()).expect("listed for vendors");
    assert_eq!(listed_named["owner"]["name"], gifu.name.as_str());
    assert!(items.iter().all(|n| n["visibility"] != "private" && n["status"] == "open"));

    let (status, page) = text(&vendor, &app, &format!("/needs/{named}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&gifu.name), "a named need shows the firm");

    // Closed, it disappears for vendors.
    assert_eq!(post_form(&app, &firm, &format!("/needs/{anonymous}/close"), &[]).await.status(), 303);
    assert_eq!(vendor.get(app.url(&format!("/needs/{anonymous}"))).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn another_firms_private_need_is_absent_on_every_route() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let id = post_need(&app, &firm, "社外秘のニーズ", "private").await;
    let secret = "社外秘のニーズ";
    let before = need::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();

    let outsiders = [
        ("vendor", app.client_signed_in_as(VENDOR).await),
        ("other firm", app.client_signed_in_as(OTHER_FIRM).await),
        ("anonymous", new_client()),
    ];
    let form = [("title", "乗っ取り"), ("employees", "1"), ("prefecture_code", "13"), ("visibility", "named")];
    let json = serde_json::json!({ "title": "乗っ取り", "employees": 1, "prefecture_code": 13, "visibility": "named" });
    for (who, client) in &outsiders {
        for path in [format!("/needs/{id}"), format!("/needs/{id}/edit"), format!("/api/v1/needs/{id}")] {
            let (status, body) = text(client, &app, &path).await;
            assert!(matches!(status, 401 | 404), "GET {path} as {who}: {status}");
            assert!(!body.contains(secret), "GET {path} as {who} leaks");
        }
        for path in [format!("/needs/{id}"), format!("/needs/{id}/close"), format!("/needs/{id}/reopen")] {
            let response = post_form(&app, client, &path, &form).await;
            let status = response.status().as_u16();
            assert!(matches!(status, 401 | 404), "POST {path} as {who}: {status}");
            assert!(!response.text().await.unwrap().contains(secret));
        }
        for (method, path) in [
            (reqwest::Method::PUT, format!("/api/v1/needs/{id}")),
            (reqwest::Method::POST, format!("/api/v1/needs/{id}/close")),
            (reqwest::Method::POST, format!("/api/v1/needs/{id}/reopen")),
        ] {
            let response = send_json(&app, client, method.clone(), &path, &json).await;
            let status = response.status().as_u16();
            assert!(matches!(status, 401 | 404), "{method} {path} as {who}: {status}");
            assert!(!response.text().await.unwrap().contains(secret));
        }
        let (_, list) = text(client, &app, "/api/v1/needs").await;
        assert!(!list.contains(&id.to_string()) && !list.contains(secret), "listed to {who}");
    }
    let other_mine = text(&outsiders[1].1, &app, "/needs/mine").await.1;
    assert!(!other_mine.contains(secret));
    let after = need::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(before, after, "nothing changed");

    // The organiser may look, not touch.
    let organiser = app.client_signed_in_as(ORGANISER).await;
    let (status, page) = text(&organiser, &app, &format!("/needs/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(secret));
    assert_eq!(post_form(&app, &organiser, &format!("/needs/{id}/close"), &[]).await.status(), 403);
}

#[tokio::test]
async fn the_owner_edits_closes_and_reopens_and_others_are_refused() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let id = post_need(&app, &firm, "最初のタイトル", "anonymous").await;

    let (status, edit) = text(&firm, &app, &format!("/needs/{id}/edit")).await;
    assert_eq!(status, 200);
    assert!(edit.contains("最初のタイトル") && edit.contains("value=\"customer_audit\" checked"));
    let fields = [
        ("title", "直したタイトル"),
        ("worries", "wifi"),
        ("employees", "13"),
        ("prefecture_code", "21"),
        ("visibility", "named"),
    ];
    let response = post_form(&app, &firm, &format!("/needs/{id}"), &fields).await;
    assert_eq!(response.status(), 303);
    let stored = need::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((stored.title.as_str(), stored.worries.as_str(), stored.employees), ("直したタイトル", "wifi", 13));
    assert_eq!(stored.visibility, need::NeedVisibility::Named);

    // A vendor sees the (public) need but may not change it: 403, and nothing changes.
    let vendor = app.client_signed_in_as(VENDOR).await;
    assert_eq!(post_form(&app, &vendor, &format!("/needs/{id}/close"), &[]).await.status(), 403);
    assert_eq!(post_form(&app, &vendor, &format!("/needs/{id}"), &fields).await.status(), 403);
    let json = serde_json::json!({ "title": "x", "employees": 1, "prefecture_code": 21 });
    assert_eq!(
        send_json(&app, &vendor, reqwest::Method::PUT, &format!("/api/v1/needs/{id}"), &json).await.status(),
        403
    );
    let other = app.client_signed_in_as(OTHER_FIRM).await;
    assert_eq!(
        post_form(&app, &other, &format!("/needs/{id}/close"), &[]).await.status(),
        404,
        "not a vendor: not visible"
    );
    assert_eq!(need::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap().status, need::NeedStatus::Open);

    assert_eq!(post_form(&app, &firm, &format!("/needs/{id}/close"), &[]).await.status(), 303);
    assert_eq!(
        need::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap().status,
        need::NeedStatus::Closed
    );
    let reopened =
        send_json(&app, &firm, reqwest::Method::POST, &format!("/api/v1/needs/{id}/reopen"), &serde_json::json!({}))
            .await;
    assert_eq!(reopened.status(), 200);
    let view: serde_json::Value = reopened.json().await.unwrap();
    assert_eq!(view["status"], "open");
    let put = send_json(&app, &firm, reqwest::Method::PUT, &format!("/api/v1/needs/{id}"), &json).await;
    assert_eq!(put.status(), 200);
    let closed =
        send_json(&app, &firm, reqwest::Method::POST, &format!("/api/v1/needs/{id}/close"), &serde_json::json!({}))
            .await;
    assert_eq!(closed.status(), 200);
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::ObjectId.eq(id.to_string()))
        .filter(audit_log::Column::Action.is_in(["need.closed", "need.reopened"]))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 3);
}

#[tokio::test]
async fn invalid_input_gives_field_errors_in_the_readers_language_and_stores_nothing() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let before = need::Entity::find().count(&app.state.db).await.unwrap();
    let huge = "あ".repeat(1024 * 1024 / 3 + 1);
    let fields = [
        ("title", "x".repeat(201)),
        ("body", huge.clone()),
        ("worries", "aliens".to_owned()),
        ("employees", "0".to_owned()),
        ("budget_initial_yen", "-5".to_owned()),
        ("prefecture_code", "48".to_owned()),
        ("visibility", "everyone".to_owned()),
    ];
    for (lang, negative) in [("ja", "0以上の金額を入力してください。"), ("en", "Please enter an amount of 0 or more.")]
    {
        let csrf = csrf_of(&app, &firm).await;
        let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        form.push(("csrf_token", &csrf));
        let response = firm.post(app.url(&format!("/needs?lang={lang}"))).form(&form).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(negative), "{lang}");
        assert!(html.contains("aria-invalid=\"true\"") && html.contains("href=\"#budget_initial_yen\""), "{lang}");
        assert!(html.len() < 200_000, "the pasted text is not sent back whole");

        let json = serde_json::json!({
            "title": "x".repeat(201), "body": huge, "worries": ["aliens"], "categories": ["no_such"],
            "employees": 0, "budget_initial_yen": -5, "prefecture_code": 48, "keywords": "k".repeat(501),
        });
        let response =
            send_json(&app, &firm, reqwest::Method::POST, &format!("/api/v1/needs?lang={lang}"), &json).await;
        assert_eq!(response.status(), 422);
        let problem: serde_json::Value = response.json().await.unwrap();
        let errors: Vec<(String, String)> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(
            errors,
            [
                ("worries[0]", "unknown"),
                ("categories[0]", "unknown"),
                ("employees", "out_of_range"),
                ("budget_initial_yen", "negative"),
                ("prefecture_code", "unknown"),
                ("title", "too_long"),
                ("body", "too_long"),
                ("keywords", "too_long"),
            ]
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
        );
        let message = problem["errors"].as_array().unwrap().iter().find(|e| e["code"] == "negative").unwrap();
        assert_eq!(message["message"], negative, "{lang}");
    }
    assert_eq!(need::Entity::find().count(&app.state.db).await.unwrap(), before, "nothing stored");
    assert_eq!(
        need_category::Entity::find()
            .filter(need_category::Column::CategoryCode.eq("no_such"))
            .count(&app.state.db)
            .await
            .unwrap(),
        0
    );
}
