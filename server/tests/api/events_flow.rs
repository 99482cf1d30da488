//! The whole life of a matching event through the API: create → register → request →
//! accept / decline / withdraw / limit / no-thanks / expiry → schedule → review move and swap →
//! publish (mail) → agendas and ICS → reminders (outbox and .eml files) → outcomes → numbers.

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use entities::{event_slot, matching_event, meeting, need, need_match, outbox, product};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::events_support::{Person, booking_event, event_body, member_of, organisation_named, register};
use crate::helpers::{Options, TestApp, spawn_app_configured};

async fn outbox_rows(app: &TestApp, template: &str) -> Vec<outbox::Model> {
    outbox::Entity::find().filter(outbox::Column::Template.eq(template)).all(&app.state.db).await.unwrap()
}

fn eml_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

/// The stored matches between gifu's needs and yamory; one is stored (as the matching service
/// would) when the service has proposed none.
async fn gifu_yamory_matches(app: &TestApp, gifu_org: Uuid) -> Vec<need_match::Model> {
    let needs: Vec<Uuid> = need::Entity::find()
        .filter(need::Column::OrganisationId.eq(gifu_org))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.id)
        .collect();
    let yamory =
        product::Entity::find().filter(product::Column::Name.eq("yamory")).one(&app.state.db).await.unwrap().unwrap();
    let find = || {
        need_match::Entity::find()
            .filter(need_match::Column::NeedId.is_in(needs.clone()))
            .filter(need_match::Column::ProductId.eq(yamory.id))
            .all(&app.state.db)
    };
    let found = find().await.unwrap();
    if !found.is_empty() {
        return found;
    }
    let now = Utc::now();
    need_match::ActiveModel {
        id: Set(Uuid::now_v7()),
        need_id: Set(needs[0]),
        product_id: Set(yamory.id),
        score: Set(12_000),
        reasons: Set(json!([{"kind": "nationwide", "points": 2000}, {"kind": "otasuketai_caps", "points": 1000}])),
        state: Set(need_match::MatchState::Proposed),
        user_interested_at: Set(None),
        vendor_interested_at: Set(None),
        introduced_at: Set(None),
        state_changed_at: Set(now),
        meeting_at: Set(None),
        lead_mailed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    find().await.unwrap()
}

async fn send(app: &TestApp, base: &str, who: &Person, to: &str, must: bool) -> (u16, Value) {
    let body = json!({"to_participant_id": to, "message": "よろしくお願いします", "must_meet": must});
    who.post(app, &format!("{base}/requests"), body).await
}

async fn respond(app: &TestApp, base: &str, who: &Person, request: &Value, action: &str) -> (u16, Value) {
    who.post(app, &format!("{base}/requests/{}/respond", id(request)), json!({ "action": action })).await
}

