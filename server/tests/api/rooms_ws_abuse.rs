//! Room abuse and limits: each bad client is refused or closed while the others carry on.

use std::time::{Duration, Instant};

use colapla::rooms::realtime::protocol::{ClientMessage, ErrorCode, Event, MAX_FRAME_BYTES, ServerMessage, close};
use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use crate::helpers::{Options, csrf_in, spawn_app, spawn_app_configured};
use crate::rooms_ws_client::{Join, RoomClient, cookie_for, demo_room_session, refused};

fn chat(text: &str) -> ClientMessage {
    ClientMessage::Chat { text: text.to_owned(), client_id: None }
}

async fn error_code(client: &mut RoomClient) -> ErrorCode {
    match client.next_matching(|m| matches!(m, ServerMessage::Error { .. })).await {
        ServerMessage::Error { code, .. } => code,
        _ => unreachable!(),
    }
}

/// The bystander still receives what the room says.
async fn room_still_works(speaker: &mut RoomClient, bystander: &mut RoomClient, text: &str) {
    speaker.send(&chat(text)).await;
    // Earlier messages (a flood's allowed burst) may come first.
    for _ in 0..100 {
        if bystander.event_of("chat").await.event == (Event::Chat { text: text.to_owned() }) {
            return;
        }
    }
    panic!("the bystander never heard {text}");
}

