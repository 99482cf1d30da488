//! Realtime rooms over real websockets: the protocol, resume, moderation and breakouts.

use std::collections::BTreeMap;

use colapla::rooms::realtime::protocol::{ClientMessage, ErrorCode, Event, RoomRole, ServerMessage, close, room_id};

use crate::helpers::spawn_app;
use crate::rooms_ws_client::{Join, RoomClient, cookie_for, demo_room_session, refused, user_id};

fn chat(text: &str) -> ClientMessage {
    ClientMessage::Chat { text: text.to_owned(), client_id: Some(format!("c-{text}")) }
}

#[tokio::test]
async fn rooms_ws_protocol_basics() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let session = demo_room_session(db).await;
    let (gifu_c, osaka_c, org_c) = (
        cookie_for(db, "gifu@colapla.example").await,
        cookie_for(db, "osaka@colapla.example").await,
        cookie_for(db, "organiser@colapla.example").await,
    );
    let mut gifu = RoomClient::join(&app.address, session, &gifu_c, Join::default()).await.unwrap();
    let mut osaka = RoomClient::join(&app.address, session, &osaka_c, Join::default()).await.unwrap();
    let mut moderator = RoomClient::join(&app.address, session, &org_c, Join::default()).await.unwrap();
    assert_eq!(app.state.metrics.websocket_connections.get(), 3, "the gauge counts open sockets");
    let ServerMessage::Welcome { version, room, you, .. } = &gifu.welcome else { unreachable!() };
    assert_eq!((*version, room.as_str(), you.role), (1, room_id(session, None).as_str(), RoomRole::Participant));
    let ServerMessage::Welcome { you, .. } = &moderator.welcome else { unreachable!() };
    assert_eq!(you.role, RoomRole::Moderator, "organisers moderate");

    // Chat: stored with seq 1, acked to the sender, fanned out to everyone.
    gifu.send(&chat("こんにちは")).await;
    let ack = gifu.next_matching(|m| matches!(m, ServerMessage::Ack { .. })).await;
    assert_eq!(ack, ServerMessage::Ack { client_id: Some("c-こんにちは".into()), seq: 1 });
    for client in [&mut osaka, &mut moderator] {
        let e = client.next_event().await;
        assert_eq!((e.seq, e.event.clone()), (1, Event::Chat { text: "こんにちは".into() }));
        assert_eq!(e.author_name.as_deref(), Some(display_name(db, "gifu@colapla.example").await.as_str()));
    }
    let stored = entities::room_event::Entity::find().all(db).await.unwrap();
    assert_eq!(stored.len(), 1, "durable events are in room_event");

    // Only the author or a moderator edits.
    osaka.send(&ClientMessage::EditChat { target: 1, text: "x".into() }).await;
    let refused_edit = osaka.next_matching(|m| matches!(m, ServerMessage::Error { .. })).await;
    assert!(matches!(refused_edit, ServerMessage::Error { code: ErrorCode::Forbidden, .. }));
    gifu.send(&ClientMessage::EditChat { target: 1, text: "こんばんは".into() }).await;
    assert_eq!(osaka.next_event().await.event, Event::ChatEdited { target: 1, text: "こんばんは".into() });

    // Hands queue; only the moderator gives the floor.
    gifu.send(&ClientMessage::RaiseHand).await;
    moderator.event_of("hand_raised").await;
    let gifu_id = user_id(db, "gifu@colapla.example").await;
    osaka.send(&ClientMessage::GiveFloor { user: gifu_id, seconds: 60 }).await;
    assert!(matches!(
        osaka.next_matching(|m| matches!(m, ServerMessage::Error { .. })).await,
        ServerMessage::Error { code: ErrorCode::Forbidden, .. }
    ));
    moderator.send(&ClientMessage::GiveFloor { user: gifu_id, seconds: 60 }).await;
    let floor = osaka.event_of("floor_given").await;
    assert!(matches!(floor.event, Event::FloorGiven { user, seconds: 60, .. } if user == gifu_id));

    // An anonymous poll with results after close: votes reveal neither voter nor choice.
    moderator
        .send(&ClientMessage::OpenPoll {
            question: "次回の日程は？".into(),
            options: vec!["A".into(), "B".into()],
            multiple: false,
            anonymous: true,
            live_results: false,
        })
        .await;
    let poll = gifu.event_of("poll_opened").await.seq;
    gifu.send(&ClientMessage::Vote { poll, choices: vec![1] }).await;
    let vote = osaka.event_of("poll_voted").await;
    assert_eq!(vote.author, None);
    let Event::PollVoted { voter, choices, tally, votes_cast, .. } = vote.event else { panic!("a vote") };
    assert_eq!((voter, choices.len(), tally, votes_cast), (None, 0, None, 1));
    moderator.send(&ClientMessage::ClosePoll { poll }).await;
    let closed = gifu.event_of("poll_closed").await;
    assert_eq!(closed.event, Event::PollClosed { poll, tally: vec![0, 1], votes_cast: 1 });

    // Typing is ephemeral: delivered, not stored.
    let before = entities::room_event::Entity::find().all(db).await.unwrap().len();
    gifu.send(&ClientMessage::Typing).await;
    osaka.next_matching(|m| matches!(m, ServerMessage::Typing { .. })).await;
    assert_eq!(entities::room_event::Entity::find().all(db).await.unwrap().len(), before);

    // Observers listen only.
    let okayama_c = cookie_for(db, "okayama@colapla.example").await;
    let mut observer = RoomClient::join(&app.address, session, &okayama_c, Join::default()).await.unwrap();
    observer.send(&chat("見ているだけ")).await;
    assert!(matches!(
        observer.next_matching(|m| matches!(m, ServerMessage::Error { .. })).await,
        ServerMessage::Error { code: ErrorCode::Forbidden, .. }
    ));

    drop((gifu, osaka, moderator, observer));
    let started = std::time::Instant::now();
    while app.state.metrics.websocket_connections.get() != 0 {
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "the gauge returns to 0");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn display_name(db: &sea_orm::DatabaseConnection, email: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .display_name
}

