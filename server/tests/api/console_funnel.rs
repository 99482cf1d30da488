//! The console's funnel against a scripted history of matches: the page, the API and the CSV
//! export must give the same exact counts. The history is written straight into `need_match` and
//! `match_transition` (as the lifecycle would), so these tests do not depend on its API.

use chrono::{DateTime, TimeZone, Utc};
use entities::need_match::MatchState;
use entities::{case_study, match_transition, need, need_match, product};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};

/// The id of a demo product by name.
pub async fn product_id(app: &TestApp, name: &str) -> Uuid {
    product::Entity::find().filter(product::Column::Name.eq(name)).one(&app.state.db).await.unwrap().expect(name).id
}

/// The organisation of a demo user.
pub async fn organisation_of(app: &TestApp, email: &str) -> Uuid {
    let user = entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect(email);
    entities::membership::Entity::find()
        .filter(entities::membership::Column::UserId.eq(user.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("a membership")
        .organisation_id
}

/// One scripted match: a fresh need of `firm` in `prefecture`, matched with `product` at
/// `created_at`, moved through `path` (the first state is `proposed`), one transition a day.
pub struct Scripted {
    pub firm: Uuid,
    pub product: Uuid,
    pub prefecture: i16,
    pub created_at: DateTime<Utc>,
    pub path: &'static [MatchState],
}

/// Writes the need, the match in its last state, and one `match_transition` row per step.
pub async fn script_match(app: &TestApp, s: &Scripted) -> Uuid {
    let db = &app.state.db;
    let need = need::Model {
        id: Uuid::now_v7(),
        organisation_id: s.firm,
        created_by_user_id: None,
        title: "脚本のニーズ".into(),
        body: String::new(),
        worries: "ransomware".into(),
        budget_initial_yen: 0,
        budget_monthly_yen: 50_000,
        employees: 20,
        devices: 20,
        prefecture_code: s.prefecture,
        industry_code: None,
        keywords: String::new(),
        visibility: need::NeedVisibility::Anonymous,
        // Closed, so the live matching service never proposes or expires anything for these
        // needs while the test runs: the history stays exactly as scripted.
        status: need::NeedStatus::Closed,
        deadline: None,
        created_at: s.created_at,
        updated_at: s.created_at,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await
    .unwrap();
    let last = *s.path.last().expect("a path");
    let m = need_match::Model {
        id: Uuid::now_v7(),
        need_id: need.id,
        product_id: s.product,
        score: 100,
        reasons: serde_json::json!([]),
        state: last,
        user_interested_at: None,
        vendor_interested_at: None,
        introduced_at: None,
        state_changed_at: s.created_at,
        meeting_at: None,
        lead_mailed_at: None,
        created_at: s.created_at,
        updated_at: s.created_at,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await
    .unwrap();
    let mut from = None;
    for (day, to) in s.path.iter().enumerate() {
        match_transition::Model {
            id: Uuid::now_v7(),
            match_id: m.id,
            from_state: from,
            to_state: *to,
            side: match_transition::TransitionSide::System,
            actor_user_id: None,
            note: None,
            created_at: s.created_at + chrono::Duration::days(day as i64),
        }
        .into_active_model()
        .reset_all()
        .insert(db)
        .await
        .unwrap();
        from = Some(*to);
    }
    m.id
}

/// Stores a published case study of match `m` (the approval flow itself is tested in
/// `console_case_studies`).
pub async fn publish_case_of(app: &TestApp, s: &Scripted, m: Uuid, approver: Uuid) {
    let now = Utc::now();
    case_study::Model {
        id: Uuid::now_v7(),
        match_id: Some(m),
        product_id: s.product,
        user_organisation_id: s.firm,
        industry_code: None,
        title_ja: "導入事例".into(),
        body_ja: String::new(),
        title_en: None,
        body_en: None,
        status: case_study::CaseStudyStatus::Published,
        approved_by_user_id: Some(approver),
        approved_at: Some(now),
        published_at: Some(now),
        withdrawn_at: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
}

use MatchState::*;

const TO_ADOPTION: &[MatchState] = &[Proposed, Interested, Introduced, Meeting, Trial, Adopted];

/// Six matches: expected funnel 6 · 4 · 3 · 3 · 2 · 2 · 1 (conversion —, 66.7, 75.0, 100.0, 66.7, 100.0, 50.0).
async fn scripted_history(app: &TestApp) {
    // Only the script counts: close every demo need, let the live matcher see that (it then
    // proposes nothing more, and waits for any refresh in flight), then drop the demo's matches.
    need::Entity::update_many()
        .col_expr(need::Column::Status, sea_orm::sea_query::Expr::value(need::NeedStatus::Closed))
        .col_expr(need::Column::UpdatedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .exec(&app.state.db)
        .await
        .unwrap();
    app.state.matching.refresh_now().await.unwrap();
    need_match::Entity::delete_many().exec(&app.state.db).await.unwrap();
    let gifu = organisation_of(app, "gifu@colapla.example").await;
    let osaka = organisation_of(app, "osaka@colapla.example").await;
    let yamory = product_id(app, "yamory").await;
    let wisas = product_id(app, "WiSAS").await;
    let april = |day| Utc.with_ymd_and_hms(2026, 4, day, 1, 0, 0).unwrap();
    let script = [
        (Scripted { firm: gifu, product: yamory, prefecture: 21, created_at: april(1), path: &[Proposed] }, false),
        (
            Scripted {
                firm: gifu,
                product: yamory,
                prefecture: 21,
                created_at: april(2),
                path: &[Proposed, Interested, Declined],
            },
            false,
        ),
        (
            Scripted {
                firm: osaka,
                product: yamory,
                prefecture: 27,
                created_at: april(3),
                path: &[Proposed, Interested, Introduced, Meeting, Expired],
            },
            false,
        ),
        (Scripted { firm: gifu, product: yamory, prefecture: 21, created_at: april(4), path: TO_ADOPTION }, true),
        (Scripted { firm: osaka, product: wisas, prefecture: 27, created_at: april(5), path: TO_ADOPTION }, false),
        (
            Scripted {
                firm: gifu,
                product: wisas,
                prefecture: 21,
                created_at: Utc.with_ymd_and_hms(2025, 1, 10, 1, 0, 0).unwrap(),
                path: &[Proposed],
            },
            false,
        ),
    ];
    let approver = entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq("gifu@colapla.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    for (s, published) in &script {
        let m = script_match(app, s).await;
        if *published {
            publish_case_of(app, s, m, approver).await;
        }
    }
}

async fn funnel_json(app: &TestApp, query: &str) -> Vec<(String, u64, Option<f64>)> {
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let response = organiser.get(app.url(&format!("/api/v1/console/funnel{query}"))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    body["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["step"].as_str().unwrap().to_owned(), s["count"].as_u64().unwrap(), s["conversion_pct"].as_f64()))
        .collect()
}

fn counts(steps: &[(String, u64, Option<f64>)]) -> Vec<u64> {
    steps.iter().map(|s| s.1).collect()
}

#[tokio::test]
async fn the_funnel_counts_the_steps_each_scripted_match_reached() {
    let app = spawn_app().await;
    scripted_history(&app).await;

    let steps = funnel_json(&app, "").await;
    let names: Vec<&str> = steps.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["proposed", "interested", "introduced", "meeting", "trial", "adopted", "case_published"]);
    assert_eq!(counts(&steps), [6, 4, 3, 3, 2, 2, 1]);
    let conversions: Vec<Option<f64>> = steps.iter().map(|s| s.2).collect();
    assert_eq!(conversions, [None, Some(66.7), Some(75.0), Some(100.0), Some(66.7), Some(100.0), Some(50.0)]);

    // Filters: period (match creation), prefecture (the need's), category and level (the product's).
    assert_eq!(counts(&funnel_json(&app, "?from=2026-01-01").await), [5, 4, 3, 3, 2, 2, 1]);
    assert_eq!(counts(&funnel_json(&app, "?to=2025-12-31").await), [1, 0, 0, 0, 0, 0, 0]);
    assert_eq!(counts(&funnel_json(&app, "?prefecture=27").await), [2, 2, 2, 2, 1, 1, 0]);
    assert_eq!(counts(&funnel_json(&app, "?category=wifi_security").await), [2, 1, 1, 1, 1, 1, 0]);
    assert_eq!(counts(&funnel_json(&app, "?category=it_asset_management&prefecture=21").await), [3, 2, 1, 1, 1, 1, 1]);
    assert_eq!(counts(&funnel_json(&app, "?level=green").await)[0], 6, "both products hold a current green result");
    assert_eq!(counts(&funnel_json(&app, "?level=blue").await)[0], 0);

    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let bad = organiser.get(app.url("/api/v1/console/funnel?prefecture=99&level=gold")).send().await.unwrap();
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn the_page_and_the_csv_show_the_same_funnel() {
    let app = spawn_app().await;
    scripted_history(&app).await;
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;

    let html = organiser.get(app.url("/console/funnel?lang=ja")).send().await.unwrap().text().await.unwrap();
    for row in [
        "<th scope=\"row\">提案</th><td>6</td><td></td>",
        "<th scope=\"row\">関心あり</th><td>4</td><td>66.7</td>",
        "<th scope=\"row\">紹介</th><td>3</td><td>75.0</td>",
        "<th scope=\"row\">商談</th><td>3</td><td>100.0</td>",
        "<th scope=\"row\">試行</th><td>2</td><td>66.7</td>",
        "<th scope=\"row\">導入</th><td>2</td><td>100.0</td>",
        "<th scope=\"row\">事例公開</th><td>1</td><td>50.0</td>",
    ] {
        assert!(html.contains(row), "the funnel table has {row}");
    }
    // The chart says the same, as text inside the SVG.
    assert!(html.contains("aria-labelledby=\"chart-funnel-title chart-funnel-desc\""));
    assert!(html.contains("提案6件のうち導入2件"));

    let response = organiser.get(app.url("/console/export/funnel?prefecture=27")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = response.text().await.unwrap();
    let rows = colapla::console::csv::parse(&csv).unwrap();
    let expected: Vec<Vec<&str>> = vec![
        vec!["段階", "件数", "前の段階からの移行率（%）"],
        vec!["提案", "2", ""],
        vec!["関心あり", "2", "100.0"],
        vec!["紹介", "2", "100.0"],
        vec!["商談", "2", "100.0"],
        vec!["試行", "1", "50.0"],
        vec!["導入", "1", "100.0"],
        vec!["事例公開", "0", "0.0"],
    ];
    assert_eq!(rows, expected);

    // In English, the same numbers with English labels.
    let csv = organiser.get(app.url("/console/export/funnel?lang=en")).send().await.unwrap().text().await.unwrap();
    let rows = colapla::console::csv::parse(&csv).unwrap();
    assert_eq!(rows[1], ["Proposed", "6", ""]);
    assert_eq!(rows[7], ["Case published", "1", "50.0"]);
}

#[tokio::test]
async fn matches_by_category_and_prefecture_follow_the_script() {
    let app = spawn_app().await;
    scripted_history(&app).await;
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let body: serde_json::Value =
        organiser.get(app.url("/api/v1/console/funnel")).send().await.unwrap().json().await.unwrap();
    let by = |key: &str| -> Vec<(String, u64)> {
        body[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["code"].as_str().unwrap().to_owned(), r["count"].as_u64().unwrap()))
            .collect()
    };
    let prefectures = by("by_prefecture");
    assert_eq!(prefectures, [("21".to_owned(), 4), ("27".to_owned(), 2)]);
    let categories = by("by_category");
    assert!(categories.contains(&("vulnerability_visualisation".to_owned(), 4)), "{categories:?}");
    assert!(categories.contains(&("wifi_security".to_owned(), 2)), "{categories:?}");
}

/// The funnel follows the real lifecycle: a demo proposal taken from interest to adoption through
/// `/api/v1/matches/{id}/transitions`, then its case study through approval to publication, moves
/// every step by one.
#[tokio::test]
async fn the_funnel_follows_a_match_through_the_real_lifecycle() {
    use entities::membership;
    let app = spawn_app().await;
    let yamory = product_id(&app, "yamory").await;
    let m = need_match::Entity::find()
        .filter(need_match::Column::ProductId.eq(yamory))
        .filter(need_match::Column::State.eq(MatchState::Proposed))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo data proposes yamory to some need");
    let need = need::Entity::find_by_id(m.need_id).one(&app.state.db).await.unwrap().unwrap();
    let firm_member = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(need.organisation_id))
        .find_also_related(entities::app_user::Entity)
        .one(&app.state.db)
        .await
        .unwrap()
        .and_then(|(_, u)| u)
        .expect("the firm has a member");
    let before = counts(&funnel_json(&app, "").await);
    assert!(before[0] >= 1, "demo proposals are counted: {before:?}");

    let firm = app.client_signed_in_as(&firm_member.email).await;
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    take_step(&app, m.id, &firm, serde_json::json!({ "step": "interest" })).await;
    take_step(&app, m.id, &vendor, serde_json::json!({ "step": "interest" })).await;
    take_step(&app, m.id, &vendor, serde_json::json!({ "step": "meeting", "meeting_at": "2026-12-03T10:00:00+09:00" }))
        .await;
    take_step(&app, m.id, &firm, serde_json::json!({ "step": "trial" })).await;
    take_step(&app, m.id, &firm, serde_json::json!({ "step": "adopt" })).await;
    let adopted = counts(&funnel_json(&app, "").await);
    // The live matcher may propose more meanwhile, so the first step is only "not fewer".
    assert!(adopted[0] >= before[0]);
    let grown: Vec<u64> = before[1..6].iter().map(|c| c + 1).collect();
    assert_eq!(adopted[1..6], grown[..], "interested, introduced, meeting, trial and adopted each grew by one");
    assert_eq!(adopted[6], before[6]);

    // Its case study, through the user company's approval to publication: the last step grows too.
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let location = post_form(&app, &vendor, "/case-studies".to_owned(), vec![("match_id", m.id.to_string())]).await;
    let case = location.trim_start_matches("/case-studies/").split('?').next().unwrap().to_owned();
    post_form(&app, &vendor, format!("/case-studies/{case}/submit"), vec![]).await;
    post_form(&app, &firm, format!("/case-studies/{case}/approve"), vec![]).await;
    post_form(&app, &organiser, format!("/case-studies/{case}/publish"), vec![]).await;
    let published = counts(&funnel_json(&app, "").await);
    assert_eq!(published[6], before[6] + 1, "case published");
    assert_eq!(published[1..6], adopted[1..6]);
}

async fn fresh_csrf(app: &TestApp, client: &reqwest::Client) -> String {
    let html = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    crate::helpers::csrf_in(&html)
}

/// One lifecycle step through the match API (must succeed).
async fn take_step(app: &TestApp, m: Uuid, client: &reqwest::Client, body: serde_json::Value) {
    let csrf = fresh_csrf(app, client).await;
    let response = client
        .post(app.url(&format!("/api/v1/matches/{m}/transitions")))
        .header("x-csrf-token", csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert_eq!(status, 200, "{body}: {}", response.text().await.unwrap_or_default());
}

/// A form post that must redirect; returns where to.
async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: String,
    mut form: Vec<(&'static str, String)>,
) -> String {
    form.push(("csrf_token", fresh_csrf(app, client).await));
    let response = client.post(app.url(&path)).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 303, "{path}");
    response.headers()["location"].to_str().unwrap().to_owned()
}
