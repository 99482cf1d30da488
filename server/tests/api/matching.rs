//! Matching through the real application: a need posted through the API is ranked against the
//! verified products with reasons (never an unverified or expired one), the vendor sees the lead
//! without the anonymous firm's name, both sides' interest introduces them, each lifecycle step is
//! allowed only to its side, and a vendor hears of its leads in one digest.

use std::time::Duration;

use entities::need_match::{self, MatchState};
use entities::{match_transition, product, verification};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Options, TestApp, spawn_app, spawn_app_configured};

const FIRM: &str = "gifu@colapla.example";
const VENDOR: &str = "vendor@colapla.example";
const ORGANISER: &str = "organiser@colapla.example";

/// A need that yamory (vulnerability management, verified) fits.
fn vulnerability_need(title: &str) -> Value {
    json!({
        "title": title,
        "body": "社内のサーバーとパソコンの脆弱性を把握したい。担当者がいないので簡単なものがよい。",
        "keywords": "脆弱性 管理",
        "worries": ["vulnerability"],
        "employees": 40,
        "devices": 30,
        "budget_initial_yen": 1_000_000,
        "budget_monthly_yen": 300_000,
        "prefecture_code": 21,
        "visibility": "anonymous",
    })
}

async fn send_json(app: &TestApp, client: &reqwest::Client, path: &str, body: &Value) -> reqwest::Response {
    let csrf = app.csrf_token(client, "/").await;
    client.post(app.url(path)).header("x-csrf-token", csrf).json(body).send().await.unwrap()
}

async fn get_json(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, Value) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post_need(app: &TestApp, client: &reqwest::Client, title: &str) -> Uuid {
    let response = send_json(app, client, "/api/v1/needs", &vulnerability_need(title)).await;
    assert_eq!(response.status().as_u16(), 201);
    let body: Value = response.json().await.unwrap();
    Uuid::parse_str(body["id"].as_str().unwrap()).unwrap()
}