#[tokio::test]
async fn an_event_runs_from_booking_to_outcomes() {
    let app = spawn_app_configured(Options { demo: true }, |raw| raw.mail_poll_interval_ms = 50).await;
    let organiser = Person::new(&app, "organiser@colapla.example").await;

    // Field errors come back as problem+json.
    let mut bad = event_body(3, "Asia/Tokyo", Some(2));
    bad["slot_minutes"] = json!(25);
    let (status, problem) = organiser.post(&app, "/api/v1/events", bad).await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem.to_string().contains("slot_minutes"), "{problem}");

    let event = booking_event(&app, &organiser, event_body(3, "Asia/Tokyo", Some(2))).await;
    let eid = id(&event);
    assert_eq!(event["slots"].as_array().unwrap().len(), 5);
    assert_eq!(event["status"], "booking");
    let base = format!("/api/v1/events/{eid}");

    // People: demo accounts, plus members for the second and third vendors.
    let spline = organisation_named(&app, "株式会社スプライン・ネットワーク").await;
    let alaxala = organisation_named(&app, "アラクサラネットワークス株式会社").await;
    let gifu_org = organisation_named(&app, "株式会社ひだまり精工（デモ）").await;
    let visional = Person::new(&app, "vendor@colapla.example").await;
    let spline_p = Person::new(&app, &member_of(&app, spline.id, "spline@example.jp").await).await;
    let alaxala_p = Person::new(&app, &member_of(&app, alaxala.id, "alaxala@example.jp").await).await;
    let gifu = Person::new(&app, "gifu@colapla.example").await;
    let osaka = Person::new(&app, "osaka@colapla.example").await;
    let okayama = Person::new(&app, "okayama@colapla.example").await;
    let iwate = Person::new(&app, "iwate@colapla.example").await;

    // A vendor without a verified product may not take part.
    let unverified = entities::organisation::Model {
        id: Uuid::now_v7(),
        kind: entities::organisation::OrganisationKind::Vendor,
        status: entities::organisation::OrganisationStatus::Active,
        name: "未検証ベンダー".into(),
        name_en: None,
        prefecture_code: None,
        industry_code: None,
        size_band_code: None,
        employees: None,
        website: None,
        description: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    let newcomer = Person::new(&app, &member_of(&app, unverified.id, "new-vendor@example.jp").await).await;
    let (status, _) = newcomer.post(&app, &format!("{base}/registration"), json!({})).await;
    assert_eq!(status, 403, "a vendor needs a current green or blue verification");
    // The organiser is not a participant.
    let (status, _) = organiser.post(&app, &format!("{base}/registration"), json!({})).await;
    assert_eq!(status, 403);

    let yamory_matches = gifu_yamory_matches(&app, gifu_org.id).await;
    let p_visional = register(&app, &visional, &eid).await;
    let p_spline = register(&app, &spline_p, &eid).await;
    let p_alaxala = register(&app, &alaxala_p, &eid).await;
    let _p_gifu = register(&app, &gifu, &eid).await;
    let p_osaka = register(&app, &osaka, &eid).await;
    let _p_okayama = register(&app, &okayama, &eid).await;
    let p_iwate = register(&app, &iwate, &eid).await;
    assert_eq!(register(&app, &visional, &eid).await, p_visional, "registering twice changes nothing");

    // gifu sees VISIONAL first, with the matching engine's reasons in Japanese.
    let (status, me) = gifu.get(&app, &format!("{base}/me")).await;
    assert_eq!(status, 200, "{me}");
    let counterparts = me["counterparts"].as_array().unwrap();
    assert_eq!(counterparts.len(), 3, "the three vendors, never the other user companies: {me}");
    let best = yamory_matches.iter().max_by_key(|m| m.score).unwrap();
    let visional_row = counterparts.iter().find(|c| c["participant_id"] == p_visional.as_str()).unwrap();
    assert!(visional_row["score"].as_i64().unwrap() >= best.score, "{me}");
    assert!(counterparts[0]["score"].as_i64() >= visional_row["score"].as_i64(), "best first: {me}");
    let reasons = visional_row["reasons"].as_array().unwrap();
    assert!(!reasons.is_empty() && reasons.iter().all(|r| !r.as_str().unwrap().is_ascii()), "in Japanese: {me}");
    assert_eq!(me["requests_left"], 2);

    let (status, r1) = send(&app, &base, &gifu, &p_visional, true).await;
    assert_eq!(status, 201, "{r1}");
    let (status, r2) = send(&app, &base, &gifu, &p_spline, false).await;
    assert_eq!(status, 201, "{r2}");
    // The limit of two, then room again after a withdrawal.
    let (status, refused) = send(&app, &base, &gifu, &p_alaxala, false).await;
    assert_eq!(status, 409, "{refused}");
    let (status, again) = send(&app, &base, &gifu, &p_visional, false).await;
    assert_eq!(status, 409, "one request a pair: {again}");
    let (status, same_side) = send(&app, &base, &gifu, &p_osaka, false).await;
    assert_eq!(status, 409, "user companies meet vendors: {same_side}");
    // Only the recipient answers; others do not even see the request.
    assert_eq!(respond(&app, &base, &gifu, &r2, "accept").await.0, 403);
    assert_eq!(respond(&app, &base, &osaka, &r2, "accept").await.0, 404);
    assert_eq!(respond(&app, &base, &gifu, &r2, "withdraw").await.0, 200);
    let (status, r3) = send(&app, &base, &gifu, &p_alaxala, false).await;
    assert_eq!(status, 201, "{r3}");
    let (status, declined) = respond(&app, &base, &alaxala_p, &r3, "decline").await;
    assert_eq!((status, declined["state"].as_str()), (200, Some("declined")));
    assert_eq!(respond(&app, &base, &alaxala_p, &r3, "accept").await.0, 409, "an answer is final");

    let (_, r4) = send(&app, &base, &osaka, &p_visional, false).await;
    let (_, r5) = send(&app, &base, &okayama, &p_visional, false).await;
    let (_, r6) = send(&app, &base, &okayama, &p_spline, false).await;
    let (_, r7) = send(&app, &base, &iwate, &p_spline, false).await;
    let (status, r8) = send(&app, &base, &iwate, &p_visional, false).await;
    assert_eq!(status, 201, "{r8}");
    for (who, r) in [(&visional, &r1), (&visional, &r4), (&visional, &r5), (&spline_p, &r6), (&spline_p, &r7)] {
        let (status, body) = respond(&app, &base, who, r, "accept").await;
        assert_eq!(status, 200, "{body}");
    }

    // No-thanks: iwate does not want ALAXALA, which can then not ask.
    let (status, _) =
        iwate.put(&app, &format!("{base}/preferences"), json!({"must_meet": [], "no_thanks": [p_alaxala]})).await;
    assert_eq!(status, 204);
    let (status, _) = send(&app, &base, &alaxala_p, &p_iwate, false).await;
    assert_eq!(status, 409);
    let (_, iwate_me) = iwate.get(&app, &format!("{base}/me")).await;
    assert!(!iwate_me["counterparts"].to_string().contains(&p_alaxala), "{iwate_me}");

    // osaka cannot meet in the first slot.
    let slot_ids: Vec<String> = event["slots"].as_array().unwrap().iter().map(id).collect();
    let (status, saved) = osaka.put(&app, &format!("{base}/unavailability"), json!({"slot_ids": [slot_ids[0]]})).await;
    assert_eq!((status, saved), (200, json!([slot_ids[0]])));
    let (status, _) = osaka.put(&app, &format!("{base}/unavailability"), json!({"slot_ids": [Uuid::now_v7()]})).await;
    assert_eq!(status, 422);

    // Booking closes: iwate's request to VISIONAL, still pending, expires (read on the next load).
    let stored =
        matching_event::Entity::find_by_id(eid.parse::<Uuid>().unwrap()).one(&app.state.db).await.unwrap().unwrap();
    let mut closing = stored.into_active_model();
    closing.booking_closes_at = Set(Utc::now() - Duration::seconds(1));
    closing.update(&app.state.db).await.unwrap();
    let base_url = app.state.config.base_url.clone();
    let tick = colapla::events::jobs::tick(&app.state.db, &base_url, Utc::now()).await.unwrap();
    assert!(tick.expired >= 1, "the timer expires it: {tick:?}");
    let (_, iwate_me) = iwate.get(&app, &format!("{base}/me")).await;
    let sent = iwate_me["sent"].as_array().unwrap();
    assert!(sent.iter().any(|r| r["id"] == r8["id"] && r["state"] == "expired"), "{iwate_me}");
    assert_eq!(respond(&app, &base, &visional, &r8, "accept").await.0, 409, "too late to answer");

    // Scheduling: only the organiser.
    let (status, _) = organiser.post(&app, &format!("{base}/status"), json!({"status": "scheduling"})).await;
    assert_eq!(status, 200);
    assert_eq!(visional.post(&app, &format!("{base}/schedule"), json!({})).await.0, 403);
    let (status, schedule) = organiser.post(&app, &format!("{base}/schedule"), json!({})).await;
    assert_eq!(status, 200, "{schedule}");
    // VISIONAL has three meetings (Δ = 3), five meetings on two tables need three slots.
    assert_eq!(schedule["meetings_total"], 5);
    assert_eq!(schedule["meetings_placed"], 5);
    assert_eq!(schedule["lower_bound"], 3);
    assert_eq!(schedule["slots_used"], 3);
    assert_eq!(schedule["must_meets_placed"], 1);
    assert_eq!(schedule["optimal"], true);
    assert!(schedule["unplaced"].as_array().unwrap().is_empty());
    let meetings = schedule["meetings"].as_array().unwrap().clone();
    assert!(
        meetings.iter().all(|m| !(m["a"].as_str().unwrap().contains("なにわ") && m["slot_id"] == slot_ids[0].as_str())),
        "osaka is never in the first slot"
    );
    let in_slot = |slot: &str| meetings.iter().filter(|m| m["slot_id"] == slot).count();
    assert!(slot_ids.iter().all(|s| in_slot(s) <= 2), "two tables");

    // Review: a move into a clash is refused whole; a move to an empty slot is applied.
    let visional_meetings: Vec<&Value> =
        meetings.iter().filter(|m| m["b"].as_str().unwrap().contains("ビジョナル")).collect();
    assert_eq!(visional_meetings.len(), 3);
    let (m_a, m_b) = (visional_meetings[0], visional_meetings[1]);
    let (status, clash) = organiser
        .post(
            &app,
            &format!("{base}/schedule/move"),
            json!({"meeting_id": m_a["meeting_id"], "slot_id": m_b["slot_id"], "table_no": 2}),
        )
        .await;
    assert_eq!(status, 409, "{clash}");
    assert!(clash.to_string().contains("DoubleBooking"), "{clash}");
    let empty = slot_ids.iter().skip(1).find(|s| in_slot(s) == 0).expect("an unused slot osaka can attend").clone();
    let (status, moved) = organiser
        .post(
            &app,
            &format!("{base}/schedule/move"),
            json!({"meeting_id": m_a["meeting_id"], "slot_id": empty, "table_no": 1}),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    let after: Vec<Value> = moved["meetings"].as_array().unwrap().clone();
    assert!(after.iter().any(|m| m["meeting_id"] == m_a["meeting_id"] && m["slot_id"] == empty.as_str()));
    assert_eq!(moved["slots_used"], 4);

    // A swap of two meetings with no one in common, where nobody is away, is applied.
    let people = |m: &Value| [m["a"].as_str().unwrap().to_owned(), m["b"].as_str().unwrap().to_owned()];
    let busy = |who: &str, slot: &Value, except: [&Value; 2]| {
        after.iter().any(|m| {
            m["slot_id"] == *slot
                && !except.iter().any(|e| e["meeting_id"] == m["meeting_id"])
                && people(m).iter().any(|p| p == who)
        })
    };
    // osaka (なにわ) is away in the first slot.
    let may_go = |who: &str, slot: &Value, pair: [&Value; 2]| {
        let away = who.contains("なにわ") && *slot == slot_ids[0].as_str();
        !(busy(who, slot, pair) || away)
    };
    let swappable = after.iter().enumerate().find_map(|(i, x)| {
        after.iter().skip(i + 1).find_map(|y| {
            let ok = x["slot_id"] != y["slot_id"]
                && people(x).iter().all(|p| may_go(p, &y["slot_id"], [x, y]))
                && people(y).iter().all(|p| may_go(p, &x["slot_id"], [x, y]));
            ok.then(|| (x.clone(), y.clone()))
        })
    });
    let (x, y) = swappable.expect("two meetings that can swap");
    let (status, swapped) = organiser
        .post(&app, &format!("{base}/schedule/swap"), json!({"a": x["meeting_id"], "b": y["meeting_id"]}))
        .await;
    assert_eq!(status, 200, "{swapped}");
    let slot_of = |view: &Value, m: &Value| {
        view["meetings"].as_array().unwrap().iter().find(|z| z["meeting_id"] == m["meeting_id"]).unwrap()["slot_id"]
            .clone()
    };
    assert_eq!((slot_of(&swapped, &x), slot_of(&swapped, &y)), (y["slot_id"].clone(), x["slot_id"].clone()));

    // Publication: one mail a registered participant, in the same transaction.
    let (status, published) = organiser.post(&app, &format!("{base}/publish"), json!({})).await;
    assert_eq!((status, published["status"].as_str()), (200, Some("published")), "{published}");
    assert_eq!(outbox_rows(&app, "event_published").await.len(), 7);
    assert_eq!(organiser.post(&app, &format!("{base}/publish"), json!({})).await.0, 409);

    // Agendas: VISIONAL's three meetings in time order; nobody else sees them.
    let (status, agenda) = visional.get(&app, &format!("{base}/participants/{p_visional}/agenda")).await;
    assert_eq!(status, 200, "{agenda}");
    let items = agenda["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 3);
    let starts: Vec<DateTime<Utc>> = items.iter().map(|i| i["starts_at"].as_str().unwrap().parse().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(gifu.get(&app, &format!("{base}/participants/{p_visional}/agenda")).await.0, 404);
    assert_eq!(organiser.get(&app, &format!("{base}/participants/{p_visional}/agenda")).await.0, 200);

    // ICS: each meeting in UTC with Z; 10:00 JST is 01:00 UTC.
    let response = visional.client.get(app.url(&format!("/events/{eid}/agenda.ics"))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = response.text().await.unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{ics}");
    for start in &starts {
        assert!(ics.contains(&format!("DTSTART:{}\r\n", start.format("%Y%m%dT%H%M%SZ"))), "{ics}");
        let local = start.with_timezone(&chrono_tz::Asia::Tokyo);
        assert!(
            local.format("%H:%M").to_string().as_str() >= "10:00"
                && local.format("%H:%M").to_string().as_str() < "11:40"
        );
    }

    // Join links: only the meeting's own participants, only http(s).
    let first = &items[0];
    let join = format!("{base}/meetings/{}/join-url", first["meeting_id"].as_str().unwrap());
    assert_eq!(visional.put(&app, &join, json!({"join_url": "javascript:alert(1)"})).await.0, 422);
    assert_eq!(visional.put(&app, &join, json!({"join_url": "https://meet.example.jp/abc"})).await.0, 204);
    let stranger = if first["counterpart"].as_str().unwrap().contains("きたかみ") { &gifu } else { &iwate };
    assert_eq!(stranger.put(&app, &join, json!({"join_url": "https://evil.example/"})).await.0, 404);
    let ics =
        visional.client.get(app.url(&format!("/events/{eid}/agenda.ics"))).send().await.unwrap().text().await.unwrap();
    assert!(ics.replace("\r\n ", "").contains("URL:https://meet.example.jp/abc"), "{ics}");

    // Reminders, 10 minutes before the first meeting: that meeting's pair and each person's day.
    let first_start = swapped["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["starts_at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap())
        .min()
        .unwrap();
    let tick =
        colapla::events::jobs::tick(&app.state.db, &base_url, first_start - Duration::minutes(10)).await.unwrap();
    assert!(tick.mails >= 2, "{tick:?}");
    let meeting_reminders = outbox_rows(&app, "event_meeting_reminder").await;
    let day_reminders = outbox_rows(&app, "event_day_reminder").await;
    assert!(meeting_reminders.len() >= 2);
    assert_eq!(day_reminders.len(), 6, "everyone with a meeting that day (not ALAXALA)");
    colapla::events::jobs::tick(&app.state.db, &base_url, first_start - Duration::minutes(9)).await.unwrap();
    assert_eq!(outbox_rows(&app, "event_meeting_reminder").await.len(), meeting_reminders.len(), "idempotent");
    assert_eq!(outbox_rows(&app, "event_day_reminder").await.len(), 6);
    // The worker delivers them as .eml files.
    let wanted: Vec<String> = meeting_reminders.iter().map(|r| r.message_id.clone()).collect();
    let deadline = tokio::time::Instant::now() + StdDuration::from_secs(20);
    loop {
        let files = eml_files(&app.mail_dir());
        if wanted.iter().all(|id| files.iter().any(|f| f.contains(id.as_str()))) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "reminder mails not delivered");
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }

    // Outcomes: not before the meeting begins; afterwards, either side reports.
    let gifu_meeting = items.iter().find(|i| i["counterpart"].as_str().unwrap().contains("ひだまり")).unwrap();
    let outcome_path = format!("{base}/meetings/{}/outcome", gifu_meeting["meeting_id"].as_str().unwrap());
    assert_eq!(gifu.post(&app, &outcome_path, json!({"outcome": "negotiating"})).await.0, 409);
    // Two days pass: move the slots into the past.
    for slot in event_slot::Entity::find()
        .filter(event_slot::Column::EventId.eq(eid.parse::<Uuid>().unwrap()))
        .all(&app.state.db)
        .await
        .unwrap()
    {
        let mut row = slot.clone().into_active_model();
        row.starts_at = Set(slot.starts_at - Duration::days(5));
        row.ends_at = Set(slot.ends_at - Duration::days(5));
        row.update(&app.state.db).await.unwrap();
    }
    assert_eq!(gifu.post(&app, &outcome_path, json!({"outcome": "maybe"})).await.0, 422);
    assert_eq!(osaka.post(&app, &outcome_path, json!({"outcome": "agreement"})).await.0, 404, "not osaka's meeting");
    // An open match between gifu's need and yamory (whatever the lifecycle timers did to it so far).
    let open_match = gifu_yamory_matches(&app, gifu_org.id).await[0].id;
    need_match::Entity::update_many()
        .col_expr(need_match::Column::State, sea_orm::sea_query::Expr::value("proposed"))
        .filter(need_match::Column::Id.eq(open_match))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert_eq!(gifu.post(&app, &outcome_path, json!({"outcome": "negotiating"})).await.0, 204);
    let stored = meeting::Entity::find_by_id(gifu_meeting["meeting_id"].as_str().unwrap().parse::<Uuid>().unwrap())
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.outcome, Some(meeting::MeetingOutcome::Negotiating));
    // The match between gifu's need and yamory moved on in the lifecycle.
    let moved = need_match::Entity::find_by_id(open_match).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(moved.state, need_match::MatchState::Meeting, "the open match is now at the meeting stage");

    // After the event: meetings held, survey round 1 for the four unanswered meetings (both
    // sides), round 2 three months on for all five (none reached an agreement).
    let now = Utc::now();
    let tick = colapla::events::jobs::tick(&app.state.db, &base_url, now).await.unwrap();
    assert_eq!(tick.held, 4, "{tick:?}");
    let surveys = outbox_rows(&app, "event_survey").await;
    assert_eq!(surveys.len(), 8);
    colapla::events::jobs::tick(&app.state.db, &base_url, now + Duration::days(91)).await.unwrap();
    assert_eq!(outbox_rows(&app, "event_survey").await.len(), 18);

    // The organiser's numbers.
    let (status, numbers) = organiser.get(&app, &format!("{base}/numbers")).await;
    assert_eq!(status, 200, "{numbers}");
    let counts: HashMap<&str, i64> =
        ["requests", "accepted", "declined", "expired", "withdrawn", "pending", "meetings_scheduled", "meetings_held"]
            .into_iter()
            .map(|k| (k, numbers[k].as_i64().unwrap()))
            .collect();
    assert_eq!(counts["requests"], 8);
    assert_eq!((counts["accepted"], counts["declined"], counts["expired"], counts["withdrawn"]), (5, 1, 1, 1));
    assert_eq!((counts["meetings_scheduled"], counts["meetings_held"]), (5, 5));
    assert_eq!(numbers["acceptance_rate_percent"], 71.4);
    assert_eq!(numbers["outcomes"]["negotiating"], 1);
    assert_eq!(numbers["outcomes"]["unanswered"], 4);
    assert_eq!(visional.get(&app, &format!("{base}/numbers")).await.0, 403);
}

#[tokio::test]
async fn slots_follow_the_events_time_zone() {
    let app = spawn_app_configured(Options { demo: true }, |_| {}).await;
    let organiser = Person::new(&app, "organiser@colapla.example").await;
    let tokyo = booking_event(&app, &organiser, event_body(4, "Asia/Tokyo", None)).await;
    let utc = booking_event(&app, &organiser, event_body(4, "UTC", None)).await;
    let first = |e: &Value| e["slots"][0]["starts_at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    assert_eq!(first(&tokyo).format("%H:%M").to_string(), "01:00", "10:00 JST");
    assert_eq!(first(&utc).format("%H:%M").to_string(), "10:00", "10:00 UTC");
    assert_eq!(tokyo["time_zone"], "Asia/Tokyo");
}
