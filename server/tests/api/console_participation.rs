//! The console's participation, event and mail figures against rows written for the test:
//! registrations and attendance, chat messages and polls from the room log, meeting requests and
//! meetings with outcomes, failed mail with its reason, and unsubscribes.

use chrono::{Duration, Utc};
use entities::{
    event_participant, mail_preference, matching_event, meeting, meeting_request, outbox, room_event,
    session_registration, wg_session,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::console_funnel::organisation_of;
use crate::helpers::{TestApp, spawn_app};

async fn user_id(app: &TestApp, email: &str) -> Uuid {
    entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect(email)
        .id
}

async fn room_event(app: &TestApp, room: String, seq: i64, kind: &str) {
    room_event::ActiveModel {
        room_id: sea_orm::Set(room),
        seq: sea_orm::Set(seq),
        kind: sea_orm::Set(kind.to_owned()),
        payload: sea_orm::Set(serde_json::json!({ "text": "こんにちは" })),
        author_user_id: sea_orm::Set(None),
        created_at: sea_orm::Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn sessions_count_registrations_attendance_messages_and_polls() {
    let app = spawn_app().await;
    let session = wg_session::Entity::find()
        .filter(wg_session::Column::ReportedParticipants.is_null())
        .order_by_asc(wg_session::Column::StartsAt)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("a working-group session of the demo");
    for (i, email) in ["gifu@colapla.example", "osaka@colapla.example", "vendor@colapla.example"].iter().enumerate() {
        session_registration::Model {
            id: Uuid::now_v7(),
            session_id: session.id,
            user_id: user_id(&app, email).await,
            role: session_registration::RegistrationRole::Participant,
            status: session_registration::RegistrationStatus::Approved,
            attended_at: (i < 2).then(Utc::now),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
        .into_active_model()
        .reset_all()
        .insert(&app.state.db)
        .await
        .unwrap();
    }
    let room = format!("session:{}", session.id);
    room_event(&app, room.clone(), 1, "chat").await;
    room_event(&app, room.clone(), 2, "chat").await;
    room_event(&app, room.clone(), 3, "poll_opened").await;
    room_event(&app, room.clone(), 4, "hand_raised").await;
    room_event(&app, format!("{room}:group:2"), 1, "chat").await;

    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let body: serde_json::Value =
        organiser.get(app.url("/api/v1/console/sessions")).send().await.unwrap().json().await.unwrap();
    let row = body["items"].as_array().unwrap().iter().find(|r| r["id"] == session.id.to_string()).unwrap().clone();
    assert_eq!(row["registrations"], 3);
    assert_eq!(row["attended"], 2);
    assert_eq!(row["participants"], 2, "no reported figure: those who attended");
    assert_eq!(row["messages"], 3, "chat in the room and its breakout group");
    assert_eq!(row["polls"], 1);
    assert_eq!(row["minutes_published"], session.minutes_published_at.is_some());
}

#[tokio::test]
async fn events_count_requests_acceptance_meetings_and_outcomes() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let organiser_org = organisation_of(&app, "organiser@colapla.example").await;
    let now = Utc::now();
    let event = matching_event::Model {
        id: Uuid::now_v7(),
        organiser_organisation_id: organiser_org,
        title_ja: "岐阜商談会".into(),
        title_en: Some("Gifu matching day".into()),
        description: None,
        time_zone: "Asia/Tokyo".into(),
        starts_on: now.date_naive() + Duration::days(10),
        ends_on: now.date_naive() + Duration::days(10),
        slot_minutes: 30,
        day_start_time: "10:00".into(),
        day_end_time: "17:00".into(),
        breaks: serde_json::json!([]),
        tables: 4,
        online: true,
        booking_opens_at: now,
        booking_closes_at: now + Duration::days(5),
        participation: matching_event::Participation::Open,
        who_meets_who: serde_json::json!({}),
        request_limit: None,
        status: matching_event::MatchingEventStatus::Published,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await
    .unwrap();
    let mut participants = Vec::new();
    for email in ["vendor@colapla.example", "gifu@colapla.example", "osaka@colapla.example", "okinawa@colapla.example"]
    {
        let p = event_participant::Model {
            id: Uuid::now_v7(),
            event_id: event.id,
            organisation_id: organisation_of(&app, email).await,
            user_id: Some(user_id(&app, email).await),
            role: if email.starts_with("vendor") {
                event_participant::ParticipantRole::Vendor
            } else {
                event_participant::ParticipantRole::UserCompany
            },
            status: event_participant::ParticipantStatus::Registered,
            video_url: None,
            created_at: now,
        }
        .into_active_model()
        .reset_all()
        .insert(db)
        .await
        .unwrap();
        participants.push(p.id);
    }
    use meeting_request::MeetingRequestState::*;
    let mut accepted = Vec::new();
    for (to, state) in [(participants[1], Accepted), (participants[2], Accepted), (participants[3], Declined)] {
        let r = meeting_request::Model {
            id: Uuid::now_v7(),
            event_id: event.id,
            from_participant_id: participants[0],
            to_participant_id: to,
            message: None,
            must_meet: false,
            state,
            created_at: now,
            responded_at: Some(now),
        }
        .into_active_model()
        .reset_all()
        .insert(db)
        .await
        .unwrap();
        if state == Accepted {
            accepted.push(r.id);
        }
    }
    for (i, (request, status, outcome)) in [
        (accepted[0], meeting::MeetingStatus::Held, Some(meeting::MeetingOutcome::Agreement)),
        (accepted[1], meeting::MeetingStatus::Published, None),
    ]
    .into_iter()
    .enumerate()
    {
        meeting::Model {
            id: Uuid::now_v7(),
            event_id: event.id,
            request_id: request,
            slot_id: None,
            table_no: Some(i as i32 + 1),
            join_url: None,
            status,
            outcome,
            created_at: now,
            updated_at: now,
        }
        .into_active_model()
        .reset_all()
        .insert(db)
        .await
        .unwrap();
    }

    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let body: serde_json::Value =
        organiser.get(app.url("/api/v1/console/events?lang=en")).send().await.unwrap().json().await.unwrap();
    let row = body["items"].as_array().unwrap().iter().find(|r| r["id"] == event.id.to_string()).unwrap().clone();
    assert_eq!(row["title"], "Gifu matching day");
    assert_eq!(
        (row["requests"].as_u64(), row["accepted"].as_u64(), row["declined"].as_u64()),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(row["acceptance_pct"], 66.7);
    assert_eq!(row["meetings_held"], 1);
    assert_eq!(row["outcome_agreement"], 1);
    let csv = organiser.get(app.url("/console/export/events?lang=ja")).send().await.unwrap().text().await.unwrap();
    let rows = colapla::console::csv::parse(&csv).unwrap();
    let line = rows.iter().find(|r| r[1] == "岐阜商談会").expect("the event in the export");
    assert_eq!(line[2..7], ["3", "2", "1", "66.7", "1"]);
}

#[tokio::test]
async fn mail_health_shows_failures_with_their_reason_and_unsubscribes() {
    let app = spawn_app().await;
    let now = Utc::now();
    outbox::ActiveModel {
        idempotency_key: sea_orm::Set("console-test:failed".into()),
        message_id: sea_orm::Set("<console-test@localhost>".into()),
        template: sea_orm::Set("test_message".into()),
        recipient_email: sea_orm::Set("nobody@example.jp".into()),
        recipient_user_id: sea_orm::Set(None),
        locale: sea_orm::Set(entities::app_user::Locale::Ja),
        payload: sea_orm::Set(serde_json::json!({ "note": "x" })),
        essential: sea_orm::Set(true),
        state: sea_orm::Set(outbox::OutboxState::Failed),
        attempts: sea_orm::Set(8),
        next_attempt_at: sea_orm::Set(now),
        lease_owner: sea_orm::Set(None),
        lease_until: sea_orm::Set(None),
        last_error: sea_orm::Set(Some("550 5.1.1 mailbox unavailable".into())),
        created_at: sea_orm::Set(now),
        sent_at: sea_orm::Set(None),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    mail_preference::Model {
        user_id: user_id(&app, "okayama@colapla.example").await,
        leads: true,
        reminders: false,
        digests: true,
        unsubscribed_all_at: Some(now),
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();

    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let mail: serde_json::Value =
        organiser.get(app.url("/api/v1/console/mail")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mail["failed"], 1);
    assert_eq!(mail["unsubscribed_all"], 1);
    assert_eq!(mail["reminders_off"], 1);
    assert_eq!(mail["failures"][0]["reason"], "550 5.1.1 mailbox unavailable");
    assert!(mail["failures"][0].get("recipient_email").is_none(), "no address in the console");
    let page = organiser.get(app.url("/console/mail")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("550 5.1.1 mailbox unavailable"));
    assert!(!page.contains("nobody@example.jp"));
}
