//! Case studies through the real pages: drafted from an adopted match by the vendor, edited,
//! submitted, approved by the user company, published by the organiser, withdrawn by the user
//! company. Never published without the user company's approval.

use chrono::Utc;
use entities::case_study::{self, CaseStudyStatus};
use entities::need_match::MatchState;
use entities::{audit_log, outbox};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::console_funnel::{Scripted, organisation_of, product_id, script_match};
use crate::helpers::{TestApp, new_client, spawn_app};

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf_token(client, "/").await;
    let mut form: Vec<(&str, &str)> = form.to_vec();
    form.push(("csrf_token", &csrf));
    client.post(app.url(path)).form(&form).send().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn status_of(app: &TestApp, id: Uuid) -> CaseStudyStatus {
    case_study::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap().status
}

async fn adopted_match(app: &TestApp, path: &'static [MatchState]) -> (Uuid, Uuid) {
    let yamory = product_id(app, "yamory").await;
    let s = Scripted {
        firm: organisation_of(app, "gifu@colapla.example").await,
        product: yamory,
        prefecture: 21,
        created_at: Utc::now(),
        path,
    };
    (script_match(app, &s).await, yamory)
}

use MatchState::*;

#[tokio::test]
async fn a_case_study_is_published_only_after_the_user_company_approves_and_can_be_withdrawn() {
    let app = spawn_app().await;
    let (m, yamory) = adopted_match(&app, &[Proposed, Interested, Introduced, Meeting, Trial, Adopted]).await;
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    let gifu = app.client_signed_in_as("gifu@colapla.example").await;
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;

    // The adopted match's page offers the vendor to draft a case study.
    let match_page = vendor.get(app.url(&format!("/matches/{m}"))).send().await.unwrap().text().await.unwrap();
    assert!(match_page.contains(&format!("name=\"match_id\" value=\"{m}\"")), "a draft button on the match page");

    // The user company cannot draft; the vendor can.
    assert_eq!(post(&app, &gifu, "/case-studies", &[("match_id", &m.to_string())]).await.status(), 403);
    let drafted = post(&app, &vendor, "/case-studies", &[("match_id", &m.to_string())]).await;
    assert_eq!(drafted.status(), 303);
    let page = location(&drafted);
    let id: Uuid = page.trim_start_matches("/case-studies/").split('?').next().unwrap().parse().unwrap();
    assert_eq!(status_of(&app, id).await, CaseStudyStatus::Draft);

    // Nobody publishes or approves a draft.
    assert_eq!(post(&app, &organiser, &format!("/case-studies/{id}/publish"), &[]).await.status(), 409);
    assert_eq!(post(&app, &gifu, &format!("/case-studies/{id}/approve"), &[]).await.status(), 409);

    let title = "岐阜の町工場、OSSの脆弱性管理を「見える化」";
    let edited =
        post(&app, &vendor, &format!("/case-studies/{id}"), &[("title_ja", title), ("body_ja", "導入の経緯と効果。")])
            .await;
    assert_eq!(edited.status(), 303);
    assert_eq!(post(&app, &vendor, &format!("/case-studies/{id}/submit"), &[]).await.status(), 303);
    assert_eq!(status_of(&app, id).await, CaseStudyStatus::AwaitingApproval);

    // The user company is asked by mail, in the same transaction.
    let mails = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("case_study_approval"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(mails.iter().any(|m| m.recipient_email == "gifu@colapla.example"), "{mails:?}");
    assert!(mails.iter().all(|m| m.recipient_email != "vendor@colapla.example"));

    // Waiting for approval: the organiser still cannot publish, the vendor cannot approve for the firm.
    assert_eq!(post(&app, &organiser, &format!("/case-studies/{id}/publish"), &[]).await.status(), 409);
    assert_eq!(post(&app, &vendor, &format!("/case-studies/{id}/approve"), &[]).await.status(), 403);
    assert_eq!(post(&app, &organiser, &format!("/case-studies/{id}/approve"), &[]).await.status(), 403);
    let product_page =
        new_client().get(app.url(&format!("/products/{yamory}"))).send().await.unwrap().text().await.unwrap();
    assert!(!product_page.contains(title), "not public before approval");
    assert_eq!(new_client().get(app.url(&format!("/case-studies/{id}"))).send().await.unwrap().status(), 404);

    assert_eq!(post(&app, &gifu, &format!("/case-studies/{id}/approve"), &[]).await.status(), 303);
    assert_eq!(status_of(&app, id).await, CaseStudyStatus::Approved);
    // Approved: visible on the organiser's queue, then published.
    let queue = organiser
        .get(app.url("/api/v1/console/approvals"))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(queue["case_studies_to_publish"][0]["id"], id.to_string());
    assert_eq!(post(&app, &organiser, &format!("/case-studies/{id}/publish"), &[]).await.status(), 303);
    assert_eq!(status_of(&app, id).await, CaseStudyStatus::Published);

    let product_page =
        new_client().get(app.url(&format!("/products/{yamory}"))).send().await.unwrap().text().await.unwrap();
    assert!(
        product_page.contains("岐阜の町工場、OSSの脆弱性管理を「見える化」"),
        "the product page shows the published case"
    );
    let api: serde_json::Value = new_client()
        .get(app.url(&format!("/api/v1/case-studies?product_id={yamory}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["items"][0]["title_ja"], title);
    assert_eq!(api["items"][0]["status"], "published");

    // The user company withdraws it at any time; it disappears from the product page.
    assert_eq!(post(&app, &vendor, &format!("/case-studies/{id}/withdraw"), &[]).await.status(), 403);
    assert_eq!(post(&app, &gifu, &format!("/case-studies/{id}/withdraw"), &[]).await.status(), 303);
    assert_eq!(status_of(&app, id).await, CaseStudyStatus::Withdrawn);
    let product_page =
        new_client().get(app.url(&format!("/products/{yamory}"))).send().await.unwrap().text().await.unwrap();
    assert!(!product_page.contains(title));
    assert_eq!(new_client().get(app.url(&format!("/case-studies/{id}"))).send().await.unwrap().status(), 404);

    // Every step is in the audit log.
    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::ObjectId.eq(id.to_string()))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for action in [
        "case_study.drafted",
        "case_study.edited",
        "case_study.submitted",
        "case_study.approved",
        "case_study.published",
        "case_study.withdrawn",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn the_database_write_refuses_to_publish_a_case_nobody_approved() {
    let app = spawn_app().await;
    let (m, yamory) = adopted_match(&app, &[Proposed, Interested, Introduced, Meeting, Trial, Adopted]).await;
    // Marked approved without an approving member (as a buggy import might): still unpublishable.
    let now = Utc::now();
    let case = case_study::ActiveModel {
        id: Set(Uuid::now_v7()),
        match_id: Set(Some(m)),
        product_id: Set(yamory),
        user_organisation_id: Set(organisation_of(&app, "gifu@colapla.example").await),
        industry_code: Set(None),
        title_ja: Set("承認のない事例".into()),
        body_ja: Set(String::new()),
        title_en: Set(None),
        body_en: Set(None),
        status: Set(CaseStudyStatus::Approved),
        approved_by_user_id: Set(None),
        approved_at: Set(None),
        published_at: Set(None),
        withdrawn_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let csrf = app.csrf_token(&organiser, "/").await;
    let response = organiser
        .post(app.url(&format!("/api/v1/case-studies/{}/publish", case.id)))
        .header("x-csrf-token", csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(status_of(&app, case.id).await, CaseStudyStatus::Approved);

    // The store's conditional UPDATE is the last line: called directly, past the rules, it still
    // refuses (and writes nothing).
    use colapla::case_studies::{CaseStudyError, rules, store};
    let loaded = store::load(&app.state.db, case.id).await.unwrap().unwrap();
    let actor = colapla::identity::actor::Actor {
        user_id: Uuid::now_v7(),
        email: "organiser@colapla.example".into(),
        display_name: "事務局".into(),
        time_zone: "Asia/Tokyo".into(),
        memberships: Vec::new(),
    };
    let result = store::transition(
        &app.state.db,
        &actor,
        &loaded,
        rules::Command::Publish,
        rules::Status::Published,
        &app.state.config.base_url,
    )
    .await;
    assert!(matches!(result, Err(CaseStudyError::WrongStatus)), "{result:?}");
    let stored = case_study::Entity::find_by_id(case.id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(stored.status, CaseStudyStatus::Approved);
    assert!(stored.published_at.is_none());
}

#[tokio::test]
async fn only_adopted_matches_become_case_studies_and_the_api_follows_the_same_rules() {
    let app = spawn_app().await;
    let (meeting, _) = adopted_match(&app, &[Proposed, Interested, Introduced, Meeting]).await;
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    let csrf = app.csrf_token(&vendor, "/").await;
    let draft = |m: Uuid| {
        vendor
            .post(app.url("/api/v1/case-studies"))
            .header("x-csrf-token", csrf.clone())
            .json(&serde_json::json!({ "match_id": m.to_string() }))
            .send()
    };
    assert_eq!(draft(meeting).await.unwrap().status(), 409, "a match still at the meeting step");

    let (adopted, _) = adopted_match(&app, &[Proposed, Interested, Introduced, Meeting, Trial, Adopted]).await;
    let created = draft(adopted).await.unwrap();
    assert_eq!(created.status(), 201);
    let body: serde_json::Value = created.json().await.unwrap();
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(body["status"], "draft");
    // Drafting again returns the same case, not a second one.
    let again: serde_json::Value = draft(adopted).await.unwrap().json().await.unwrap();
    assert_eq!(again["id"], id.as_str());

    let updated = vendor
        .put(app.url(&format!("/api/v1/case-studies/{id}")))
        .header("x-csrf-token", csrf.clone())
        .json(&serde_json::json!({ "title_ja": "沖縄の事例", "body_ja": "本文", "title_en": "A case in Okinawa" }))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), 200);
    let too_long = vendor
        .put(app.url(&format!("/api/v1/case-studies/{id}")))
        .header("x-csrf-token", csrf.clone())
        .json(&serde_json::json!({ "title_ja": "あ".repeat(201) }))
        .send()
        .await
        .unwrap();
    assert_eq!(too_long.status(), 422);

    // A firm with nothing to do with it cannot see it at all; an unknown action is not found.
    let other = app.client_signed_in_as("osaka@colapla.example").await;
    assert_eq!(other.get(app.url(&format!("/api/v1/case-studies/{id}"))).send().await.unwrap().status(), 404);
    let bogus = vendor
        .post(app.url(&format!("/api/v1/case-studies/{id}/teleport")))
        .header("x-csrf-token", csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(bogus.status(), 404);
}
