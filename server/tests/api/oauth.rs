//! Sign-in with an OAuth 2.0 / OpenID Connect provider, as a browser meets it: colapla and the
//! test provider (`oidc_provider.rs`) each on their own port, the browser following every
//! redirect by hand between them.

use entities::{app_user, audit_log, identity_link, oauth_flow, web_session};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{Options, TestApp, new_client, spawn_app_configured};
use crate::oidc_provider::{self, Iss, LABEL, Person, TestProvider, TokenEndpoint};

/// The provider's id in colapla's configuration (and in its URLs).
const ID: &str = "testidp";

/// What the failure page says, in Japanese (the default language).
const INVALID_STATE_JA: &str =
    "ログインの手続きが無効か、期限が切れています。お手数ですが、最初からやり直してください。";
const INVALID_STATE_EN: &str = "This sign-in attempt is not valid or has expired. Please start again.";
const REFUSED_JA: &str = "Test IdPでのログインが取り消されたか、認められませんでした。";
const UNAVAILABLE_JA: &str = "Test IdPに接続できませんでした。しばらくしてから、もう一度お試しください。";
const WRONG_ISSUER_JA: &str = "Test IdPからの応答を確認できませんでした。安全のため、ログインを中止しました。";
const EMAIL_TAKEN_JA: &str =
    "このメールアドレスは、別の方法でログインするアカウントに登録されています。メールのリンクでログインしてください。";

fn hanako() -> Person {
    Person::new("248289761001", "hanako@example.jp", "山田 花子")
}

/// A provider and colapla configured to use it, with the exact callback URL registered there.
async fn setup_with(demo: bool, person: Person) -> (TestApp, TestProvider) {
    let idp = TestProvider::start(person).await;
    let raw = idp.raw_provider(ID);
    let app = spawn_app_configured(Options { demo }, move |settings| {
        settings.oauth_providers.push(raw);
    })
    .await;
    idp.register_redirect_uri(&callback_uri(&app));
    (app, idp)
}

async fn setup() -> (TestApp, TestProvider) {
    setup_with(false, hanako()).await
}

fn callback_uri(app: &TestApp) -> String {
    format!("{}/login/oauth/{ID}/callback", app.address)
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").expect("a Location header").to_str().expect("ASCII").to_owned()
}

fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// The `href`s of a page, with the HTML escapes a template puts in undone.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&#x2f;", "/").replace("&#x3d;", "=").replace("&amp;", "&"))
        .collect()
}

fn query_of(url: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(url).expect("a URL").query_pairs().into_owned().collect()
}

/// Leg 1: colapla sends the browser to the provider. Returns that response (303).
async fn start(app: &TestApp, browser: &reqwest::Client, next: &str) -> reqwest::Response {
    let response =
        browser.get(app.url(&format!("/login/oauth/{ID}"))).query(&[("next", next)]).send().await.expect("start");
    assert_eq!(response.status(), 303, "the start redirects to the provider");
    response
}

/// Legs 1 and 2: starts at colapla, signs in at the provider, and returns the callback URL the
/// provider sent the browser back to (not yet visited).
async fn to_callback(app: &TestApp, idp: &TestProvider, browser: &reqwest::Client, next: &str) -> String {
    let authorize_url = location(&start(app, browser, next).await);
    assert!(authorize_url.starts_with(&format!("{}/authorize?", idp.base)), "{authorize_url}");
    let response = browser.get(&authorize_url).send().await.expect("authorize");
    assert_eq!(
        response.status(),
        302,
        "the provider accepts the request: {}",
        response.text().await.unwrap_or_default()
    );
    let back = location(&response);
    assert!(back.starts_with(&format!("{}?", callback_uri(app))), "back to colapla's callback: {back}");
    back
}

/// Leg 3: the browser arrives back at colapla.
async fn visit(browser: &reqwest::Client, url: &str) -> reqwest::Response {
    browser.get(url).send().await.expect("callback")
}

/// The whole flow; returns colapla's answer to the callback.
async fn sign_in(app: &TestApp, idp: &TestProvider, browser: &reqwest::Client, next: &str) -> reqwest::Response {
    let callback = to_callback(app, idp, browser, next).await;
    visit(browser, &callback).await
}

/// A successful callback: 303 to `next` with the session cookie.
fn assert_signed_in(response: &reqwest::Response, next: &str) {
    assert_eq!(response.status(), 303, "signed in");
    assert_eq!(location(response), next, "on to where the person was going");
    let cookie = set_cookie(response, "colapla_session").expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
}

