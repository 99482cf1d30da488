//! Matching-event pages: the organiser's form with localised field errors, the participant's desk
//! with recommendations and forms, the schedule review page, the agenda (also in chromium), and
//! who may see which page.

use fantoccini::Locator;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::events_support::{Person, booking_event, event_body, organisation_named, register};
use crate::helpers::{TestApp, csrf_in, spawn_app};

/// A published event where gifu meets VISIONAL; returns the event id.
pub async fn published_event(app: &TestApp) -> String {
    let organiser = Person::new(app, "organiser@colapla.example").await;
    let event = booking_event(app, &organiser, event_body(3, "Asia/Tokyo", None)).await;
    let eid = event["id"].as_str().unwrap().to_owned();
    let visional = Person::new(app, "vendor@colapla.example").await;
    let gifu = Person::new(app, "gifu@colapla.example").await;
    let p_visional = register(app, &visional, &eid).await;
    register(app, &gifu, &eid).await;
    let (status, request) =
        gifu.post(app, &format!("/api/v1/events/{eid}/requests"), json!({"to_participant_id": p_visional})).await;
    assert_eq!(status, 201, "{request}");
    let respond = format!("/api/v1/events/{eid}/requests/{}/respond", request["id"].as_str().unwrap());
    assert_eq!(visional.post(app, &respond, json!({"action": "accept"})).await.0, 200);
    for (path, body) in [("status", json!({"status": "scheduling"})), ("schedule", json!({})), ("publish", json!({}))] {
        let (status, body) = organiser.post(app, &format!("/api/v1/events/{eid}/{path}"), body).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    eid
}

#[tokio::test]
async fn the_organiser_creates_an_event_through_the_form() {
    let app = spawn_app().await;
    let organiser = Person::new(&app, "organiser@colapla.example").await;
    let (status, form) = organiser.page(&app, "/events/new").await;
    assert_eq!(status, 200);
    assert!(form.contains("name=\"slot_minutes\"") && form.contains("Asia&#x2f;Tokyo"), "{form}");

    // Mistakes come back in Japanese, next to the fields, and nothing is stored.
    let response = organiser
        .form(
            &app,
            "/events",
            &[("title_ja", ""), ("starts_on", "2026-12-10"), ("ends_on", "2026-12-10"), ("slot_minutes", "25")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("入力してください") || page.contains("選択肢"), "{page}");
    assert!(page.contains("id=\"title_ja-error\""), "{page}");

    let body = event_body(5, "Asia/Tokyo", Some(3));
    let text = |k: &str| match &body[k] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let opens = chrono::DateTime::parse_from_rfc3339(&text("booking_opens_at")).unwrap();
    let closes = chrono::DateTime::parse_from_rfc3339(&text("booking_closes_at")).unwrap();
    let local = |d: chrono::DateTime<chrono::FixedOffset>| {
        d.with_timezone(&chrono_tz::Asia::Tokyo).format("%Y-%m-%dT%H:%M").to_string()
    };
    let fields = [
        ("title_ja", "フォームの商談会".to_owned()),
        ("starts_on", text("starts_on")),
        ("ends_on", text("ends_on")),
        ("day_start_time", "10:00".to_owned()),
        ("day_end_time", "12:00".to_owned()),
        ("slot_minutes", "30".to_owned()),
        ("breaks", "11:00-11:30".to_owned()),
        ("tables", "3".to_owned()),
        ("booking_opens_at", local(opens)),
        ("booking_closes_at", local(closes)),
        ("participation", "open".to_owned()),
        ("who_meets_who", "vendor_user_company".to_owned()),
        ("request_limit", "3".to_owned()),
    ];
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = organiser.form(&app, "/events", &borrowed).await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let (status, page) = organiser.page(&app, &location).await;
    assert_eq!(status, 200);
    assert!(page.contains("フォームの商談会") && page.contains("商談会をつくりました"), "{page}");
    // 10:00, 10:30, (break), 11:30: three slots.
    assert!(page.contains("<dd>3</dd>"), "{page}");

    // Nobody else may create one.
    let gifu = Person::new(&app, "gifu@colapla.example").await;
    assert_eq!(gifu.page(&app, "/events/new").await.0, 403);
}

#[tokio::test]
async fn a_participant_books_through_the_event_page() {
    let app = spawn_app().await;
    let demo = entities::matching_event::Entity::find().one(&app.state.db).await.unwrap().expect("the demo event");
    let okayama = Person::new(&app, "okayama@colapla.example").await;
    let path = format!("/events/{}", demo.id);
    let (_, page) = okayama.page(&app, &path).await;
    assert!(page.contains(&format!("action=\"{path}/registration\"")), "{page}");
    let response = okayama.form(&app, &format!("{path}/registration"), &[]).await;
    assert_eq!(response.status(), 303);
    let (_, page) = okayama.page(&app, &format!("{path}?notice=registered")).await;
    assert!(page.contains("参加登録しました") && page.contains("おすすめの商談相手"), "{page}");
    assert!(page.contains("ビジョナル株式会社"), "the demo vendors are counterparts: {page}");
    let visional = organisation_named(&app, "ビジョナル株式会社").await;
    let participant = entities::event_participant::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.event_id == demo.id && p.organisation_id == visional.id)
        .unwrap();
    let response = okayama
        .form(
            &app,
            &format!("{path}/requests"),
            &[("to_participant_id", &participant.id.to_string()), ("message", "はじめまして")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = okayama.page(&app, &path).await;
    assert!(page.contains("data-state=\"pending\""), "{page}");
    // VISIONAL sees the request with accept and decline buttons.
    let vendor = Person::new(&app, "vendor@colapla.example").await;
    let (_, page) = vendor.page(&app, &path).await;
    assert!(page.contains("はじめまして") && page.contains("承諾する"), "{page}");
    // The organiser's schedule page is not for participants.
    assert_eq!(vendor.page(&app, &format!("{path}/schedule")).await.0, 403);
    let organiser = Person::new(&app, "organiser@colapla.example").await;
    let (status, page) = organiser.page(&app, &format!("{path}/schedule")).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-figure=\"lower_bound\""), "{page}");
}

#[tokio::test]
async fn agendas_are_personal() {
    let app = spawn_app().await;
    let eid = published_event(&app).await;
    let gifu = Person::new(&app, "gifu@colapla.example").await;
    let (status, page) = gifu.page(&app, &format!("/events/{eid}/agenda")).await;
    assert_eq!(status, 200);
    assert!(page.contains("ビジョナル株式会社") && page.contains("(JST)"), "{page}");
    assert!(page.contains(&format!("/events/{eid}/agenda.ics")));
    // osaka does not take part: no agenda, and no one else's.
    let osaka = Person::new(&app, "osaka@colapla.example").await;
    assert_eq!(osaka.page(&app, &format!("/events/{eid}/agenda")).await.0, 403);
    assert_eq!(osaka.page(&app, &format!("/events/{eid}/agenda.ics")).await.0, 403);
    let participants: Vec<Value> = {
        let organiser = Person::new(&app, "organiser@colapla.example").await;
        organiser.get(&app, &format!("/api/v1/events/{eid}/participants")).await.1.as_array().unwrap().clone()
    };
    let visional = participants.iter().find(|p| p["role"] == "vendor").unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(gifu.page(&app, &format!("/events/{eid}/agenda?participant={visional}")).await.0, 404);
    let _ = csrf_in;
}

#[tokio::test]
async fn a_participants_agenda_in_chromium() {
    let Some(browser) = Browser::start("a_participants_agenda_in_chromium").await else { return };
    let app = spawn_app().await;
    let eid = published_event(&app).await;
    let c = &browser.client;
    // Sign in as the demo small firm (gifu) with the demo button of the sign-in page.
    c.goto(&app.url("/login")).await.unwrap();
    c.find(Locator::Css("button[data-demo-role='user_company']")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("form[action='/logout']")).await.unwrap();
    c.goto(&app.url(&format!("/events/{eid}/agenda"))).await.unwrap();
    let heading = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "わたしの商談日程");
    let items = c.find_all(Locator::Css(".event-agenda__item")).await.unwrap();
    assert_eq!(items.len(), 1);
    let text = items[0].text().await.unwrap();
    assert!(text.contains("ビジョナル株式会社"), "{text}");
    let time = c.find(Locator::Css(".event-agenda__item time")).await.unwrap();
    let shown = time.text().await.unwrap();
    assert!(shown.contains("(JST)") && shown.contains("10:"), "10:xx in Japan time: {shown}");
    let datetime = time.attr("datetime").await.unwrap().unwrap();
    assert!(datetime.contains("T01:"), "stored in UTC: {datetime}");
    let ics = c.find(Locator::Css("a[href$='agenda.ics']")).await.unwrap();
    assert!(ics.is_displayed().await.unwrap());
    browser.client.clone().close().await.unwrap();
}