#[tokio::test]
async fn rooms_ws_abuse_is_refused_without_affecting_others() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let session = demo_room_session(db).await;
    let gifu_c = cookie_for(db, "gifu@colapla.example").await;
    let osaka_c = cookie_for(db, "osaka@colapla.example").await;
    let org_c = cookie_for(db, "organiser@colapla.example").await;
    let mut bystander = RoomClient::join(&app.address, session, &gifu_c, Join::default()).await.unwrap();
    let mut moderator = RoomClient::join(&app.address, session, &org_c, Join::default()).await.unwrap();

    // Refused before the upgrade.
    let foreign = Join { origin: Some("http://evil.example"), ..Join::default() };
    assert_eq!(refused(&app.address, session, &osaka_c, foreign).await, 403, "foreign Origin");
    let no_cookie = Join { no_cookie: true, ..Join::default() };
    // Pages answer "not signed in" with a redirect to the sign-in page.
    assert_eq!(refused(&app.address, session, &osaka_c, no_cookie).await, 303, "no cookie");
    let verifier_c = cookie_for(db, "verifier@colapla.example").await;
    assert_eq!(refused(&app.address, session, &verifier_c, Join::default()).await, 403, "not registered");
    assert_eq!(refused(&app.address, uuid::Uuid::new_v4(), &osaka_c, Join::default()).await, 404, "no session");

    // Bad JSON, an unknown type and a message for another room: an error each, the socket stays.
    let mut osaka = RoomClient::join(&app.address, session, &osaka_c, Join::default()).await.unwrap();
    osaka.send_raw("{not json".to_owned()).await.unwrap();
    assert_eq!(error_code(&mut osaka).await, ErrorCode::BadJson);
    osaka.send_raw(r#"{"type":"teleport"}"#.to_owned()).await.unwrap();
    assert_eq!(error_code(&mut osaka).await, ErrorCode::UnknownType);
    let other_room = format!(r#"{{"type":"chat","text":"x","room":"session:{}"}}"#, uuid::Uuid::new_v4());
    osaka.send_raw(other_room).await.unwrap();
    assert_eq!(error_code(&mut osaka).await, ErrorCode::WrongRoom);
    room_still_works(&mut osaka, &mut bystander, "まだ話せる").await;
    assert_eq!(entities_chat_count(db).await, 1, "nothing refused was stored");

    // An oversize frame closes that socket with 1009.
    osaka.send_raw(format!(r#"{{"type":"chat","text":"{}"}}"#, "a".repeat(MAX_FRAME_BYTES))).await.unwrap();
    assert_eq!(osaka.closed_with().await, Some(close::TOO_BIG));
    room_still_works(&mut moderator, &mut bystander, "1009 の後").await;

    // A flood: rate-limited errors, then closed for abuse.
    let mut flooder = RoomClient::join(&app.address, session, &osaka_c, Join::default()).await.unwrap();
    let started = Instant::now();
    for i in 0..200 {
        if flooder.send_raw(serde_json::to_string(&chat(&format!("flood {i}"))).unwrap()).await.is_err() {
            break;
        }
    }
    let mut rate_limited = 0;
    let code = loop {
        match flooder.next().await {
            Ok(ServerMessage::Error { code: ErrorCode::RateLimited, .. }) => rate_limited += 1,
            Ok(_) => {}
            Err(frame) => break frame.map(|f| u16::from(f.code)),
        }
    };
    assert!(rate_limited > 0, "excess is answered with rate_limited first");
    assert_eq!(code, Some(close::ABUSE));
    // A burst of 20, then 10 a second (default settings) for as long as the flood lasted.
    let allowed = 20 + (10.0 * started.elapsed().as_secs_f64()).ceil() as usize;
    let stored_floods = entities_chat_count(db).await - 2;
    assert!(stored_floods <= allowed, "the rate bounds what a flood stores: {stored_floods} > {allowed}");
    // The bystander got the flood's allowed messages and still hears the room, promptly.
    room_still_works(&mut moderator, &mut bystander, "洪水の後").await;
    assert!(started.elapsed() < Duration::from_secs(30));
}

async fn entities_chat_count(db: &sea_orm::DatabaseConnection) -> usize {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entities::room_event::Entity::find()
        .filter(entities::room_event::Column::Kind.eq("chat"))
        .all(db)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn rooms_ws_sign_out_closes_the_socket() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let session = demo_room_session(db).await;
    let cookie = cookie_for(db, "gifu@colapla.example").await;
    let mut gifu = RoomClient::join(&app.address, session, &cookie, Join::default()).await.unwrap();
    let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = browser.get(app.url("/")).header("Cookie", &cookie).send().await.unwrap().text().await.unwrap();
    let signed_out = browser
        .post(app.url("/logout"))
        .header("Cookie", &cookie)
        .form(&[("csrf_token", csrf_in(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status().as_u16(), 303);
    assert_eq!(gifu.closed_with().await, Some(close::SIGNED_OUT));
    assert_eq!(refused(&app.address, session, &cookie, Join::default()).await, 303, "to the sign-in page");
}

#[tokio::test]
async fn rooms_ws_slow_client_is_closed_while_others_keep_receiving() {
    let app = spawn_app_configured(Options { demo: true }, |s| {
        s.room_messages_per_sec = 100_000;
        s.room_send_queue = 64;
    })
    .await;
    let db = &app.state.db;
    let session = demo_room_session(db).await;
    let (gifu_c, osaka_c, vendor_c) = (
        cookie_for(db, "gifu@colapla.example").await,
        cookie_for(db, "osaka@colapla.example").await,
        cookie_for(db, "vendor@colapla.example").await,
    );
    // The slow client: a tiny receive buffer, and it does not read.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(app.address.trim_start_matches("http://").parse().unwrap()).await.unwrap();
    let mut request =
        format!("{}/ws/sessions/{session}", app.address.replacen("http://", "ws://", 1)).into_client_request().unwrap();
    request.headers_mut().insert("Origin", HeaderValue::from_str(&app.address).unwrap());
    request.headers_mut().insert("Cookie", HeaderValue::from_str(&vendor_c).unwrap());
    let (mut slow, _) = tokio_tungstenite::client_async(request, stream).await.unwrap();

    let mut fast = RoomClient::join(&app.address, session, &osaka_c, Join::default()).await.unwrap();
    let mut speaker = RoomClient::join(&app.address, session, &gifu_c, Join::default()).await.unwrap();
    const MESSAGES: i64 = 1000;
    let big = "あ".repeat(1990);
    let reader = tokio::spawn(async move {
        let started = Instant::now();
        let mut seqs = Vec::new();
        while seqs.len() < MESSAGES as usize {
            seqs.push(fast.event_of("chat").await.seq);
        }
        (seqs, started.elapsed())
    });
    for i in 0..MESSAGES {
        let client_id = Some(i.to_string());
        speaker.send(&ClientMessage::Chat { text: format!("{i}{big}"), client_id: client_id.clone() }).await;
        // The speaker reads as it goes (its own events too), or it would be the slow one.
        if i % 10 == 9 {
            speaker.next_matching(|m| matches!(m, ServerMessage::Ack { client_id: c, .. } if *c == client_id)).await;
        }
    }
    // Now the slow one reads (while the fast one finishes): some events, then a close saying why.
    let slow_reader = tokio::spawn(async move {
        let mut last = 0;
        let code = loop {
            match tokio::time::timeout(Duration::from_secs(20), slow.next()).await.expect("slow client hears") {
                Some(Ok(Message::Text(text))) => {
                    if let Ok(ServerMessage::Event(e)) = serde_json::from_str::<ServerMessage>(&text) {
                        assert_eq!(e.seq, last + 1, "in order up to the close");
                        last = e.seq;
                    }
                }
                Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => {}
                other => panic!("unexpected: {other:?}"),
            }
        };
        (code, last)
    });
    let (seqs, took) = tokio::time::timeout(Duration::from_secs(90), reader).await.expect("fast reader done").unwrap();
    assert_eq!(seqs, (1..=MESSAGES).collect::<Vec<_>>(), "the fast member got everything, in order");
    let (code, last) = slow_reader.await.unwrap();
    assert_eq!(code, Some(close::SLOW));
    assert!(last < MESSAGES, "closed before it got everything ({last})");
    eprintln!("slow client closed after {last} of {MESSAGES}; the fast member took {took:?} for all");

    // It resumes by seq and gets exactly the rest.
    let mut resumed = RoomClient::join(&app.address, session, &vendor_c, Join { since: Some(last), ..Join::default() })
        .await
        .unwrap();
    for expected in last + 1..=MESSAGES {
        assert_eq!(resumed.event_of("chat").await.seq, expected);
    }
}