/// A failed callback: the localised failure page with `status`, `text`, a link back to the
/// sign-in page, no session, and no Referer leaks; never a 500.
async fn assert_failure_page(response: reqwest::Response, status: u16, text: &str) -> String {
    assert_eq!(response.status(), status, "the failure page's status");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    assert!(set_cookie(&response, "colapla_session").is_none(), "no session on failure");
    let html = response.text().await.expect("body");
    assert!(html.contains(text), "expected «{text}» in:\n{html}");
    assert!(html.contains("href=\"/login\""), "a way back to the sign-in page:\n{html}");
    html
}

async fn assert_not_signed_in(app: &TestApp, browser: &reqwest::Client) {
    let response = browser.get(app.url("/account")).send().await.expect("account");
    assert_eq!(response.status(), 303, "not signed in");
    assert!(web_session::Entity::find().all(&app.state.db).await.expect("sessions").is_empty(), "no session stored");
}

/// The reasons of the `sign_in.failed` audit entries, oldest first.
async fn failed_reasons(app: &TestApp) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("sign_in.failed"))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.state.db)
        .await
        .expect("audit log")
        .into_iter()
        .map(|e| {
            assert_eq!(e.detail["method"], format!("oauth:{ID}"));
            e.detail["reason"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

async fn user_count(app: &TestApp) -> usize {
    app_user::Entity::find().all(&app.state.db).await.expect("users").len()
}

#[tokio::test]
async fn the_sign_in_page_offers_each_configured_provider() {
    let idp = TestProvider::start(hanako()).await;
    let (first, mut second) = (idp.raw_provider(ID), idp.raw_provider("second"));
    second.label = Some("Another IdP".to_owned());
    let app = spawn_app_configured(Options::default(), move |settings| {
        settings.oauth_providers.extend([first, second]);
    })
    .await;
    idp.register_redirect_uri(&callback_uri(&app));
    let browser = new_client();
    let html = browser.get(app.url("/login?next=%2Fproducts%3Flang%3Den")).send().await.unwrap().text().await.unwrap();
    let buttons: Vec<String> = hrefs(&html).into_iter().filter(|h| h.starts_with("/login/oauth/")).collect();
    assert_eq!(buttons.len(), 2, "one button a provider: {buttons:?}");
    for (href, id) in buttons.iter().zip([ID, "second"]) {
        let url = url::Url::parse(&app.url(href)).unwrap();
        assert_eq!(url.path(), format!("/login/oauth/{id}"));
        assert_eq!(query_of(url.as_str())["next"], "/products?lang=en", "the button keeps where the person was going");
    }
    assert!(html.contains(&format!("{LABEL}でログイン")), "labelled with the provider's name");
    assert!(html.contains("Another IdPでログイン"));
    let html = browser.get(app.url("/login?lang=en")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("Sign in with {LABEL}")), "{html}");

    // The button's link starts the flow with that provider.
    let response = browser.get(app.url(&buttons[0])).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with(&format!("{}/authorize?", idp.base)));
    let flows = oauth_flow::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!((flows.len(), flows[0].provider.as_str(), flows[0].next.as_str()), (1, ID, "/products?lang=en"));
    assert_eq!(browser.get(app.url("/login/oauth/nope")).send().await.unwrap().status(), 404, "an unknown provider");
}

#[tokio::test]
async fn a_provider_sign_in_is_keyed_on_provider_and_subject() {
    let (app, idp) = setup_with(true, hanako()).await;
    let users_before = user_count(&app).await;
    let browser = new_client();
    let response = sign_in(&app, &idp, &browser, "/products").await;
    assert_signed_in(&response, "/products");
    let account = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(account.status(), 200);
    let html = account.text().await.unwrap();
    assert!(html.contains("hanako@example.jp") && html.contains("山田 花子"), "{html}");
    let record = idp.record();
    assert_eq!((record.tokens_issued, record.userinfo_requests), (1, 1));
    assert_eq!(record.token_auth, ["basic"], "the client secret travels in HTTP Basic");
    assert_eq!(user_count(&app).await, users_before + 1, "a new account");
    let link = identity_link::Entity::find().one(&app.state.db).await.unwrap().expect("an identity link");
    assert_eq!((link.provider.as_str(), link.subject.as_str()), (ID, "248289761001"));

    // The same subject with another address at the provider: the same account, still named by
    // the address it had.
    idp.set(|b| b.person.email = "hanako.yamada@example.com".to_owned());
    let browser = new_client();
    assert_signed_in(&sign_in(&app, &idp, &browser, "/account").await, "/account");
    let html = browser.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("hanako@example.jp") && !html.contains("hanako.yamada@example.com"), "{html}");
    assert_eq!(user_count(&app).await, users_before + 1, "no second account");
    assert_eq!(identity_link::Entity::find().all(&app.state.db).await.unwrap().len(), 1);

    // Another subject claiming the address of an existing account (a demo user): refused, not linked.
    idp.set(|b| b.person = Person::new("999", "vendor@colapla.example", "Mallory"));
    let browser = new_client();
    let response = sign_in(&app, &idp, &browser, "/account").await;
    assert_failure_page(response, 403, EMAIL_TAKEN_JA).await;
    assert_not_signed_in_as_anyone(&app, &browser).await;
    let vendor = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("vendor@colapla.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo vendor");
    let links = identity_link::Entity::find().all(&app.state.db).await.unwrap();
    assert!(links.iter().all(|l| l.user_id != vendor.id && l.subject != "999"), "nothing linked: {links:?}");
    assert_eq!(user_count(&app).await, users_before + 1);
    assert_eq!(failed_reasons(&app).await, ["email_taken"]);
}

