//! The room in real browsers: two chromium sessions in one room chat, one raises a hand, the
//! moderator gives the floor. Skipped (with a plain message) without chromium, except under CI=true.

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::browser::Browser;
use crate::helpers::spawn_app;
use crate::rooms_ws_client::demo_room_session;

/// Signs in with the login page's one-click demo buttons (demo data, loopback base URL).
async fn sign_in(c: &Client, base: &str, role: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Css(&format!("button[data-demo-role='{role}']"))).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("form[action='/logout']")).await.unwrap();
}

/// Waits until the element's text contains `needle`.
async fn wait_text(c: &Client, css: &str, needle: &str) {
    let started = std::time::Instant::now();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && e.text().await.is_ok_and(|t| t.contains(needle))
        {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "{css} never showed {needle:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn rooms_ws_two_browsers_chat_raise_a_hand_and_get_the_floor() {
    let Some(participant) = Browser::start("rooms_ws_two_browsers_chat_raise_a_hand_and_get_the_floor").await else {
        return;
    };
    let Some(moderator) = Browser::start("rooms_ws_two_browsers_chat_raise_a_hand_and_get_the_floor").await else {
        return;
    };
    let app = spawn_app().await;
    let session = demo_room_session(&app.state.db).await;
    let room = app.url(&format!("/sessions/{session}/room"));
    let (p, m) = (&participant.client, &moderator.client);
    sign_in(p, &app.address, "user_company").await; // gifu@, a registered participant
    sign_in(m, &app.address, "organiser").await;
    // The participant on a phone-sized window.
    p.set_window_size(360, 800).await.unwrap();
    p.goto(&room).await.unwrap();
    m.goto(&room).await.unwrap();
    wait_text(p, "#room-status", "接続しました").await;
    wait_text(m, "#room-status", "接続しました").await;

    // Chat, typed and sent with the keyboard.
    let input = p.find(Locator::Id("room-chat-text")).await.unwrap();
    input.send_keys("ブラウザからこんにちは").await.unwrap();
    input.send_keys("\u{E007}").await.unwrap(); // Enter
    wait_text(m, "#room-log", "ブラウザからこんにちは").await;
    wait_text(p, "#room-log", "ブラウザからこんにちは").await;

    // A raised hand shows in the moderator's queue; the moderator gives the floor.
    p.find(Locator::Id("room-hand")).await.unwrap().click().await.unwrap();
    wait_text(m, "#room-hands", "加藤 正樹").await;
    m.wait().for_element(Locator::Css("[data-give-floor]")).await.unwrap().click().await.unwrap();
    wait_text(p, "#room-floor", "あなたの発言の番です").await;
    wait_text(m, "#room-floor", "発言中").await;
    if std::env::var("ROOM_SCREENSHOT").is_ok() {
        std::fs::write("/tmp/room-360.png", p.screenshot().await.unwrap()).unwrap();
        std::fs::write("/tmp/room-moderator.png", m.screenshot().await.unwrap()).unwrap();
    }
}