async fn match_of(app: &TestApp, need: Uuid, product_name: &str) -> need_match::Model {
    let product = product::Entity::find()
        .filter(product::Column::Name.eq(product_name))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    need_match::Entity::find()
        .filter(need_match::Column::NeedId.eq(need))
        .filter(need_match::Column::ProductId.eq(product.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{product_name} is proposed for the need"))
}

async fn firm_name_of(app: &TestApp, email: &str) -> String {
    let user = entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let membership = entities::membership::Entity::find()
        .filter(entities::membership::Column::UserId.eq(user.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    entities::organisation::Entity::find_by_id(membership.organisation_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .name
}

async fn step(app: &TestApp, client: &reqwest::Client, id: Uuid, body: Value) -> (u16, Value) {
    let response = send_json(app, client, &format!("/api/v1/matches/{id}/transitions"), &body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_posted_need_is_ranked_against_current_verified_products_only_with_reasons() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let need = post_need(&app, &firm, "脆弱性を管理したい").await;

    let (status, ranking) = get_json(&app, &firm, &format!("/api/v1/needs/{need}/matches?lang=en")).await;
    assert_eq!(status, 200);
    let items = ranking["items"].as_array().unwrap();
    assert!(!items.is_empty(), "verified products fit this need: {ranking}");
    assert!(items.iter().any(|i| i["product"]["name"] == "yamory"), "{ranking}");
    let today = colapla::catalog::needs::today();
    for item in items {
        let reasons = item["reasons"].as_array().unwrap();
        assert!(reasons.iter().any(|r| r["kind"] == "verified"), "every match stands on a verification");
        assert!(reasons.iter().all(|r| !r["text"].as_str().unwrap().is_empty()), "reasons are worded");
        // Check against the records themselves: a current, not withdrawn, green or blue one.
        let id = Uuid::parse_str(item["product"]["id"].as_str().unwrap()).unwrap();
        let records = verification::Entity::find()
            .filter(verification::Column::ProductId.eq(id))
            .all(&app.state.db)
            .await
            .unwrap();
        assert!(
            records.iter().any(|v| {
                matches!(v.level, verification::VerificationLevel::Green | verification::VerificationLevel::Blue)
                    && v.status == verification::VerificationStatus::Active
                    && v.verified_on <= today
                    && v.valid_until >= today
            }),
            "{} has no current green or blue verification",
            item["product"]["name"]
        );
    }
    // Scores are in order.
    let scores: Vec<i64> = items.iter().map(|i| i["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The same reasons in Japanese by default.
    let (_, ja) = get_json(&app, &firm, &format!("/api/v1/needs/{need}/matches?lang=ja")).await;
    assert_ne!(ja["items"][0]["reasons"][0]["text"], items[0]["reasons"][0]["text"]);

    // Every proposal is recorded as a match with its first transition.
    let m = match_of(&app, need, "yamory").await;
    assert_eq!(m.state, MatchState::Proposed);
    let history = match_transition::Entity::find()
        .filter(match_transition::Column::MatchId.eq(m.id))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
}

#[tokio::test]
async fn a_product_whose_verification_lapses_is_no_longer_proposed() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let need = post_need(&app, &firm, "脆弱性を管理したい").await;
    let m = match_of(&app, need, "yamory").await;
    // Every record of yamory ends yesterday.
    let yesterday = colapla::catalog::needs::today() - chrono::Days::new(1);
    verification::Entity::update_many()
        .col_expr(verification::Column::ValidUntil, sea_orm::sea_query::Expr::value(yesterday))
        .col_expr(verification::Column::UpdatedAt, sea_orm::sea_query::Expr::value(chrono::Utc::now()))
        .filter(verification::Column::ProductId.eq(m.product_id))
        .exec(&app.state.db)
        .await
        .unwrap();
    app.state.matching.refresh_now().await.unwrap();
    let (_, ranking) = get_json(&app, &firm, &format!("/api/v1/needs/{need}/matches")).await;
    assert!(ranking["items"].as_array().unwrap().iter().all(|i| i["product"]["name"] != "yamory"), "{ranking}");
    let m = need_match::Entity::find_by_id(m.id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(m.state, MatchState::Expired, "the untouched proposal is withdrawn");
}

#[tokio::test]
async fn the_lifecycle_moves_only_by_each_sides_own_steps_and_introduction_reveals_contacts() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let vendor = app.client_signed_in_as(VENDOR).await;
    let organiser = app.client_signed_in_as(ORGANISER).await;
    let other_firm = app.client_signed_in_as("osaka@colapla.example").await;
    let need = post_need(&app, &firm, "匿名の脆弱性ニーズ").await;
    let id = match_of(&app, need, "yamory").await.id;
    let path = format!("/api/v1/matches/{id}");

    // The vendor sees its lead, without the anonymous firm's name or any contact.
    let (status, lead) = get_json(&app, &vendor, &path).await;
    assert_eq!(status, 200);
    assert_eq!(lead["side"], "vendor");
    assert!(lead["need"]["firm_name"].is_null(), "{lead}");
    assert!(lead["contacts"].is_null());
    let firm_name = firm_name_of(&app, FIRM).await;
    let firm_name = firm_name.as_str();
    assert!(!lead.to_string().contains(firm_name), "the firm's name leaks: {lead}");
    let (_, leads) = get_json(&app, &vendor, "/api/v1/matches").await;
    assert!(!leads.to_string().contains(firm_name), "the firm's name leaks from the list: {leads}");
    let page = vendor.get(app.url(&format!("/matches/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains(firm_name), "the firm's name leaks on the page");
    // Another firm does not see it at all.
    assert_eq!(get_json(&app, &other_firm, &path).await.0, 404);
    assert_eq!(step(&app, &other_firm, id, json!({"step": "interest"})).await.0, 404);

    // Steps that are not yet possible, or not the side's own.
    assert_eq!(step(&app, &vendor, id, json!({"step": "adopt"})).await.0, 403);
    assert_eq!(step(&app, &organiser, id, json!({"step": "interest"})).await.0, 403);
    assert_eq!(step(&app, &firm, id, json!({"step": "trial"})).await.0, 409);
    assert_eq!(step(&app, &firm, id, json!({"step": "meeting"})).await.0, 422, "a meeting needs its time");
    assert_eq!(step(&app, &firm, id, json!({"step": "dance"})).await.0, 422);
    let no_csrf = vendor.post(app.url(&format!("{path}/transitions"))).json(&json!({"step": "interest"})).send().await;
    assert_eq!(no_csrf.unwrap().status().as_u16(), 403);

    // The vendor is interested: still anonymous, and the firm hears of it.
    let (status, after) = step(&app, &vendor, id, json!({"step": "interest"})).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["state"], "interested");
    assert!(after["need"]["firm_name"].is_null());
    assert_eq!(step(&app, &vendor, id, json!({"step": "interest"})).await.0, 409, "said once");

    // The firm accepts: introduced, names and contacts on both sides.
    let (status, after) = step(&app, &firm, id, json!({"step": "interest"})).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["state"], "introduced");
    let contacts = after["contacts"].as_array().expect("contacts after the introduction");
    assert!(contacts.iter().any(|c| c["email"] == VENDOR), "{after}");
    let (_, lead) = get_json(&app, &vendor, &path).await;
    assert!(lead["need"]["firm_name"].as_str().unwrap().contains(firm_name), "{lead}");
    assert!(lead["contacts"].as_array().unwrap().iter().any(|c| c["email"] == FIRM), "{lead}");

    // Meeting, trial, adoption (the firm's word only).
    let (status, after) =
        step(&app, &vendor, id, json!({"step": "meeting", "meeting_at": "2026-12-03T10:00:00+09:00"})).await;
    assert_eq!((status, after["state"].as_str()), (200, Some("meeting")));
    assert_eq!(after["meeting_at"], "2026-12-03T01:00:00Z");
    assert_eq!(step(&app, &vendor, id, json!({"step": "trial"})).await.0, 200);
    assert_eq!(step(&app, &vendor, id, json!({"step": "adopt"})).await.0, 403);
    let (status, after) = step(&app, &firm, id, json!({"step": "adopt", "note": "全社で導入"})).await;
    assert_eq!((status, after["state"].as_str()), (200, Some("adopted")));
    assert_eq!(step(&app, &firm, id, json!({"step": "decline"})).await.0, 409, "closed matches stay closed");

    // The history names every step, and the mail went to the right people.
    let stages: Vec<&str> = after["history"].as_array().unwrap().iter().map(|h| h["to"].as_str().unwrap()).collect();
    assert_eq!(stages, ["proposed", "interested", "introduced", "meeting", "trial", "adopted"]);
    let outbox = entities::outbox::Entity::find().all(&app.state.db).await.unwrap();
    let sent =
        |template: &str, to: &str| outbox.iter().filter(|r| r.template == template && r.recipient_email == to).count();
    assert_eq!(sent("match_interest", FIRM), 1, "the firm hears of the vendor's interest");
    assert_eq!(sent("match_introduced", FIRM), 1);
    assert_eq!(sent("match_introduced", VENDOR), 1);
    let to_vendor = outbox.iter().find(|r| r.template == "match_interest" && r.recipient_email == VENDOR);
    assert!(to_vendor.is_none(), "the vendor spoke first; nobody asks it again");
}

#[tokio::test]
async fn the_match_page_takes_steps_through_its_form() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let need = post_need(&app, &firm, "フォームからの関心").await;
    let id = match_of(&app, need, "yamory").await.id;
    let page = firm.get(app.url(&format!("/matches/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("yamory") && page.contains("関心あり"), "the page offers the firm's step");
    let csrf = crate::helpers::csrf_in(&page);
    let response = firm
        .post(app.url(&format!("/matches/{id}/transitions")))
        .form(&[("step", "interest"), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    assert_eq!(location, format!("/matches/{id}"), "back on the match page");
    let m = need_match::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(m.state, MatchState::Interested);
    assert!(m.user_interested_at.is_some());
    // The list pages answer for each role.
    for (who, heading) in [(FIRM, "おすすめの製品"), (VENDOR, "リード"), (ORGANISER, "すべてのマッチング")]
    {
        let client = app.client_signed_in_as(who).await;
        let html = client.get(app.url("/matches")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(heading), "{who} sees {heading}");
    }
}

#[tokio::test]
async fn a_vendor_gets_its_leads_in_one_digest_a_day() {
    let app = spawn_app_configured(Options { demo: true }, |raw| raw.match_jobs_interval_secs = 1).await;
    let firm = app.client_signed_in_as(FIRM).await;
    let first = post_need(&app, &firm, "一通目のリード").await;
    let digests = || async {
        entities::outbox::Entity::find()
            .filter(entities::outbox::Column::Template.eq("lead_digest"))
            .filter(entities::outbox::Column::RecipientEmail.eq(VENDOR))
            .all(&app.state.db)
            .await
            .unwrap()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while digests().await.is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "no digest for the vendor");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let digest = digests().await.remove(0);
    let leads = digest.payload["leads"].as_array().unwrap();
    assert!(leads.iter().any(|l| l["need_title"] == "一通目のリード"), "{}", digest.payload);
    assert!(leads.iter().all(|l| l["firm_name"].is_null()), "anonymous needs stay anonymous in mail");
    assert!(leads.iter().all(|l| !l["reasons"].as_array().unwrap().is_empty()), "each lead says why");
    assert!(match_of(&app, first, "yamory").await.lead_mailed_at.is_some());

    // A second lead the same day waits for tomorrow's digest.
    let second = post_need(&app, &firm, "二通目のリード").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(digests().await.len(), 1, "at most one digest a day");
    assert!(match_of(&app, second, "yamory").await.lead_mailed_at.is_none(), "kept for the next digest");
}

#[tokio::test]
async fn meeting_reminders_are_written_once() {
    let app = spawn_app().await;
    let firm = app.client_signed_in_as(FIRM).await;
    let vendor = app.client_signed_in_as(VENDOR).await;
    let need = post_need(&app, &firm, "商談のリマインダー").await;
    let id = match_of(&app, need, "yamory").await.id;
    assert_eq!(step(&app, &vendor, id, json!({"step": "interest"})).await.0, 200);
    assert_eq!(step(&app, &firm, id, json!({"step": "interest"})).await.0, 200);
    let tomorrow = chrono::Utc::now() + chrono::TimeDelta::hours(20);
    assert_eq!(step(&app, &firm, id, json!({"step": "meeting", "meeting_at": tomorrow})).await.0, 200);
    for _ in 0..3 {
        colapla::matching::jobs::run_once(&app.state).await;
    }
    let reminders: Vec<entities::outbox::Model> = entities::outbox::Entity::find()
        .filter(entities::outbox::Column::Template.eq("match_reminder"))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.payload["kind"] == "meeting_tomorrow")
        .collect();
    let mut readers: Vec<&str> = reminders.iter().map(|r| r.recipient_email.as_str()).collect();
    readers.sort_unstable();
    let mut unique = readers.clone();
    unique.dedup();
    assert_eq!(readers, unique, "three runs, one reminder each");
    assert!(readers.contains(&FIRM) && readers.contains(&VENDOR), "both sides: {readers:?}");
}