#[tokio::test]
async fn invitation_events_are_for_those_invited() {
    let app = spawn_app().await;
    let organiser = Person::new(&app, "organiser@colapla.example").await;
    let mut body = event_body(6, "Asia/Tokyo", None);
    body["participation"] = json!("invitation");
    let event = booking_event(&app, &organiser, body).await;
    let path = format!("/events/{}", event["id"].as_str().unwrap());
    let osaka = Person::new(&app, "osaka@colapla.example").await;
    assert_eq!(osaka.page(&app, &path).await.0, 404, "not invited: not there");
    assert_eq!(osaka.post(&app, &format!("/api/v1{path}/registration"), json!({})).await.0, 404);

    let (_, page) = organiser.page(&app, &path).await;
    assert!(page.contains("name=\"organisation_id\""), "{page}");
    let firm = organisation_named(&app, "なにわ運輸株式会社（デモ）").await;
    let response =
        organiser.form(&app, &format!("{path}/invitations"), &[("organisation_id", &firm.id.to_string())]).await;
    assert_eq!(response.status(), 303);

    let (status, page) = osaka.page(&app, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("action=\"{path}/registration\"")), "invited: may register: {page}");
    assert_eq!(osaka.form(&app, &format!("{path}/registration"), &[]).await.status(), 303);
    let (_, page) = osaka.page(&app, &path).await;
    assert!(page.contains("おすすめの商談相手"), "{page}");
}
