//! Shared set-up for the matching-event tests: people in organisations, JSON calls with the CSRF
//! header, and an event created through the API.

use chrono::{Duration, Utc};
use colapla::i18n::DEFAULT_TIME_ZONE;
use entities::{app_user, membership, organisation};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;

/// A signed-in client and its CSRF token.
pub struct Person {
    pub client: reqwest::Client,
    pub csrf: String,
}

impl Person {
    pub async fn new(app: &TestApp, email: &str) -> Self {
        let client = app.client_signed_in_as(email).await;
        let csrf = app.csrf_token(&client, "/events").await;
        Self { client, csrf }
    }

    pub async fn call(&self, app: &TestApp, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.client.request(method, app.url(path)).header("x-csrf-token", &self.csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> (u16, Value) {
        self.call(app, reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, app: &TestApp, path: &str, body: Value) -> (u16, Value) {
        self.call(app, reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, app: &TestApp, path: &str, body: Value) -> (u16, Value) {
        self.call(app, reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn page(&self, app: &TestApp, path: &str) -> (u16, String) {
        let response = self.client.get(app.url(path)).send().await.expect("page");
        (response.status().as_u16(), response.text().await.expect("body"))
    }

    pub async fn form(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &self.csrf));
        self.client.post(app.url(path)).form(&form).send().await.expect("form sent")
    }
}

pub async fn organisation_named(app: &TestApp, name: &str) -> organisation::Model {
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no organisation {name}"))
}

/// A new member (owner) of the organisation, so tests can act for organisations without a demo account.
pub async fn member_of(app: &TestApp, organisation_id: Uuid, email: &str) -> String {
    let now = Utc::now();
    let user = app_user::Model {
        id: Uuid::now_v7(),
        email: email.to_owned(),
        display_name: email.to_owned(),
        locale: app_user::Locale::Ja,
        time_zone: "Asia/Tokyo".into(),
        created_at: now,
        updated_at: now,
        last_sign_in_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    membership::Model {
        id: Uuid::now_v7(),
        organisation_id,
        user_id: user.id,
        role: membership::MembershipRole::Owner,
        created_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    email.to_owned()
}

/// An event's fields: five 20-minute slots from 10:00 (no break) `days_ahead` days from now in
/// `time_zone`, two tables, booking open now.
pub fn event_body(days_ahead: i64, time_zone: &str, limit: Option<i32>) -> Value {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(DEFAULT_TIME_ZONE);
    let day = (Utc::now() + Duration::days(days_ahead)).with_timezone(&tz).date_naive().to_string();
    json!({
        "title_ja": "テスト商談会",
        "title_en": "Test matching event",
        "time_zone": time_zone,
        "starts_on": day,
        "ends_on": day,
        "day_start_time": "10:00",
        "day_end_time": "11:40",
        "slot_minutes": 20,
        "breaks": [],
        "tables": 2,
        "booking_opens_at": (Utc::now() - Duration::hours(1)).to_rfc3339(),
        "booking_closes_at": (Utc::now() + Duration::hours(20)).to_rfc3339(),
        "request_limit": limit,
    })
}

/// Creates an event through the API and opens booking; returns its view.
pub async fn booking_event(app: &TestApp, organiser: &Person, body: Value) -> Value {
    let (status, event) = organiser.post(app, "/api/v1/events", body).await;
    assert_eq!(status, 201, "{event}");
    let id = event["id"].as_str().unwrap().to_owned();
    let (status, event) =
        organiser.post(app, &format!("/api/v1/events/{id}/status"), json!({"status": "booking"})).await;
    assert_eq!(status, 200, "{event}");
    event
}

/// `participant` registers; returns its participant id.
pub async fn register(app: &TestApp, who: &Person, event: &str) -> String {
    let (status, body) = who.post(app, &format!("/api/v1/events/{event}/registration"), json!({})).await;
    assert_eq!(status, 200, "{body}");
    body["id"].as_str().unwrap().to_owned()
}
