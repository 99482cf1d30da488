//! Browser tests: Debian's chromium driven through chromedriver (WebDriver) with fantoccini.
//! Without chromium or chromedriver installed they are skipped with a plain message, except under
//! CI=true, where a missing browser is a failure (`.ci/run` installs both).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::helpers::{report_skip, skips_allowed, spawn_app};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver process and a WebDriver session on it; both end when dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Starts a headless browser, or returns `None` (after saying so) when none is installed.
    pub async fn start(test: &str) -> Option<Self> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(tool).exists() {
                assert!(skips_allowed(), "{tool} is missing and CI=true: install chromium and chromium-driver");
                report_skip(test, &format!("{tool} not found (apt-get install chromium chromium-driver)"));
                return None;
            }
        }
        let port = TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("profile directory");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": CHROMIUM,
                // A Japanese reader's browser: Accept-Language ja.
                "prefs": { "intl.accept_languages": "ja,ja-JP" },
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,900", "--lang=ja",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(connector.clone()).capabilities(capabilities.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(err) if started.elapsed() > Duration::from_secs(20) => panic!("chromedriver did not answer: {err}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Some(Self { client, driver, _profile: profile })
    }
}

#[tokio::test]
async fn landing_page_switches_to_english_in_chromium() {
    let Some(browser) = Browser::start("landing_page_switches_to_english_in_chromium").await else { return };
    let app = spawn_app().await;
    let c = &browser.client;
    c.goto(&app.url("/")).await.unwrap();
    let html = c.find(Locator::Css("html")).await.unwrap();
    assert_eq!(html.attr("lang").await.unwrap().as_deref(), Some("ja"));
    let heading = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert!(!heading.is_ascii(), "a Japanese heading: {heading}");

    c.find(Locator::Css("a[hreflang='en']")).await.expect("a visible language switch").click().await.unwrap();
    c.wait().for_element(Locator::Css("html[lang='en']")).await.unwrap();
    let heading = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert!(heading.is_ascii(), "an English heading: {heading}");

    // The choice is remembered on the next page.
    c.goto(&app.url("/products")).await.unwrap();
    let html = c.find(Locator::Css("html")).await.unwrap();
    assert_eq!(html.attr("lang").await.unwrap().as_deref(), Some("en"));
    let body = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(body.contains("yamory") && body.contains("AeyeScan"), "{body}");
    browser.client.clone().close().await.unwrap();
}

#[tokio::test]
async fn sign_in_with_an_email_link_and_sign_out_in_chromium() {
    let Some(browser) = Browser::start("sign_in_with_an_email_link_and_sign_out_in_chromium").await else { return };
    let app = spawn_app().await;
    let c = &browser.client;
    c.goto(&app.url("/login")).await.unwrap();
    c.find(Locator::Css("input#email")).await.unwrap().send_keys("okayama@colapla.example").await.unwrap();
    c.find(Locator::Css("form[action='/login/email'] button[type='submit']")).await.unwrap().click().await.unwrap();
    c.wait().for_url(&url::Url::parse(&app.url("/login/email/sent")).unwrap()).await.unwrap();

    // The link arrives through the outbox and the file transport, as on the embedded default.
    let token = crate::sign_in::sign_in_token_from_mail(&app, "okayama@colapla.example", 0).await;
    c.goto(&app.url(&format!("/login/email/verify?token={token}"))).await.unwrap();
    c.find(Locator::Id("confirm-sign-in")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("form[action='/logout']")).await.unwrap();
    let main = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(main.contains("okayama@colapla.example"), "{main}");

    c.find(Locator::Css("form[action='/logout'] button")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("a[href='/login']")).await.unwrap();
    c.goto(&app.url("/account")).await.unwrap();
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/login", "signed out: the account page asks to sign in again");
    browser.client.clone().close().await.unwrap();
}