/// The browser holds no session (others may, from the earlier sign-ins of the same test).
async fn assert_not_signed_in_as_anyone(app: &TestApp, browser: &reqwest::Client) {
    let response = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn unknown_replayed_missing_and_foreign_states_are_refused() {
    let (app, idp) = setup().await;

    // Unknown: well-formed but never issued; and malformed.
    let browser = new_client();
    let callback = to_callback(&app, &idp, &browser, "/account").await;
    let mut params = query_of(&callback);
    for forged in ["A".repeat(43), "not-a-state".to_owned()] {
        params.insert("state".to_owned(), forged);
        let url = reqwest::Url::parse_with_params(&callback_uri(&app), &params).unwrap();
        assert_failure_page(visit(&browser, url.as_str()).await, 400, INVALID_STATE_JA).await;
    }
    // Missing.
    params.remove("state");
    let url = reqwest::Url::parse_with_params(&callback_uri(&app), &params).unwrap();
    assert_failure_page(visit(&browser, url.as_str()).await, 400, INVALID_STATE_JA).await;
    assert_not_signed_in(&app, &browser).await;
    assert_eq!(idp.record().token_requests, 0, "no code is redeemed without a valid state");

    // Replayed: the first visit signs in, the second is refused.
    let response = visit(&browser, &callback).await;
    assert_signed_in(&response, "/account");
    let html = assert_failure_page(visit(&browser, &callback).await, 400, INVALID_STATE_JA).await;
    assert!(html.contains("lang=\"ja\""));
    assert_eq!(idp.record().token_requests, 1, "the code was redeemed once");

    // Started in another browser: this one has no flow cookie. In English this time.
    let started_in = new_client();
    let callback = to_callback(&app, &idp, &started_in, "/account").await;
    let elsewhere = new_client();
    let response = elsewhere.get(&callback).header("accept-language", "en").send().await.unwrap();
    assert_failure_page(response, 400, INVALID_STATE_EN).await;
    assert_not_signed_in_as_anyone(&app, &elsewhere).await;
    assert_eq!(idp.record().token_requests, 1, "the other browser's code was not redeemed");
    // The attempt spent the state: a state is single-use whoever presents it.
    assert_failure_page(visit(&started_in, &callback).await, 400, INVALID_STATE_JA).await;

    assert_eq!(failed_reasons(&app).await, vec!["invalid_state"; 6]);
}

#[tokio::test]
async fn a_wrong_pkce_verifier_is_refused_by_the_provider() {
    let (app, idp) = setup().await;
    let browser = new_client();
    let callback = to_callback(&app, &idp, &browser, "/account").await;
    // Another well-formed verifier in place of the one the challenge was made from.
    let forged = oidc_provider::s256("not the verifier");
    let changed = oauth_flow::Entity::update_many()
        .col_expr(oauth_flow::Column::PkceVerifier, Expr::value(forged))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected, 1);

    assert_failure_page(visit(&browser, &callback).await, 403, REFUSED_JA).await;
    assert_not_signed_in(&app, &browser).await;
    let record = idp.record();
    assert_eq!(record.token_errors, ["invalid_grant: PKCE"]);
    assert_eq!((record.tokens_issued, record.userinfo_requests), (0, 0));
    assert_eq!(failed_reasons(&app).await, ["refused"]);
}