use sea_orm::EntityTrait;

#[tokio::test]
async fn rooms_ws_resume_gets_exactly_what_was_missed() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let session = demo_room_session(db).await;
    let (gifu_c, osaka_c) =
        (cookie_for(db, "gifu@colapla.example").await, cookie_for(db, "osaka@colapla.example").await);
    let mut osaka = RoomClient::join(&app.address, session, &osaka_c, Join::default()).await.unwrap();
    let mut gifu = RoomClient::join(&app.address, session, &gifu_c, Join::default()).await.unwrap();
    osaka.send(&chat("1")).await;
    assert_eq!(gifu.next_event().await.seq, 1);
    drop(gifu);
    for text in ["2", "3", "4"] {
        osaka.send(&chat(text)).await;
        osaka.next_matching(|m| matches!(m, ServerMessage::Ack { .. })).await;
    }
    let mut gifu =
        RoomClient::join(&app.address, session, &gifu_c, Join { since: Some(1), ..Join::default() }).await.unwrap();
    let missed: Vec<(i64, Event)> = {
        let mut out = Vec::new();
        for _ in 0..3 {
            let e = gifu.next_event().await;
            out.push((e.seq, e.event));
        }
        out
    };
    assert_eq!(
        missed,
        vec![
            (2, Event::Chat { text: "2".into() }),
            (3, Event::Chat { text: "3".into() }),
            (4, Event::Chat { text: "4".into() })
        ]
    );
    // Then live, without repeats.
    osaka.send(&chat("5")).await;
    assert_eq!(gifu.next_event().await.seq, 5);

    // A late joiner gets the recent history in the welcome state.
    let vendor_c = cookie_for(db, "vendor@colapla.example").await;
    let late = RoomClient::join(&app.address, session, &vendor_c, Join::default()).await.unwrap();
    let ServerMessage::Welcome { state, .. } = &late.welcome else { unreachable!() };
    let texts: Vec<&str> = state.chat.iter().map(|l| l.text.as_str()).collect();
    assert_eq!((state.seq, texts), (5, vec!["1", "2", "3", "4", "5"]));
}

