//! Verifications that lapse within 60 days, and the reminder to the vendor: one outbox mail per
//! vendor member, at most once a day per verification.

use chrono::{Duration, Utc};
use entities::{outbox, verification};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::console_funnel::product_id;
use crate::helpers::{csrf_in, spawn_app};

#[tokio::test]
async fn the_organiser_reminds_the_vendor_once_a_day_of_a_lapsing_verification() {
    let app = spawn_app().await;
    let yamory = product_id(&app, "yamory").await;
    let any = verification::Entity::find().one(&app.state.db).await.unwrap().unwrap();
    let today = Utc::now().with_timezone(&chrono_tz::Asia::Tokyo).date_naive();
    let lapsing = verification::Model {
        id: Uuid::now_v7(),
        product_id: yamory,
        valid_until: today + Duration::days(30),
        verified_on: today - Duration::days(700),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        ..any
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();

    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let page = organiser.get(app.url("/console/verifications")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("/console/verifications/{}/remind", lapsing.id)), "listed with its button");
    let csrf = csrf_in(&page);

    let remind = || {
        organiser
            .post(app.url(&format!("/console/verifications/{}/remind", lapsing.id)))
            .form(&[("csrf_token", csrf.as_str())])
            .send()
    };
    let first = remind().await.unwrap();
    assert_eq!(first.status(), 303);
    assert_eq!(first.headers()["location"], "/console/verifications?notice=reminded");
    let mails =
        || outbox::Entity::find().filter(outbox::Column::Template.eq("verification_expiry")).count(&app.state.db);
    let sent = mails().await.unwrap();
    assert!(sent >= 1);
    let to_vendor = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("verification_expiry"))
        .filter(outbox::Column::RecipientEmail.eq("vendor@colapla.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the vendor's member is mailed");
    assert_eq!(to_vendor.payload["product_name"], "yamory");
    assert_eq!(to_vendor.payload["valid_until"], lapsing.valid_until.to_string());

    // Again the same day: nothing more is written.
    let second = remind().await.unwrap();
    assert_eq!(second.headers()["location"], "/console/verifications?notice=already_reminded");
    assert_eq!(mails().await.unwrap(), sent);
    let api = organiser
        .post(app.url(&format!("/api/v1/console/verifications/{}/remind", lapsing.id)))
        .header("x-csrf-token", csrf.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 200);
    assert_eq!(api.json::<serde_json::Value>().await.unwrap()["sent"], false);
    let listed: serde_json::Value =
        organiser.get(app.url("/api/v1/console/verifications")).send().await.unwrap().json().await.unwrap();
    let row = listed["items"].as_array().unwrap().iter().find(|r| r["id"] == lapsing.id.to_string()).unwrap().clone();
    assert_eq!(row["days_left"], 30);
    assert_eq!(row["reminded_today"], true);

    // A vendor cannot send reminders.
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    let csrf = app.csrf_token(&vendor, "/").await;
    let refused = vendor
        .post(app.url(&format!("/console/verifications/{}/remind", lapsing.id)))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn every_console_section_renders_for_the_organiser_in_both_languages() {
    let app = spawn_app().await;
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    for path in [
        "/console",
        "/console/approvals",
        "/console/funnel",
        "/console/sessions",
        "/console/events",
        "/console/verifications",
        "/console/mail",
    ] {
        for lang in ["ja", "en"] {
            let response = organiser.get(app.url(&format!("{path}?lang={lang}"))).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path} in {lang}");
            let html = response.text().await.unwrap();
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{path}");
        }
    }
    let html = organiser.get(app.url("/console/sessions?lang=en")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Participants per session") && html.contains("<polyline"), "the participation chart");
    let mail: serde_json::Value =
        organiser.get(app.url("/api/v1/console/mail")).send().await.unwrap().json().await.unwrap();
    for key in ["depth", "retrying", "sent", "failed", "unsubscribed_all", "failures"] {
        assert!(mail.get(key).is_some(), "{key}");
    }
}
