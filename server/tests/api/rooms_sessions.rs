//! Working groups and their sessions through the real application: the organiser creates a group
//! and names a moderator, the moderator schedules a session with an agenda (typed in Tokyo time,
//! stored in UTC), people register (at once, or waiting for approval), capacity holds under
//! concurrent registrations, and nobody outside a group sees its private data.

use entities::session_registration::{self, RegistrationStatus};
use entities::working_group_member::WorkingGroupRole;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::rooms_sessions_support::*;

#[tokio::test]
async fn the_organiser_creates_a_group_and_its_moderator_schedules_a_session_through_the_pages() {
    let app = spawn().await;
    let organiser = sign_in(&app, ORGANISER).await;

    let created = post_form(
        &app,
        &organiser,
        "/working-groups",
        &[
            ("kind", "regional"),
            ("name_ja", "岡山地域セキュリティ勉強会"),
            ("description_ja", "地域の中小企業が気軽に相談できる場です。"),
            ("region_code", ""),
        ],
    )
    .await;
    assert_eq!(created.status(), 422, "a regional group needs its region");
    assert!(created.text().await.unwrap().contains("aria-invalid=\"true\""));

    let created = post_form(
        &app,
        &organiser,
        "/working-groups",
        &[
            ("kind", "needs"),
            ("name_ja", "岡山地域セキュリティ勉強会"),
            ("description_ja", "地域の中小企業が気軽に相談できる場です。"),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let group_page = location(&created);
    let group_id = group_page.trim_start_matches("/working-groups/").split('?').next().unwrap().to_owned();

    let added = post_form(
        &app,
        &organiser,
        &format!("/working-groups/{group_id}/members"),
        &[("email", VENDOR), ("role", "moderator")],
    )
    .await;
    assert_eq!(added.status(), 303);
    let unknown = post_form(
        &app,
        &organiser,
        &format!("/working-groups/{group_id}/members"),
        &[("email", "nobody@example.jp"), ("role", "member")],
    )
    .await;
    assert_eq!(unknown.status(), 422);

    let moderator = sign_in(&app, VENDOR).await;
    let scheduled = post_form(
        &app,
        &moderator,
        &format!("/working-groups/{group_id}/sessions"),
        &[
            ("title_ja", "第1回 取引先からの調査票"),
            ("starts_at", "2031-04-10T19:00"),
            ("time_zone", "Asia/Tokyo"),
            ("duration_minutes", "60"),
            ("capacity", "12"),
            ("agenda", "10 | 開会 | Opening\n40 | グループ討議 | Group talk\n10 | まとめ"),
        ],
    )
    .await;
    assert_eq!(scheduled.status(), 303);
    let session_page = location(&scheduled);
    let session_id = session_page.trim_start_matches("/sessions/").split('?').next().unwrap().to_owned();

    let (status, session) = get_json(&app, &moderator.0, &format!("/api/v1/sessions/{session_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(session["starts_at"], "2031-04-10T10:00:00+00:00", "19:00 in Tokyo is 10:00 UTC");
    assert_eq!(session["duration_minutes"], 60);
    assert_eq!(session["agenda"].as_array().unwrap().len(), 3);
    assert_eq!(session["agenda"][1]["title_ja"], "グループ討議");
    assert_eq!(session["links"]["room"], format!("/sessions/{session_id}/room"));

    // The page shows the time in Tokyo, with the zone.
    let html = page(&app, &moderator.0, &session_page).await;
    assert!(html.contains("2031年4月10日 19:00 (JST)"), "{html}");
    assert!(html.contains("グループ討議"));

    // An agenda longer than the session is refused with the field named.
    let too_long = post_form(
        &app,
        &moderator,
        &format!("/sessions/{session_id}"),
        &[
            ("title_ja", "第1回"),
            ("starts_at", "2031-04-10T19:00"),
            ("duration_minutes", "30"),
            ("capacity", "12"),
            ("agenda", "40 | 討議"),
        ],
    )
    .await;
    assert_eq!(too_long.status(), 422);

    // A participant may register, but not edit the agenda (page or API).
    let firm = sign_in(&app, FIRM).await;
    let registered =
        post_form(&app, &firm, &format!("/sessions/{session_id}/register"), &[("role", "participant")]).await;
    assert_eq!(location(&registered), format!("/sessions/{session_id}?notice=registered"));
    let edit = post_form(&app, &firm, &format!("/sessions/{session_id}"), &[("title_ja", "乗っ取り")]).await;
    assert_eq!(edit.status(), 403);
    let (status, _) = send_json(
        &app,
        &firm,
        Method::PUT,
        &format!("/api/v1/sessions/{session_id}"),
        json!({
            "title_ja": "乗っ取り", "starts_at": "2031-04-10T19:00", "duration_minutes": 60, "capacity": 12
        }),
    )
    .await;
    assert_eq!(status, 403);
    let (_, after) = get_json(&app, &firm.0, &format!("/api/v1/sessions/{session_id}")).await;
    assert_eq!(after["title_ja"], "第1回 取引先からの調査票");
    assert_eq!(after["approved"], 1);

    // The organiser's list and the group page link the group and the session.
    let list = app.get_text("/working-groups").await.1;
    assert!(list.contains(&format!("/working-groups/{group_id}")));
    assert!(list.contains(&format!("/sessions/{session_id}")));
}

#[tokio::test]
async fn an_approval_only_session_keeps_outsiders_waiting_until_a_moderator_approves() {
    let app = spawn().await;
    let organiser = sign_in(&app, ORGANISER).await;
    let (status, group) = send_json(
        &app,
        &organiser,
        Method::POST,
        "/api/v1/working-groups",
        json!({
            "kind": "seeds", "name_ja": "シーズ連携", "description_ja": "ベンダーと大学の連携"
        }),
    )
    .await;
    assert_eq!(status, 201, "{group}");
    let group_id = group["id"].as_str().unwrap().to_owned();
    let (status, members) = send_json(
        &app,
        &organiser,
        Method::POST,
        &format!("/api/v1/working-groups/{group_id}/members"),
        json!({ "email": VENDOR, "role": "moderator" }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(members[0]["role"], "moderator");

    let moderator = sign_in(&app, VENDOR).await;
    let (status, session) = send_json(
        &app,
        &moderator,
        Method::POST,
        &format!("/api/v1/working-groups/{group_id}/sessions"),
        json!({
            "title_ja": "連携ピッチ会", "starts_at": "2031-05-01T10:00:00+09:00", "duration_minutes": 90,
            "capacity": 1, "requires_approval": true,
            "agenda": [{"planned_minutes": 10, "title_ja": "開会"}, {"planned_minutes": 60, "title_ja": "ピッチ"}]
        }),
    )
    .await;
    assert_eq!(status, 201, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();

    // A non-member asks: pending, with no seat taken and no mail.
    let firm = sign_in(&app, FIRM).await;
    let (status, mine) =
        send_json(&app, &firm, Method::POST, &format!("/api/v1/sessions/{id}/registrations"), json!({})).await;
    assert_eq!((status, mine["status"].as_str()), (201, Some("pending")));
    let (status, _) =
        send_json(&app, &firm, Method::POST, &format!("/api/v1/sessions/{id}/registrations"), json!({})).await;
    assert_eq!(status, 409, "no double registration");
    let (status, _) = send_json(
        &app,
        &firm,
        Method::POST,
        &format!("/api/v1/sessions/{id}/registrations"),
        json!({ "role": "moderator" }),
    )
    .await;
    assert_eq!(status, 409, "already registered comes first");
    let other = sign_in(&app, OTHER_FIRM).await;
    let (status, problem) = send_json(
        &app,
        &other,
        Method::POST,
        &format!("/api/v1/sessions/{id}/registrations"),
        json!({ "role": "moderator" }),
    )
    .await;
    assert_eq!(status, 422, "a role given by moderators only: {problem}");
    let (status, _) =
        send_json(&app, &other, Method::POST, &format!("/api/v1/sessions/{id}/registrations"), json!({})).await;
    assert_eq!(status, 201);

    // Waiting people are not in the room's circle: no registrations, no draft minutes, no room link.
    let (status, _) = get_json(&app, &firm.0, &format!("/api/v1/sessions/{id}/registrations")).await;
    assert_eq!(status, 403);
    let html = page(&app, &firm.0, &format!("/sessions/{id}")).await;
    assert!(!html.contains(&format!("/sessions/{id}/room")), "no join link while waiting");

    // The moderator sees the waiting list, approves the first; the second no longer fits.
    let (status, list) = get_json(&app, &moderator.0, &format!("/api/v1/sessions/{id}/registrations")).await;
    assert_eq!(status, 200);
    let waiting: Vec<&serde_json::Value> =
        list["items"].as_array().unwrap().iter().filter(|r| r["status"] == "pending").collect();
    assert_eq!(waiting.len(), 2);
    let (first, second) = (waiting[0]["id"].as_str().unwrap(), waiting[1]["id"].as_str().unwrap());
    let (status, approved) = send_json(
        &app,
        &moderator,
        Method::POST,
        &format!("/api/v1/sessions/{id}/registrations/{first}/approve"),
        json!({}),
    )
    .await;
    assert_eq!((status, approved["status"].as_str()), (200, Some("approved")));
    let (status, problem) = send_json(
        &app,
        &moderator,
        Method::POST,
        &format!("/api/v1/sessions/{id}/registrations/{second}/approve"),
        json!({}),
    )
    .await;
    assert_eq!(status, 409, "capacity 1: {problem}");
    assert!(problem["detail"].as_str().unwrap_or_default().contains("session_full"), "{problem}");
    let (status, declined) = send_json(
        &app,
        &moderator,
        Method::POST,
        &format!("/api/v1/sessions/{id}/registrations/{second}/decline"),
        json!({}),
    )
    .await;
    assert_eq!((status, declined["status"].as_str()), (200, Some("declined")));

    // The approved person got a confirmation with the join link and the calendar file.
    deliver_mail(&app).await;
    let mails: Vec<String> = mail_files(&app).iter().map(|m| decoded(m)).collect();
    // (The demo data's own mail, about matches, goes to the same people: look for this session's.)
    let about = |m: &&String| m.contains(&format!("/sessions/{id}"));
    let confirmation =
        mails.iter().filter(about).find(|m| m.contains(&format!("To: {FIRM}"))).expect("a mail to the approved firm");
    assert!(confirmation.contains(&format!("/sessions/{id}/room")), "{confirmation}");
    assert!(confirmation.contains(&format!("/sessions/{id}/calendar.ics")));
    assert!(confirmation.contains("連携ピッチ会"));
    assert!(!mails.iter().filter(about).any(|m| m.contains(OTHER_FIRM)), "no mail for a declined request");

    // Now in the circle: the join link shows; cancelling frees the seat.
    let html = page(&app, &firm.0, &format!("/sessions/{id}")).await;
    assert!(html.contains(&format!("/sessions/{id}/room")));
    let (status, cancelled) =
        send_json(&app, &firm, Method::DELETE, &format!("/api/v1/sessions/{id}/registration"), json!({})).await;
    assert_eq!((status, cancelled["status"].as_str()), (200, Some("cancelled")));
    let (_, after) = get_json(&app, &firm.0, &format!("/api/v1/sessions/{id}")).await;
    assert_eq!(after["seats_left"], 1);
}

#[tokio::test]
async fn an_invitation_registers_the_person_and_mails_them() {
    let app = spawn().await;
    let group = group_with_moderator(&app, VENDOR).await;
    let session = session_at(&app, group.id, chrono::Utc::now() + chrono::TimeDelta::days(5), 10, true).await;
    let moderator = sign_in(&app, VENDOR).await;
    let invited = post_form(
        &app,
        &moderator,
        &format!("/sessions/{}/invitations", session.id),
        &[("email", FIRM), ("role", "presenter")],
    )
    .await;
    assert_eq!(location(&invited), format!("/sessions/{}?notice=invited", session.id));
    let firm = user(&app, FIRM).await;
    let registration = session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session.id))
        .filter(session_registration::Column::UserId.eq(firm.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("registered by the invitation");
    assert_eq!(registration.status, RegistrationStatus::Approved, "an invitation skips approval");
    deliver_mail(&app).await;
    let mail = mail_files(&app)
        .iter()
        .map(|m| decoded(m))
        .find(|m| m.contains(&format!("To: {FIRM}")) && m.contains(&format!("/sessions/{}", session.id)))
        .expect("the invitation");
    assert!(mail.contains("登壇者"), "the role, in Japanese: {mail}");
    assert!(mail.contains(&format!("/sessions/{}/room", session.id)));
}

#[tokio::test]
async fn capacity_holds_when_many_register_at_once() {
    let app = spawn().await;
    let group = group_with_moderator(&app, VENDOR).await;
    let session = session_at(&app, group.id, chrono::Utc::now() + chrono::TimeDelta::days(3), 3, false).await;
    let mut people = Vec::new();
    for i in 0..12 {
        let email = format!("crowd{i}@example.jp");
        new_person(&app, &email, &format!("参加希望者{i}")).await;
        people.push(sign_in(&app, &email).await);
    }
    let path = format!("/api/v1/sessions/{}/registrations", session.id);
    let attempts = people.iter().map(|person| send_json(&app, person, Method::POST, &path, json!({})));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts).await.into_iter().map(|(s, _)| s).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 3, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 9, "{statuses:?}");
    let approved = session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session.id))
        .filter(session_registration::Column::Status.eq(RegistrationStatus::Approved))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(approved, 3);
    // Through the page, a full session says so instead of failing.
    let late = sign_in(&app, FIRM).await;
    let response = post_form(&app, &late, &format!("/sessions/{}/register", session.id), &[]).await;
    assert_eq!(location(&response), format!("/sessions/{}?notice=full", session.id));
}

#[tokio::test]
async fn a_vendor_outside_a_group_sees_none_of_its_private_data() {
    let app = spawn().await;
    let group = group_with_moderator(&app, ORGANISER).await;
    add_member(&app, group.id, FIRM, WorkingGroupRole::Member).await;
    let session = session_at(&app, group.id, chrono::Utc::now() - chrono::TimeDelta::days(2), 10, false).await;
    register_directly(&app, session.id, FIRM, entities::session_registration::RegistrationRole::Participant, None)
        .await;

    let vendor = sign_in(&app, VENDOR).await;
    let (status, detail) = get_json(&app, &vendor.0, &format!("/api/v1/working-groups/{}", group.id)).await;
    assert_eq!(status, 200, "the group's public face");
    assert!(detail.get("members").is_none(), "no member list for outsiders: {detail}");
    for path in [
        format!("/api/v1/sessions/{}/registrations", session.id),
        format!("/api/v1/sessions/{}/minutes", session.id),
        format!("/sessions/{}/export.csv", session.id),
        format!("/sessions/{}/export.md", session.id),
        format!("/sessions/{}/minutes", session.id),
    ] {
        let status = vendor.0.get(app.url(&path)).send().await.unwrap().status().as_u16();
        assert_eq!(status, 403, "{path}");
    }
    let html = page(&app, &vendor.0, &format!("/working-groups/{}", group.id)).await;
    assert!(!html.contains(&user(&app, FIRM).await.display_name), "member names stay inside the group");

    // A member sees the list.
    let firm = app.client_signed_in_as(FIRM).await;
    let (_, detail) = get_json(&app, &firm, &format!("/api/v1/working-groups/{}", group.id)).await;
    assert_eq!(detail["members"].as_array().map(Vec::len), Some(2));

    // An archived group disappears for outsiders.
    let organiser = sign_in(&app, ORGANISER).await;
    let (status, _) = send_json(
        &app,
        &organiser,
        Method::PUT,
        &format!("/api/v1/working-groups/{}", group.id),
        json!({
            "kind": "needs", "name_ja": "テスト用ワーキンググループ", "description_ja": "説明", "status": "archived"
        }),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = get_json(&app, &vendor.0, &format!("/api/v1/working-groups/{}", group.id)).await;
    assert_eq!(status, 404);
    let (status, _) = get_json(&app, &vendor.0, &format!("/api/v1/sessions/{}", session.id)).await;
    assert_eq!(status, 404);
    let (status, _) = get_json(&app, &firm, &format!("/api/v1/sessions/{}", session.id)).await;
    assert_eq!(status, 200, "members still find their record");
}

#[tokio::test]
async fn calling_a_session_off_tells_everyone_registered_and_closes_it() {
    let app = spawn().await;
    let group = group_with_moderator(&app, VENDOR).await;
    let session = session_at(&app, group.id, chrono::Utc::now() + chrono::TimeDelta::days(4), 10, true).await;
    register_directly(&app, session.id, FIRM, entities::session_registration::RegistrationRole::Participant, None)
        .await;
    let waiting = sign_in(&app, OTHER_FIRM).await;
    let (status, _) =
        send_json(&app, &waiting, Method::POST, &format!("/api/v1/sessions/{}/registrations", session.id), json!({}))
            .await;
    assert_eq!(status, 201);

    let firm = sign_in(&app, FIRM).await;
    let (status, _) =
        send_json(&app, &firm, Method::POST, &format!("/api/v1/sessions/{}/cancel", session.id), json!({})).await;
    assert_eq!(status, 403, "a participant cannot call it off");
    let moderator = sign_in(&app, VENDOR).await;
    let (status, cancelled) =
        send_json(&app, &moderator, Method::POST, &format!("/api/v1/sessions/{}/cancel", session.id), json!({})).await;
    assert_eq!((status, cancelled["status"].as_str()), (200, Some("cancelled")));
    let (status, _) =
        send_json(&app, &moderator, Method::POST, &format!("/api/v1/sessions/{}/cancel", session.id), json!({})).await;
    assert_eq!(status, 409, "once");

    deliver_mail(&app).await;
    let mails: Vec<String> = mail_files(&app).iter().map(|m| decoded(m)).collect();
    for email in [FIRM, OTHER_FIRM] {
        let mail = mails
            .iter()
            .find(|m| m.contains(&format!("To: {email}")) && m.contains(&format!("/sessions/{}", session.id)))
            .unwrap_or_else(|| panic!("a mail to {email}"));
        assert!(mail.contains("中止"), "{mail}");
    }
    let late = sign_in(&app, "okayama@colapla.example").await;
    let (status, problem) =
        send_json(&app, &late, Method::POST, &format!("/api/v1/sessions/{}/registrations", session.id), json!({}))
            .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(app.get(&format!("/sessions/{}/calendar.ics", session.id)).await.status(), 410);
}
