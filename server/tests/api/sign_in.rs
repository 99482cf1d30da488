//! E-mail sign-in links, sessions, sign-out, CSRF and demo sign-in, as a browser meets them.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, EntityTrait};

use crate::helpers::{TestApp, csrf_in, new_client, spawn_app, spawn_empty_app};

/// The readable text of an .eml file: raw lines (quoted-printable soft breaks joined) plus every
/// base64 body block decoded, so a link can be found whatever encoding lettre chose.
fn mail_text(raw: &str) -> String {
    use base64::Engine;
    let mut text = raw.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    let mut block = String::new();
    for line in raw.lines().chain(std::iter::once("")) {
        let line = line.trim_end();
        if !line.is_empty()
            && line.len() >= 16
            && line.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        {
            block.push_str(line);
            continue;
        }
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&block) {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
        block.clear();
    }
    text
}

/// Waits for the mail worker to write a message to `to` and returns the sign-in token in it.
pub async fn sign_in_token_from_mail(app: &TestApp, to: &str, already_seen: usize) -> String {
    let started = Instant::now();
    loop {
        let mut tokens = Vec::new();
        if let Ok(entries) = std::fs::read_dir(app.mail_dir()) {
            let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let raw = std::fs::read_to_string(&file).unwrap_or_default();
                if !raw.to_lowercase().contains(&format!("to: {to}")) {
                    continue;
                }
                let text = mail_text(&raw);
                if let Some(i) = text.find("/login/email/verify?token=") {
                    let token: String = text[i + 26..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    tokens.push(token);
                }
            }
        }
        if tokens.len() > already_seen {
            return tokens.swap_remove(already_seen);
        }
        assert!(started.elapsed() < Duration::from_secs(15), "no sign-in mail to {to} in {}", app.mail_dir().display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn request_link(app: &TestApp, client: &reqwest::Client, email: &str) -> reqwest::Response {
    let csrf = app.csrf_token(client, "/login").await;
    client
        .post(app.url("/login/email"))
        .form(&[("email", email), ("csrf_token", &csrf), ("next", "/products")])
        .send()
        .await
        .unwrap()
}

async fn redeem(app: &TestApp, client: &reqwest::Client, token: &str) -> reqwest::Response {
    let page =
        client.get(app.url(&format!("/login/email/verify?token={token}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("confirm-sign-in"), "a GET only shows a button: mail scanners must not spend links");
    let csrf = csrf_in(&page);
    client.post(app.url("/login/email/verify")).form(&[("token", token), ("csrf_token", &csrf)]).send().await.unwrap()
}

#[tokio::test]
async fn an_email_link_signs_in_once_and_sign_out_ends_the_session() {
    let app = spawn_app().await;
    let browser = new_client();
    let response = request_link(&app, &browser, "Osaka@Colapla.example").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login/email/sent");

    let token = sign_in_token_from_mail(&app, "osaka@colapla.example", 0).await;
    let response = redeem(&app, &browser, &token).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(response.headers()["location"], "/products", "back where the person was going");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("colapla_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");

    let account = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(account.status(), 200);
    let html = account.text().await.unwrap();
    assert!(html.contains("osaka@colapla.example"));

    // The same link again, in another browser: spent.
    let other = new_client();
    let response = redeem(&app, &other, &token).await;
    assert_eq!(response.status(), 410);
    assert!(response.text().await.unwrap().contains("このリンクは使えません"));

    // Sign out: the session is gone on the server, not just the cookie.
    let csrf = csrf_in(&html);
    let response = browser.post(app.url("/logout")).form(&[("csrf_token", csrf.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let response = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login?next=%2Faccount");
}

#[tokio::test]
async fn expired_and_tampered_links_do_not_sign_in() {
    let app = spawn_app().await;
    let browser = new_client();
    request_link(&app, &browser, "iwate@colapla.example").await;
    let token = sign_in_token_from_mail(&app, "iwate@colapla.example", 0).await;

    let mut tampered = token.clone();
    let last = if tampered.ends_with('A') { 'B' } else { 'A' };
    tampered.pop();
    tampered.push(last);
    assert_eq!(redeem(&app, &browser, &tampered).await.status(), 410);
    assert_eq!(redeem(&app, &browser, "not-a-token").await.status(), 410);

    app.state.db.execute_unprepared("UPDATE sign_in_token SET expires_at = created_at").await.unwrap();
    assert_eq!(redeem(&app, &browser, &token).await.status(), 410, "an expired link is refused");
    let failures = entities::audit_log::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "sign_in.failed")
        .count();
    assert_eq!(failures, 3, "failed sign-ins are audited");
}

#[tokio::test]
async fn the_answer_is_the_same_for_known_and_unknown_addresses_and_requests_are_rate_limited() {
    let app = spawn_app().await;
    let known = request_link(&app, &new_client(), "okinawa@colapla.example").await;
    let unknown = request_link(&app, &new_client(), "nobody@example.jp").await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.headers()["location"], unknown.headers()["location"]);

    // A new address gets an account when its link is used.
    let token = sign_in_token_from_mail(&app, "nobody@example.jp", 0).await;
    let browser = new_client();
    assert_eq!(redeem(&app, &browser, &token).await.status(), 303);
    let html = browser.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("nobody@example.jp"));

    let browser = new_client();
    for _ in 0..2 {
        assert_eq!(request_link(&app, &browser, "okinawa@colapla.example").await.status(), 303);
    }
    let limited = request_link(&app, &browser, "okinawa@colapla.example").await;
    assert_eq!(limited.status(), 429, "three links per address per 15 minutes");
    assert!(limited.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_or_from_another_origin_are_refused() {
    let app = spawn_app().await;
    let browser = new_client();
    let csrf = app.csrf_token(&browser, "/login").await;
    let response =
        browser.post(app.url("/login/email")).form(&[("email", "gifu@colapla.example")]).send().await.unwrap();
    assert_eq!(response.status(), 403, "no token");
    let response = browser
        .post(app.url("/login/email"))
        .form(&[("email", "gifu@colapla.example"), ("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "wrong token");
    let response = new_client()
        .post(app.url("/login/email"))
        .form(&[("email", "gifu@colapla.example"), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "a token from another browser");
    let response = browser
        .post(app.url("/login/email"))
        .header("origin", "https://evil.example")
        .form(&[("email", "gifu@colapla.example"), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "another origin");
    let body = response.text().await.unwrap();
    assert!(body.contains("lang=\"ja\""), "a localised page");

    // Signed in, the session's own token is required.
    let signed_in = app.client_signed_in_as("gifu@colapla.example").await;
    let response = signed_in.post(app.url("/logout")).form(&[("csrf_token", csrf.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(signed_in.get(app.url("/account")).send().await.unwrap().status(), 200, "still signed in");
}

#[tokio::test]
async fn an_invalid_address_gets_a_field_error_in_the_readers_language() {
    let app = spawn_app().await;
    let browser = new_client();
    let csrf = app.csrf_token(&browser, "/login?lang=en").await;
    let response = browser
        .post(app.url("/login/email"))
        .form(&[("email", "not an address"), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("aria-invalid=\"true\"") && html.contains("not in the expected format"), "{html}");
    let rows = entities::sign_in_token::Entity::find().all(&app.state.db).await.unwrap();
    assert!(rows.is_empty(), "nothing stored");
}

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_everywhere_ends_every_session() {
    let app = spawn_app().await;
    let first = new_client();
    let csrf = app.csrf_token(&first, "/login").await;
    let response =
        first.post(app.url("/login/demo")).form(&[("role", "vendor"), ("csrf_token", &csrf)]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let cookie = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("colapla_session="))
            .unwrap()
    };
    let first_cookie = cookie(&response);
    let html = first.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("ビジョナル") || html.contains("VISIONAL"), "the vendor's organisation: {html}");

    // Signing in again in the same browser replaces the session.
    let csrf = app.csrf_token(&first, "/account").await;
    let response =
        first.post(app.url("/login/demo")).form(&[("role", "vendor"), ("csrf_token", &csrf)]).send().await.unwrap();
    assert_ne!(cookie(&response), first_cookie, "a new session id at sign-in");
    let sessions = entities::web_session::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(sessions.len(), 1, "the old session ended");

    let second = app.client_signed_in_as("vendor@colapla.example").await;
    assert_eq!(second.get(app.url("/account")).send().await.unwrap().status(), 200);
    let csrf = app.csrf_token(&first, "/account").await;
    let response =
        first.post(app.url("/logout/everywhere")).form(&[("csrf_token", csrf.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        second.get(app.url("/account")).send().await.unwrap().status(),
        303,
        "the other device is signed out too"
    );
    assert!(entities::web_session::Entity::find().all(&app.state.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn demo_sign_in_needs_the_demo_data() {
    let app = spawn_empty_app().await;
    let browser = new_client();
    let html = browser.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("data-demo-role"), "no demo buttons without demo data");
    let csrf = csrf_in(&html);
    let response = browser
        .post(app.url("/login/demo"))
        .form(&[("role", "organiser"), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);

    let app = spawn_app().await;
    let html = browser.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    for role in ["vendor", "user_company", "organiser", "verifier"] {
        assert!(html.contains(&format!("data-demo-role=\"{role}\"")), "{role}");
    }
}