#[tokio::test]
async fn rooms_ws_moderation_removes_locks_and_mutes() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let session = demo_room_session(db).await;
    let (gifu_c, osaka_c, org_c) = (
        cookie_for(db, "gifu@colapla.example").await,
        cookie_for(db, "osaka@colapla.example").await,
        cookie_for(db, "organiser@colapla.example").await,
    );
    let mut moderator = RoomClient::join(&app.address, session, &org_c, Join::default()).await.unwrap();
    let mut gifu = RoomClient::join(&app.address, session, &gifu_c, Join::default()).await.unwrap();
    let mut osaka = RoomClient::join(&app.address, session, &osaka_c, Join::default()).await.unwrap();

    moderator.send(&ClientMessage::MuteChat { muted: true }).await;
    gifu.next_event().await;
    gifu.send(&chat("muted?")).await;
    assert!(matches!(
        gifu.next_matching(|m| matches!(m, ServerMessage::Error { .. })).await,
        ServerMessage::Error { code: ErrorCode::Muted, .. }
    ));

    let osaka_id = user_id(db, "osaka@colapla.example").await;
    moderator.send(&ClientMessage::Remove { user: osaka_id }).await;
    assert_eq!(osaka.closed_with().await, Some(close::REMOVED));
    assert_eq!(refused(&app.address, session, &osaka_c, Join::default()).await, 403, "removed people stay out");

    moderator.send(&ClientMessage::Lock { locked: true }).await;
    gifu.next_matching(|m| matches!(m, ServerMessage::Event(e) if matches!(e.event, Event::RoomLocked { .. }))).await;
    drop(gifu);
    assert_eq!(refused(&app.address, session, &gifu_c, Join::default()).await, 409, "a locked room refuses joins");
    // Moderators still enter.
    RoomClient::join(&app.address, session, &org_c, Join::default()).await.unwrap();
}

#[tokio::test]
async fn rooms_ws_breakouts_split_broadcast_and_recall() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let session = demo_room_session(db).await;
    let (gifu_c, osaka_c, org_c) = (
        cookie_for(db, "gifu@colapla.example").await,
        cookie_for(db, "osaka@colapla.example").await,
        cookie_for(db, "organiser@colapla.example").await,
    );
    let (gifu_id, osaka_id) = (user_id(db, "gifu@colapla.example").await, user_id(db, "osaka@colapla.example").await);
    let mut moderator = RoomClient::join(&app.address, session, &org_c, Join::default()).await.unwrap();
    let group = |g| Join { group: Some(g), ..Join::default() };
    assert_eq!(refused(&app.address, session, &gifu_c, group(1)).await, 403, "no breakout yet");

    let assignment = BTreeMap::from([(gifu_id, 1), (osaka_id, 2)]);
    moderator.send(&ClientMessage::StartBreakout { groups: 2, assignment, minutes: 10 }).await;
    moderator.next_event().await;
    let mut gifu = RoomClient::join(&app.address, session, &gifu_c, group(1)).await.unwrap();
    let mut osaka = RoomClient::join(&app.address, session, &osaka_c, group(2)).await.unwrap();
    assert_eq!(refused(&app.address, session, &gifu_c, group(2)).await, 403, "only your own group");

    // A group is a room of its own.
    gifu.send(&chat("グループ1")).await;
    let e = gifu.next_event().await;
    assert_eq!((e.room, e.seq), (room_id(session, Some(1)), 1));

    moderator.send(&ClientMessage::BroadcastToGroups { text: "残り5分".into() }).await;
    assert_eq!(osaka.next_event().await.event, Event::BreakoutBroadcast { text: "残り5分".into() });
    assert_eq!(gifu.next_event().await.event, Event::BreakoutBroadcast { text: "残り5分".into() });

    moderator.send(&ClientMessage::RecallBreakout).await;
    assert_eq!(osaka.next_event().await.event, Event::BreakoutRecalled);
    assert_eq!(gifu.next_event().await.event, Event::BreakoutRecalled);
}

#[tokio::test]
async fn rooms_ws_room_page_is_for_members() {
    let app = spawn_app().await;
    let session = demo_room_session(&app.state.db).await;
    let path = format!("/sessions/{session}/room");
    let gifu = app.client_signed_in_as("gifu@colapla.example").await;
    let page = gifu.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("room-chat-form") && html.contains("/static/js/room.js"));
    assert!(!html.contains("room-mod-heading"), "no moderator controls for a participant");
    let listing = gifu.get(app.url("/working-groups")).send().await.unwrap().text().await.unwrap();
    assert!(listing.contains(&path), "the working groups page links to the room");
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let html = organiser.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("room-mod-heading"), "moderator controls for the organiser");
    let verifier = app.client_signed_in_as("verifier@colapla.example").await;
    assert_eq!(verifier.get(app.url(&path)).send().await.unwrap().status().as_u16(), 403);
    let js = app.get("/static/js/room.js").await;
    assert_eq!(js.status().as_u16(), 200);
}
