//! Helpers shared by the working-group and session tests: an app without the background mail
//! worker (mail is sent on demand, so a test reads exactly what it caused), people, CSRF tokens,
//! and JSON and form requests.

use chrono::{DateTime, Utc};
use entities::session_registration::{RegistrationRole, RegistrationStatus};
use entities::{app_user, session_registration, wg_session, working_group, working_group_member};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::helpers::{Options, TestApp, csrf_in, spawn_app_configured};

pub const ORGANISER: &str = "organiser@colapla.example";
pub const VENDOR: &str = "vendor@colapla.example";
pub const FIRM: &str = "gifu@colapla.example";
pub const OTHER_FIRM: &str = "osaka@colapla.example";

/// The demo data, and no mail worker: tests deliver mail with [`deliver_mail`].
pub async fn spawn() -> TestApp {
    spawn_app_configured(Options { demo: true }, |raw| raw.mail_worker = false).await
}

/// Sends every mail that is due, into the app's mail directory.
pub async fn deliver_mail(app: &TestApp) {
    let worker = colapla::mail::Worker::new(&app.state).expect("worker");
    while worker.run_once().await.expect("batch").claimed > 0 {}
}

pub fn mail_files(app: &TestApp) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(app.mail_dir())
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "eml"));
    files.iter().map(|p| std::fs::read_to_string(p).expect("readable .eml")).collect()
}

/// A mail's text with its parts decoded (base64 or quoted-printable), well enough to search.
pub fn decoded(eml: &str) -> String {
    use base64::Engine;
    let mut out = String::new();
    let mut encoding = "";
    let mut in_body = false;
    let mut block = String::new();
    let flush = |encoding: &str, block: &mut String, out: &mut String| {
        match encoding {
            "base64" => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(block.replace(['\r', '\n'], ""))
                    .unwrap_or_default();
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
            "quoted-printable" => out.push_str(&quoted_printable(block)),
            _ => out.push_str(block),
        }
        block.clear();
    };
    for line in eml.split("\r\n") {
        if line.starts_with("--") {
            flush(encoding, &mut block, &mut out);
            in_body = false;
            encoding = "";
            out.push_str(line);
            out.push('\n');
        } else if !in_body && line.is_empty() {
            in_body = true;
        } else if !in_body {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-transfer-encoding:") {
                encoding = if lower.contains("base64") {
                    "base64"
                } else if lower.contains("quoted") {
                    "quoted-printable"
                } else {
                    ""
                };
            }
            out.push_str(line);
            out.push('\n');
        } else {
            block.push_str(line);
            block.push_str("\r\n");
        }
    }
    flush(encoding, &mut block, &mut out);
    out
}

fn quoted_printable(text: &str) -> String {
    let unfolded = text.replace("=\r\n", "");
    let bytes = unfolded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&unfolded[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub async fn user(app: &TestApp, email: &str) -> app_user::Model {
    app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no user {email}"))
}

/// A new person with no organisation.
pub async fn new_person(app: &TestApp, email: &str, name: &str) -> app_user::Model {
    app_user::Model {
        id: Uuid::now_v7(),
        email: email.to_owned(),
        display_name: name.to_owned(),
        locale: app_user::Locale::Ja,
        time_zone: "Asia/Tokyo".to_owned(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        last_sign_in_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap()
}

/// A signed-in client and its CSRF token.
pub async fn sign_in(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = app.client_signed_in_as(email).await;
    let html = client.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    (client, csrf_in(&html))
}

pub async fn send_json(
    app: &TestApp,
    (client, csrf): &(reqwest::Client, String),
    method: reqwest::Method,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let response = client.request(method, app.url(path)).header("x-csrf-token", csrf).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
}

pub async fn get_json(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, serde_json::Value) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
}

pub async fn post_form(
    app: &TestApp,
    (client, csrf): &(reqwest::Client, String),
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", csrf));
    client.post(app.url(path)).form(&form).send().await.unwrap()
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

/// A group stored directly, with `moderator` as its moderator.
pub async fn group_with_moderator(app: &TestApp, moderator: &str) -> working_group::Model {
    let group = working_group::Model {
        id: Uuid::now_v7(),
        kind: working_group::WorkingGroupKind::Needs,
        name_ja: "テスト用ワーキンググループ".to_owned(),
        name_en: Some("Test group".to_owned()),
        description_ja: "説明".to_owned(),
        description_en: None,
        region_code: None,
        status: working_group::WorkingGroupStatus::Active,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    add_member(app, group.id, moderator, working_group_member::WorkingGroupRole::Moderator).await;
    group
}

pub async fn add_member(app: &TestApp, group: Uuid, email: &str, role: working_group_member::WorkingGroupRole) {
    working_group_member::Model {
        id: Uuid::now_v7(),
        working_group_id: group,
        user_id: user(app, email).await.id,
        role,
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
}

/// A session stored directly (times may be in the past, which the form refuses).
pub async fn session_at(
    app: &TestApp,
    group: Uuid,
    starts_at: DateTime<Utc>,
    capacity: i32,
    requires_approval: bool,
) -> wg_session::Model {
    wg_session::Model {
        id: Uuid::now_v7(),
        working_group_id: group,
        title_ja: "取引先からのセキュリティ調査票にどう答えるか".to_owned(),
        title_en: Some("Answering customers' security questionnaires".to_owned()),
        description: Some("小グループで討議します。".to_owned()),
        starts_at,
        ends_at: starts_at + chrono::TimeDelta::minutes(90),
        capacity,
        requires_approval,
        status: wg_session::SessionStatus::Scheduled,
        reported_participants: None,
        minutes_markdown: None,
        minutes_published_at: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap()
}

pub async fn register_directly(
    app: &TestApp,
    session: Uuid,
    email: &str,
    role: RegistrationRole,
    attended_at: Option<DateTime<Utc>>,
) -> session_registration::Model {
    session_registration::Model {
        id: Uuid::now_v7(),
        session_id: session,
        user_id: user(app, email).await.id,
        role,
        status: RegistrationStatus::Approved,
        attended_at,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap()
}

/// A page's HTML, with the `&#x2f;` that the templates write for `/` in values turned back.
pub async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let html = client.get(app.url(path)).send().await.unwrap().text().await.unwrap();
    html.replace("&#x2f;", "/")
}