#[tokio::test]
async fn a_declined_authorization_is_shown_as_refused() {
    let (app, idp) = setup().await;
    idp.set(|b| b.authorization_error = Some("access_denied"));
    let browser = new_client();
    let callback = to_callback(&app, &idp, &browser, "/account").await;
    let params = query_of(&callback);
    assert_eq!(params.get("error").map(String::as_str), Some("access_denied"));
    assert!(!params.contains_key("code"));
    assert_failure_page(visit(&browser, &callback).await, 403, REFUSED_JA).await;
    assert_not_signed_in(&app, &browser).await;
    assert_eq!(idp.record().token_requests, 0);
    assert_eq!(failed_reasons(&app).await, ["refused"]);
}

#[tokio::test]
async fn an_unreachable_token_endpoint_shows_the_unavailable_page() {
    for down in [TokenEndpoint::Unavailable, TokenEndpoint::UnavailableOAuthError] {
        let (app, idp) = setup().await;
        idp.set(|b| b.token = down);
        let browser = new_client();
        let response = sign_in(&app, &idp, &browser, "/account").await;
        assert_failure_page(response, 502, UNAVAILABLE_JA).await;
        assert_not_signed_in(&app, &browser).await;
        assert_eq!(idp.record().token_requests, 1, "{down:?}");
        assert_eq!(failed_reasons(&app).await, ["unavailable"], "{down:?}");
    }

    // The authorization endpoint itself reports an outage.
    let (app, idp) = setup().await;
    idp.set(|b| b.authorization_error = Some("temporarily_unavailable"));
    let browser = new_client();
    assert_failure_page(sign_in(&app, &idp, &browser, "/account").await, 502, UNAVAILABLE_JA).await;
    assert_not_signed_in(&app, &browser).await;
    assert_eq!(failed_reasons(&app).await, ["unavailable"]);

    // The provider's listener closed between the authorization and the token request.
    let (app, idp) = setup().await;
    let browser = new_client();
    let callback = to_callback(&app, &idp, &browser, "/account").await;
    idp.stop().await;
    assert!(reqwest::get(format!("{}/userinfo", idp.base)).await.is_err(), "nothing answers any more");
    assert_failure_page(visit(&browser, &callback).await, 502, UNAVAILABLE_JA).await;
    assert_not_signed_in(&app, &browser).await;
    assert_eq!(failed_reasons(&app).await, ["unavailable"]);
}

#[tokio::test]
async fn an_authorization_response_from_another_issuer_is_refused() {
    let (app, idp) = setup().await;
    idp.set(|b| b.iss = Iss::Wrong);
    let browser = new_client();
    let callback = to_callback(&app, &idp, &browser, "/account").await;
    assert_eq!(query_of(&callback)["iss"], oidc_provider::WRONG_ISSUER);
    assert_failure_page(visit(&browser, &callback).await, 400, WRONG_ISSUER_JA).await;
    assert_not_signed_in(&app, &browser).await;
    assert_eq!(idp.record().token_requests, 0, "the code is not sent to anyone after a mix-up");
    assert_eq!(failed_reasons(&app).await, ["wrong_issuer"]);

    // The provider's own issuer: signed in.
    idp.set(|b| b.iss = Iss::Correct);
    let callback = to_callback(&app, &idp, &browser, "/account").await;
    assert_eq!(query_of(&callback)["iss"], idp.issuer());
    assert_signed_in(&visit(&browser, &callback).await, "/account");

    // A provider that does not send `iss` (RFC 9207 is optional): signed in too.
    idp.set(|b| b.iss = Iss::Omitted);
    let browser = new_client();
    let callback = to_callback(&app, &idp, &browser, "/account").await;
    assert!(!query_of(&callback).contains_key("iss"));
    assert_signed_in(&visit(&browser, &callback).await, "/account");
}

