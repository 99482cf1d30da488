//! What a session leaves behind and carries with it: the calendar file (UTC times, the join
//! link, CRLF, folding), the reminder the day before (once, however often the timer runs),
//! minutes written by a notes-taker and published after the end, the organisers' export of chat,
//! polls, attendance and minutes (CSV with a BOM and Markdown, Japanese intact), and its deletion.

use chrono::{TimeDelta, TimeZone, Utc};
use entities::session_registration::RegistrationRole;
use entities::{outbox, room_event};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::rooms_sessions_support::*;

#[tokio::test]
async fn the_calendar_file_carries_utc_times_and_the_join_link() {
    let app = spawn().await;
    let group = group_with_moderator(&app, VENDOR).await;
    let starts = Utc.with_ymd_and_hms(2031, 2, 3, 1, 30, 0).unwrap();
    let session = session_at(&app, group.id, starts, 20, false).await;
    let response = app.get(&format!("/sessions/{}/calendar.ics", session.id)).await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/calendar"), "{content_type}");
    let ics = response.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("DTSTART:20310203T013000Z\r\n"), "{ics}");
    assert!(ics.contains("DTEND:20310203T030000Z\r\n"), "{ics}");
    assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "a line over 75 octets was not folded: {line:?}");
    }
    let unfolded = ics.replace("\r\n ", "");
    let room = format!("{}/sessions/{}/room", app.address, session.id);
    assert!(unfolded.contains(&format!("URL:{room}\r\n")), "{unfolded}");
    assert!(unfolded.contains("SUMMARY:取引先からのセキュリティ調査票にどう答えるか"), "{unfolded}");
    assert!(unfolded.contains(&format!("UID:session-{}@127.0.0.1", session.id)));
    // In English, the English title.
    let en = app.get(&format!("/sessions/{}/calendar.ics?lang=en", session.id)).await.text().await.unwrap();
    assert!(en.replace("\r\n ", "").contains("SUMMARY:Answering customers' security questionnaires"), "{en}");
}