#[tokio::test]
async fn the_flow_uses_pkce_s256_an_exact_redirect_uri_and_no_referrer() {
    let (app, idp) = setup().await;
    let browser = new_client();
    let response = start(&app, &browser, "/products?lang=en").await;
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    let flow_cookie = set_cookie(&response, "colapla_oauth").expect("a flow cookie");
    assert!(
        flow_cookie.contains("HttpOnly")
            && flow_cookie.contains("SameSite=Lax")
            && flow_cookie.contains("Path=/login/oauth"),
        "{flow_cookie}"
    );
    let authorize_url = location(&response);
    assert!(authorize_url.starts_with(&format!("{}/authorize?", idp.base)), "{authorize_url}");
    let params = query_of(&authorize_url);
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["client_id"], oidc_provider::CLIENT_ID);
    assert_eq!(params["redirect_uri"], format!("{}/login/oauth/{ID}/callback", app.address));
    assert_eq!(params["code_challenge_method"], "S256");
    let challenge = &params["code_challenge"];
    assert_eq!(challenge.len(), 43, "{challenge}");
    assert!(challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "base64url: {challenge}");
    let state = &params["state"];
    assert_eq!(state.len(), 43, "{state}");
    assert!(params["scope"].split(' ').any(|s| s == "openid"), "{}", params["scope"]);
    assert!(params.get("nonce").is_some_and(|n| !n.is_empty()));

    // What colapla keeps: the state only as a hash, and the verifier the challenge was made from.
    let flows = oauth_flow::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(flows.len(), 1);
    assert_ne!(&flows[0].state_hash, state);
    assert_eq!(&oidc_provider::s256(&flows[0].pkce_verifier), challenge);
    assert_eq!(flows[0].next, "/products?lang=en");

    let response = browser.get(&authorize_url).send().await.unwrap();
    assert_eq!(response.status(), 302, "the provider checked client, redirect URI and PKCE");
    let callback = visit(&browser, &location(&response)).await;
    assert_eq!(callback.headers()["referrer-policy"], "no-referrer", "the code must not leak in a Referer");
    assert_signed_in(&callback, "/products?lang=en");
    assert!(
        set_cookie(&callback, "colapla_oauth")
            .is_some_and(|c| c.starts_with("colapla_oauth=;") || c.contains("Max-Age=0")),
        "the flow cookie is removed"
    );
    assert!(oauth_flow::Entity::find().all(&app.state.db).await.unwrap().is_empty(), "the flow is spent");

    // The failure page carries the policy too.
    assert_eq!(visit(&browser, &callback_uri(&app)).await.headers()["referrer-policy"], "no-referrer");
}

#[tokio::test]
async fn the_token_client_does_not_follow_redirects() {
    for status in [302, 307] {
        let (app, idp) = setup().await;
        idp.set(|b| b.token = TokenEndpoint::Redirect(status));
        let browser = new_client();
        let response = sign_in(&app, &idp, &browser, "/account").await;
        assert_failure_page(response, 502, UNAVAILABLE_JA).await;
        assert_not_signed_in(&app, &browser).await;
        let record = idp.record();
        assert_eq!(record.token_requests, 1);
        assert_eq!(record.redirect_target_hits, 0, "a {status} from the token endpoint is not followed");
        assert_eq!(record.userinfo_requests, 0);
        assert_eq!(failed_reasons(&app).await, ["unavailable"]);
    }
}

#[tokio::test]
async fn provider_sign_ins_and_failures_are_audited() {
    let (app, idp) = setup().await;
    let browser = new_client();
    assert_signed_in(&sign_in(&app, &idp, &browser, "/account").await, "/account");
    idp.set(|b| b.authorization_error = Some("access_denied"));
    let other = new_client();
    assert_failure_page(sign_in(&app, &idp, &other, "/account").await, 403, REFUSED_JA).await;
    idp.set(|b| {
        b.authorization_error = None;
        b.iss = Iss::Wrong;
    });
    assert_failure_page(sign_in(&app, &idp, &other, "/account").await, 400, WRONG_ISSUER_JA).await;
    assert_failure_page(visit(&other, &callback_uri(&app)).await, 400, INVALID_STATE_JA).await;

    let entries = audit_log::Entity::find().all(&app.state.db).await.unwrap();
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("hanako@example.jp"))
        .one(&app.state.db)
        .await
        .unwrap();
    let user = user.expect("the new account");
    let successes: Vec<_> = entries.iter().filter(|e| e.action == "sign_in").collect();
    assert_eq!(successes.len(), 1, "{entries:?}");
    assert_eq!(successes[0].detail["method"], format!("oauth:{ID}"));
    assert_eq!(successes[0].object_id.as_deref(), Some(user.id.to_string().as_str()));
    assert_eq!(successes[0].actor_user_id, Some(user.id));
    assert!(successes[0].ip.is_some());
    assert_eq!(failed_reasons(&app).await, ["refused", "wrong_issuer", "invalid_state"]);
    let failures: Vec<_> = entries.iter().filter(|e| e.action == "sign_in.failed").collect();
    assert!(failures.iter().all(|e| e.ip.is_some() && e.actor_user_id.is_none()), "{failures:?}");
}