#[tokio::test]
async fn the_reminder_the_day_before_is_enqueued_once() {
    let app = spawn().await;
    let group = group_with_moderator(&app, VENDOR).await;
    let soon = session_at(&app, group.id, Utc::now() + TimeDelta::hours(20), 20, false).await;
    let later = session_at(&app, group.id, Utc::now() + TimeDelta::days(3), 20, false).await;
    register_directly(&app, soon.id, FIRM, RegistrationRole::Participant, None).await;
    register_directly(&app, later.id, FIRM, RegistrationRole::Participant, None).await;
    let base = app.state.config.base_url.clone();
    for _ in 0..3 {
        colapla::rooms::reminders::run_once(&app.state.db, &base, Utc::now()).await.unwrap();
    }
    let reminders = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("session_reminder"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(reminders.len(), 1, "one reminder, for the session within 24 hours");
    assert!(reminders[0].idempotency_key.contains(&soon.id.to_string()));
    deliver_mail(&app).await;
    let mail = mail_files(&app)
        .iter()
        .map(|m| decoded(m))
        .find(|m| m.contains(&format!("To: {FIRM}")) && m.contains(&format!("/sessions/{}", soon.id)))
        .expect("the reminder");
    assert!(mail.contains(&format!("/sessions/{}/room", soon.id)), "{mail}");
    assert!(mail.contains("JST"), "the start in the reader's zone: {mail}");
}

async fn event(
    app: &crate::helpers::TestApp,
    room: &str,
    seq: i64,
    kind: &str,
    payload: serde_json::Value,
    author: Option<uuid::Uuid>,
) {
    room_event::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        room_id: sea_orm::Set(room.to_owned()),
        seq: sea_orm::Set(seq),
        kind: sea_orm::Set(kind.to_owned()),
        payload: sea_orm::Set(payload),
        author_user_id: sea_orm::Set(author),
        created_at: sea_orm::Set(Utc::now() - TimeDelta::days(1) + TimeDelta::seconds(seq)),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn minutes_are_written_by_the_notes_taker_and_published_to_the_circle_after_the_end() {
    let app = spawn().await;
    let group = group_with_moderator(&app, ORGANISER).await;
    let upcoming = session_at(&app, group.id, Utc::now() + TimeDelta::days(2), 20, false).await;
    let past = session_at(&app, group.id, Utc::now() - TimeDelta::days(1), 20, false).await;
    for s in [&upcoming, &past] {
        register_directly(&app, s.id, FIRM, RegistrationRole::NotesTaker, None).await;
        register_directly(&app, s.id, OTHER_FIRM, RegistrationRole::Participant, None).await;
    }
    let notes = sign_in(&app, FIRM).await;
    let participant = sign_in(&app, OTHER_FIRM).await;
    let minutes = "## 決定事項\n- 調査票のひな形を作る\n- 次回は1月";
    let (status, body) = send_json(
        &app,
        &notes,
        Method::PUT,
        &format!("/api/v1/sessions/{}/minutes", upcoming.id),
        json!({ "markdown": minutes, "publish": true }),
    )
    .await;
    assert_eq!(status, 409, "not before the end: {body}");
    let (status, _) = send_json(
        &app,
        &participant,
        Method::PUT,
        &format!("/api/v1/sessions/{}/minutes", past.id),
        json!({ "markdown": "改ざん" }),
    )
    .await;
    assert_eq!(status, 403, "participants do not write minutes");

    let (status, _) = send_json(
        &app,
        &notes,
        Method::PUT,
        &format!("/api/v1/sessions/{}/minutes", past.id),
        json!({ "markdown": minutes }),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = get_json(&app, &participant.0, &format!("/api/v1/sessions/{}/minutes", past.id)).await;
    assert_eq!(status, 403, "a draft is for its writers");
    let published = post_form(
        &app,
        &notes,
        &format!("/sessions/{}/minutes", past.id),
        &[("markdown", minutes), ("publish", "true")],
    )
    .await;
    assert_eq!(location(&published), format!("/sessions/{}?notice=minutes_published", past.id));
    let (status, read) = get_json(&app, &participant.0, &format!("/api/v1/sessions/{}/minutes", past.id)).await;
    assert_eq!(status, 200);
    assert_eq!(read["markdown"], minutes);
    assert!(read["published_at"].is_string());
    let html = page(&app, &participant.0, &format!("/sessions/{}", past.id)).await;
    assert!(html.contains("調査票のひな形を作る"), "members read the minutes on the page");
    let vendor = app.client_signed_in_as(VENDOR).await;
    let html = page(&app, &vendor, &format!("/sessions/{}", past.id)).await;
    assert!(!html.contains("調査票のひな形を作る"), "outsiders do not");
    // The public record says there are minutes, without showing them.
    let record = app.get_text(&format!("/sessions/{}/record", past.id)).await.1;
    assert!(!record.contains("調査票のひな形を作る"));
    assert!(record.contains("取引先からのセキュリティ調査票にどう答えるか"));
}

#[tokio::test]
async fn organisers_export_chat_polls_attendance_and_minutes_then_delete_them() {
    let app = spawn().await;
    let group = group_with_moderator(&app, VENDOR).await;
    let session = session_at(&app, group.id, Utc::now() - TimeDelta::days(1), 20, false).await;
    let firm = user(&app, FIRM).await;
    // Attendance as the room records it (`rooms::realtime` sets `attended_at` on a first join).
    register_directly(&app, session.id, FIRM, RegistrationRole::Participant, Some(Utc::now() - TimeDelta::days(1)))
        .await;
    register_directly(&app, session.id, OTHER_FIRM, RegistrationRole::Observer, None).await;
    let room = format!("session:{}", session.id);
    event(&app, &room, 1, "chat", json!({ "text": "よろしくお願いします、皆さん" }), Some(firm.id)).await;
    event(
        &app,
        &room,
        2,
        "poll_opened",
        json!({ "poll_id": "p1", "question": "調査票は届きましたか", "options": ["はい", "いいえ"] }),
        None,
    )
    .await;
    event(&app, &room, 3, "poll_voted", json!({ "poll_id": "p1", "choice": 0 }), Some(firm.id)).await;
    event(&app, &room, 4, "poll_closed", json!({ "poll_id": "p1" }), None).await;
    event(&app, &format!("{room}:group:1"), 1, "chat", json!({ "text": "小部屋での発言" }), Some(firm.id)).await;
    event(&app, "session:someone-else", 1, "chat", json!({ "text": "別の回" }), None).await;
    let mut row = session.clone().into_active_model();
    row.minutes_markdown = sea_orm::Set(Some("## 決定事項\n- 次回は1月".to_owned()));
    row.update(&app.state.db).await.unwrap();

    let moderator = app.client_signed_in_as(VENDOR).await;
    let response = moderator.get(app.url(&format!("/sessions/{}/export.csv", session.id))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");
    let csv = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    assert!(csv.starts_with("section,room,seq,at_utc,who,kind,text,detail\r\n"), "{csv}");
    assert!(csv.contains(&format!(",{},chat,よろしくお願いします、皆さん,", firm.display_name)), "{csv}");
    assert!(csv.contains("小部屋での発言"), "breakout rooms are part of the session");
    assert!(!csv.contains("別の回"), "another session's chat is not");
    assert!(csv.contains("poll_result,,,,,p1,はい,1\r\n"), "{csv}");
    assert!(
        csv.lines().any(|l| l.starts_with("attendance,,,2") && l.contains(",participant,approved,")),
        "the attendee with the time they joined: {csv}"
    );
    assert!(csv.lines().any(|l| l.starts_with("attendance,,,,") && l.contains(",observer,approved,")), "{csv}");
    assert!(csv.contains("\"## 決定事項\n- 次回は1月\""), "{csv}");

    let md = moderator
        .get(app.url(&format!("/sessions/{}/export.md", session.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(md.contains("よろしくお願いします、皆さん"));
    assert!(md.contains("### 調査票は届きましたか\n\n- はい: 1\n- いいえ: 0"), "{md}");
    assert!(md.contains("| 出席 (Attended)") || md.contains("出席 (Attended): 1 / 2"), "{md}");

    // Only the organiser deletes; the moderator may not.
    let moderator_session = sign_in(&app, VENDOR).await;
    let refused = post_form(&app, &moderator_session, &format!("/sessions/{}/delete-data", session.id), &[]).await;
    assert_eq!(refused.status(), 403);
    let organiser = sign_in(&app, ORGANISER).await;
    let deleted = post_form(&app, &organiser, &format!("/sessions/{}/delete-data", session.id), &[]).await;
    assert_eq!(location(&deleted), format!("/sessions/{}?notice=data_deleted", session.id));
    let left = room_event::Entity::find()
        .filter(room_event::Column::RoomId.starts_with(&room))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let kept = room_event::Entity::find()
        .filter(room_event::Column::RoomId.eq("session:someone-else"))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(kept, 1, "other sessions keep their data");
    let csv = moderator
        .get(app.url(&format!("/sessions/{}/export.csv", session.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!csv.contains("よろしくお願いします") && !csv.contains("決定事項"), "{csv}");
    let record = app.get_text(&format!("/sessions/{}/record", session.id)).await.1;
    assert!(record.contains(">1<"), "the number who took part stays on the record: {record}");
    let audit = entities::audit_log::Entity::find()
        .filter(entities::audit_log::Column::Action.eq("session.data_deleted"))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audit, 1, "the deletion is in the audit log");
}
