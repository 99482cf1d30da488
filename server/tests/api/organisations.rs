//! Organisations, members, invitations, approvals and the audit log, as people meet them through
//! the real application: who may do what, what is stored (or not), and what is audited.

use std::time::{Duration, Instant};

use chrono::Utc;
use entities::{app_user, audit_log, invitation, membership, organisation, outbox};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::helpers::{TestApp, csrf_in, new_client, spawn_app};

/// A person with an account and no organisation.
async fn newcomer(app: &TestApp, email: &str) -> Uuid {
    app_user::Model {
        id: Uuid::now_v7(),
        email: email.to_owned(),
        display_name: email.split('@').next().unwrap().to_owned(),
        locale: app_user::Locale::Ja,
        time_zone: "Asia/Tokyo".into(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        last_sign_in_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap()
    .id
}

async fn user_id(app: &TestApp, email: &str) -> Uuid {
    app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(&app.state.db).await.unwrap().unwrap().id
}

/// The (first) organisation of a demo person.
async fn organisation_of(app: &TestApp, email: &str) -> organisation::Model {
    let user = user_id(app, email).await;
    let m = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    organisation::Entity::find_by_id(m.organisation_id).one(&app.state.db).await.unwrap().unwrap()
}

async fn role_in(app: &TestApp, organisation_id: Uuid, user: Uuid) -> Option<membership::MembershipRole> {
    membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .filter(membership::Column::UserId.eq(user))
        .one(&app.state.db)
        .await
        .unwrap()
        .map(|m| m.role)
}

async fn audit_rows(app: &TestApp, action: &str, object: Uuid) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::ObjectId.eq(object.to_string()))
        .all(&app.state.db)
        .await
        .unwrap()
}

/// Posts a form with the client's CSRF token added.
async fn post(app: &TestApp, client: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf_token(client, "/").await;
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", &csrf));
    client.post(app.url(path)).form(&form).send().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

/// The token of the newest invitation mail queued for `email` (read from the outbox row).
async fn invitation_token(app: &TestApp, email: &str) -> String {
    use sea_orm::QueryOrder;
    let row = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("invitation"))
        .filter(outbox::Column::RecipientEmail.eq(email))
        .order_by_desc(outbox::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no invitation mail to {email}"));
    assert!(row.essential);
    let link = row.payload["link"].as_str().unwrap();
    let prefix = format!("{}/invitations/", app.state.config.base_url.as_str().trim_end_matches('/'));
    assert!(link.starts_with(&prefix), "{link}");
    link[prefix.len()..].to_owned()
}

#[tokio::test]
async fn a_new_vendor_waits_for_the_organiser_and_cannot_approve_itself() {
    let app = spawn_app().await;
    newcomer(&app, "founder@new-vendor.example.jp").await;
    let founder = app.client_signed_in_as("founder@new-vendor.example.jp").await;

    let account = founder.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(account.contains("href=\"/organisations/new\""), "the account page offers to create one");
    assert_eq!(founder.get(app.url("/organisations/new")).send().await.unwrap().status(), 200);
    let fields = [
        ("kind", "vendor"),
        ("name", "新しいセキュリティ株式会社"),
        ("name_en", "New Security Inc."),
        ("prefecture_code", "13"),
        ("industry_code", "it"),
        ("employees", "40"),
        ("website", "https://new-vendor.example.jp"),
    ];
    let response = post(&app, &founder, "/organisations", &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let to = location(&response);
    let id: Uuid = to.trim_start_matches("/organisations/").split('?').next().unwrap().parse().unwrap();
    let org = organisation::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(org.status, organisation::OrganisationStatus::Pending, "vendors wait for approval");
    assert_eq!(org.size_band_code.as_deref(), Some("small_medium"), "the band follows the head count");
    let founder_id = user_id(&app, "founder@new-vendor.example.jp").await;
    assert_eq!(role_in(&app, id, founder_id).await, Some(membership::MembershipRole::Owner));
    assert_eq!(audit_rows(&app, "organisation.created", id).await.len(), 1);

    // The pending organisation is there for its members and the organiser, absent for others.
    let page = format!("/organisations/{id}");
    let (status, html) = {
        let r = founder.get(app.url(&to)).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(html.contains("新しいセキュリティ株式会社") && html.contains("組織を登録しました"), "{html}");
    assert!(!html.contains("/approve\""), "no approve button for the applicant");
    assert_eq!(new_client().get(app.url(&page)).send().await.unwrap().status(), 404);
    let outsider = app.client_signed_in_as("gifu@colapla.example").await;
    assert_eq!(outsider.get(app.url(&page)).send().await.unwrap().status(), 404);
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let html = organiser.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("/organisations/{id}/approve")), "the organiser sees the approve button");

    // The applicant cannot approve itself; an outsider gets "not found".
    let response = post(&app, &founder, &format!("/organisations/{id}/approve"), &[]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(post(&app, &outsider, &format!("/organisations/{id}/approve"), &[]).await.status(), 404);
    assert_eq!(
        founder.get(app.url("/organisations/new")).send().await.unwrap().status(),
        403,
        "one organisation at sign-up"
    );

    // The organiser finds it waiting and approves it; the approval is audited.
    let approvals = organiser.get(app.url("/approvals")).send().await.unwrap().text().await.unwrap();
    assert!(approvals.contains("新しいセキュリティ株式会社") && approvals.contains("founder@new-vendor.example.jp"));
    let response = post(&app, &organiser, &format!("/organisations/{id}/approve"), &[("back", "approvals")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/approvals");
    let org = organisation::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(org.status, organisation::OrganisationStatus::Active);
    let audited = audit_rows(&app, "organisation.approved", id).await;
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].actor_user_id, Some(user_id(&app, "organiser@colapla.example").await));
    assert_eq!(audited[0].detail["from"], "pending");
    assert!(audited[0].ip.is_some());
    // A second click changes and records nothing.
    assert_eq!(post(&app, &organiser, &format!("/organisations/{id}/approve"), &[]).await.status(), 303);
    assert_eq!(audit_rows(&app, "organisation.approved", id).await.len(), 1);

    let approvals = organiser.get(app.url("/approvals")).send().await.unwrap().text().await.unwrap();
    assert!(!approvals.contains("新しいセキュリティ株式会社"));
    let public = new_client().get(app.url(&page)).send().await.unwrap();
    assert_eq!(public.status(), 200, "public once approved");
    assert!(!public.text().await.unwrap().contains("founder@new-vendor.example.jp"), "members are not public");
    let own = founder.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(
        own.contains("founder@new-vendor.example.jp") && own.contains("/invitations\""),
        "members see members and may invite"
    );
    let account = founder.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(account.contains(&format!("href=\"/organisations/{id}\"")), "the account page links the organisation");

    // Suspended, it leaves public view again.
    assert_eq!(post(&app, &organiser, &format!("/organisations/{id}/suspend"), &[]).await.status(), 303);
    assert_eq!(audit_rows(&app, "organisation.suspended", id).await.len(), 1);
    assert_eq!(new_client().get(app.url(&page)).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn a_user_company_is_active_at_once_and_the_api_answers_in_json() {
    let app = spawn_app().await;
    newcomer(&app, "owner@small-firm.example.jp").await;
    let client = app.client_signed_in_as("owner@small-firm.example.jp").await;
    let csrf = app.csrf_token(&client, "/").await;
    let body = serde_json::json!({ "kind": "user_company", "name": "小さな町工場", "prefecture_code": 21, "industry_code": "manufacturing" });

    let response = client.post(app.url("/api/v1/organisations")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 403, "a cookie-authenticated write needs the CSRF header");
    let response =
        client.post(app.url("/api/v1/organisations")).header("x-csrf-token", &csrf).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 201);
    let created: serde_json::Value = response.json().await.unwrap();
    assert_eq!(created["status"], "active");
    assert_eq!(created["kind"], "user_company");
    assert_eq!(created["prefecture_code"], 21);

    let response =
        client.post(app.url("/api/v1/organisations")).header("x-csrf-token", &csrf).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 403, "one organisation at sign-up");
    let anonymous = new_client().post(app.url("/api/v1/organisations")).json(&body).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn invalid_organisation_input_gets_field_errors_in_both_languages_and_stores_nothing() {
    let app = spawn_app().await;
    let person = newcomer(&app, "careless@example.jp").await;
    let client = app.client_signed_in_as("careless@example.jp").await;
    let organisations_before = organisation::Entity::find().count(&app.state.db).await.unwrap();
    let huge_name = "あ".repeat(1024 * 1024 / 3);
    let fields = [("kind", "pirate"), ("name", huge_name.as_str()), ("prefecture_code", "99"), ("industry_code", "it")];

    let response = post(&app, &client, "/organisations", &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("200文字以内で入力してください。"), "name too long, in Japanese");
    assert_eq!(html.matches("選択肢にない値です。").count(), 2, "kind and prefecture unknown");
    assert!(html.len() < 200_000, "the megabyte is not sent back");

    let response = post(&app, &client, "/organisations?lang=en", &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Please use at most 200 characters.") && html.contains("This is not one of the choices."));

    let csrf = app.csrf_token(&client, "/").await;
    let body =
        serde_json::json!({ "kind": "organiser", "name": huge_name, "prefecture_code": 99, "industry_code": "it" });
    for (lang, too_long) in [("ja", "200文字以内で入力してください。"), ("en", "Please use at most 200 characters.")]
    {
        let response = client
            .post(app.url(&format!("/api/v1/organisations?lang={lang}")))
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: serde_json::Value = response.json().await.unwrap();
        let errors: Vec<(String, String)> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(
            errors,
            [("kind", "unknown"), ("name", "too_long"), ("prefecture_code", "unknown")]
                .map(|(f, c)| (f.to_owned(), c.to_owned()))
        );
        assert_eq!(problem["errors"][1]["message"], too_long, "{lang}");
    }

    assert_eq!(
        organisation::Entity::find().count(&app.state.db).await.unwrap(),
        organisations_before,
        "nothing stored"
    );
    let memberships =
        membership::Entity::find().filter(membership::Column::UserId.eq(person)).count(&app.state.db).await.unwrap();
    assert_eq!(memberships, 0);
}

/// The decoded text of a mail file: its base64 parts decoded (Japanese mail is sent base64).
fn mail_text(raw: &str) -> String {
    use base64::Engine;
    let mut text = raw.to_owned();
    for part in raw.split("Content-Transfer-Encoding: base64\r\n\r\n").skip(1) {
        let encoded: String = part.split("\r\n--").next().unwrap_or_default().split_whitespace().collect();
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(encoded) {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    text
}

/// Waits for the mail worker to write a mail to `to` and returns its decoded text.
async fn mail_to(app: &TestApp, to: &str) -> String {
    let started = Instant::now();
    loop {
        if let Ok(entries) = std::fs::read_dir(app.mail_dir()) {
            for file in entries.flatten().map(|e| e.path()) {
                let raw = std::fs::read_to_string(&file).unwrap_or_default();
                if raw.to_lowercase().contains(&format!("to: {to}\r\n")) {
                    return mail_text(&raw);
                }
            }
        }
        assert!(started.elapsed() < Duration::from_secs(15), "no mail to {to} in {}", app.mail_dir().display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_invitation_is_for_the_invited_address_only_and_works_once() {
    let app = spawn_app().await;
    let firm = organisation_of(&app, "gifu@colapla.example").await;
    let owner = app.client_signed_in_as("gifu@colapla.example").await;
    let colleague = newcomer(&app, "colleague@gifu-parts.example.jp").await;

    let response = post(
        &app,
        &owner,
        &format!("/organisations/{}/invitations", firm.id),
        &[("email", " Colleague@Gifu-Parts.example.jp "), ("role", "member")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/organisations/{}?notice=invited", firm.id));
    let token = invitation_token(&app, "colleague@gifu-parts.example.jp").await;
    let row = invitation::Entity::find()
        .filter(invitation::Column::OrganisationId.eq(firm.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(row.token_hash, token, "only the hash is stored");
    assert!(
        row.expires_at > Utc::now() + chrono::Duration::days(6)
            && row.expires_at <= Utc::now() + chrono::Duration::days(7)
    );
    assert_eq!(audit_rows(&app, "invitation.created", firm.id).await.len(), 1);
    let mail = mail_to(&app, "colleague@gifu-parts.example.jp").await;
    assert!(mail.contains(&format!("/invitations/{token}")), "the mail carries the link: {mail}");
    assert!(
        mail.contains(&firm.name) && mail.contains("メンバー"),
        "in Japanese, with the organisation and role: {mail}"
    );

    // Someone else with the link: "not found", and nothing spent.
    let path = format!("/invitations/{token}");
    let stranger = app.client_signed_in_as("osaka@colapla.example").await;
    assert_eq!(stranger.get(app.url(&path)).send().await.unwrap().status(), 404);
    assert_eq!(post(&app, &stranger, &format!("{path}/accept"), &[]).await.status(), 404);
    let anonymous = new_client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(anonymous.status(), 303);
    assert!(location(&anonymous).starts_with("/login?next=%2Finvitations%2F"), "sign in first, then come back");
    assert_eq!(stranger.get(app.url("/invitations/not-a-token")).send().await.unwrap().status(), 404);

    // The invited person accepts and becomes a member with the invited role.
    let invitee = app.client_signed_in_as("colleague@gifu-parts.example.jp").await;
    let response = invitee.get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    let html = response.text().await.unwrap();
    assert!(html.contains("accept-invitation") && html.contains(&firm.name));
    let response =
        invitee.post(app.url(&format!("{path}/accept"))).form(&[("csrf_token", csrf_in(&html))]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/organisations/{}?notice=joined", firm.id));
    assert_eq!(role_in(&app, firm.id, colleague).await, Some(membership::MembershipRole::Member));
    assert_eq!(audit_rows(&app, "invitation.accepted", firm.id).await.len(), 1);

    // Spent: a second use is refused and changes nothing.
    assert_eq!(post(&app, &invitee, &format!("{path}/accept"), &[]).await.status(), 410);
    assert_eq!(post(&app, &invitee, &format!("{path}/decline"), &[]).await.status(), 410);
    assert_eq!(invitee.get(app.url(&path)).send().await.unwrap().status(), 410);
    assert_eq!(audit_rows(&app, "invitation.accepted", firm.id).await.len(), 1);

    // Inviting a member again is a conflict, not a second membership.
    let response = post(
        &app,
        &owner,
        &format!("/organisations/{}/invitations", firm.id),
        &[("email", "colleague@gifu-parts.example.jp"), ("role", "admin")],
    )
    .await;
    assert_eq!(response.status(), 409);

    // Declining leaves no membership; an expired invitation cannot be answered.
    let other = newcomer(&app, "other@example.jp").await;
    post(
        &app,
        &owner,
        &format!("/organisations/{}/invitations", firm.id),
        &[("email", "other@example.jp"), ("role", "member")],
    )
    .await;
    let declined = invitation_token(&app, "other@example.jp").await;
    let other_client = app.client_signed_in_as("other@example.jp").await;
    let response = post(&app, &other_client, &format!("/invitations/{declined}/decline"), &[]).await;
    assert_eq!((response.status().as_u16(), location(&response)), (303, "/account".to_owned()));
    assert_eq!(role_in(&app, firm.id, other).await, None);

    post(
        &app,
        &owner,
        &format!("/organisations/{}/invitations", firm.id),
        &[("email", "other@example.jp"), ("role", "member")],
    )
    .await;
    let late = invitation_token(&app, "other@example.jp").await;
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(invitation::Column::Status.eq(invitation::InvitationStatus::Pending))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert_eq!(other_client.get(app.url(&format!("/invitations/{late}"))).send().await.unwrap().status(), 410);
    assert_eq!(post(&app, &other_client, &format!("/invitations/{late}/accept"), &[]).await.status(), 410);
    assert_eq!(role_in(&app, firm.id, other).await, None);
}

#[tokio::test]
async fn an_admin_cannot_invite_an_owner_and_nobody_raises_their_own_role_or_kind() {
    let app = spawn_app().await;
    let visional = organisation_of(&app, "vendor@colapla.example").await;
    let admin = app.client_signed_in_as("vendor@colapla.example").await;
    let admin_id = user_id(&app, "vendor@colapla.example").await;
    let invitations = format!("/organisations/{}/invitations", visional.id);

    let response = post(&app, &admin, &invitations, &[("email", "boss@visional.example.jp"), ("role", "owner")]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(invitation::Entity::find().count(&app.state.db).await.unwrap(), 0, "no invitation row");
    assert_eq!(
        outbox::Entity::find().filter(outbox::Column::Template.eq("invitation")).count(&app.state.db).await.unwrap(),
        0,
        "and no mail"
    );
    let response = post(&app, &admin, &invitations, &[("email", "not-an-address"), ("role", "admin")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("形式が正しくありません。"));
    assert_eq!(
        post(&app, &admin, &invitations, &[("email", "peer@visional.example.jp"), ("role", "admin")]).await.status(),
        303
    );
    let firm_owner = app.client_signed_in_as("gifu@colapla.example").await;
    assert_eq!(
        post(&app, &firm_owner, &invitations, &[("email", "x@example.jp"), ("role", "member")]).await.status(),
        403
    );

    // Raising one's own role, or one's own organisation's kind: refused.
    let own_role = format!("/organisations/{}/members/{admin_id}/role", visional.id);
    assert_eq!(post(&app, &admin, &own_role, &[("role", "owner")]).await.status(), 403);
    assert_eq!(role_in(&app, visional.id, admin_id).await, Some(membership::MembershipRole::Admin));
    let firm = organisation_of(&app, "gifu@colapla.example").await;
    assert_eq!(
        post(&app, &firm_owner, &format!("/organisations/{}/kind", firm.id), &[("kind", "vendor")]).await.status(),
        403
    );
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let office = organisation_of(&app, "organiser@colapla.example").await;
    assert_eq!(
        post(&app, &organiser, &format!("/organisations/{}/kind", office.id), &[("kind", "vendor")]).await.status(),
        403
    );
    assert_eq!(
        post(
            &app,
            &firm_owner,
            &format!("/organisations/{}/members/{admin_id}/role", visional.id),
            &[("role", "member")]
        )
        .await
        .status(),
        403
    );

    // The organiser changes another organisation's kind, audited.
    let response = post(&app, &organiser, &format!("/organisations/{}/kind", firm.id), &[("kind", "vendor")]).await;
    assert_eq!(response.status(), 303);
    let changed = organisation::Entity::find_by_id(firm.id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(changed.kind, organisation::OrganisationKind::Vendor);
    let audited = audit_rows(&app, "organisation.kind_changed", firm.id).await;
    assert_eq!((audited.len(), audited[0].detail["to"].as_str()), (1, Some("vendor")));
    assert_eq!(
        post(&app, &organiser, &format!("/organisations/{}/kind", firm.id), &[("kind", "organiser")]).await.status(),
        422
    );

    // The last owner cannot step down; with a second owner they can.
    let gifu = user_id(&app, "gifu@colapla.example").await;
    let step_down = format!("/organisations/{}/members/{gifu}/role", firm.id);
    assert_eq!(post(&app, &firm_owner, &step_down, &[("role", "admin")]).await.status(), 409);
    assert_eq!(role_in(&app, firm.id, gifu).await, Some(membership::MembershipRole::Owner));
    let partner = newcomer(&app, "partner@gifu-parts.example.jp").await;
    membership::ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(firm.id),
        user_id: Set(partner),
        role: Set(membership::MembershipRole::Member),
        created_at: Set(Utc::now()),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    let promote = format!("/organisations/{}/members/{partner}/role", firm.id);
    assert_eq!(post(&app, &firm_owner, &promote, &[("role", "owner")]).await.status(), 303);
    assert_eq!(role_in(&app, firm.id, partner).await, Some(membership::MembershipRole::Owner));
    assert_eq!(audit_rows(&app, "membership.role_changed", firm.id).await.len(), 1);
    assert_eq!(post(&app, &firm_owner, &step_down, &[("role", "admin")]).await.status(), 303);
    assert_eq!(role_in(&app, firm.id, gifu).await, Some(membership::MembershipRole::Admin));
    assert_eq!(post(&app, &firm_owner, &step_down, &[("role", "owner")]).await.status(), 403, "and cannot climb back");
}

#[tokio::test]
async fn the_approvals_and_the_audit_log_are_for_organisers_only() {
    let app = spawn_app().await;
    for path in ["/approvals", "/audit", "/audit?action=sign_in&page=2"] {
        let anonymous = new_client().get(app.url(path)).send().await.unwrap();
        assert_eq!(anonymous.status(), 303, "{path}");
        assert!(location(&anonymous).starts_with("/login?next="), "{path}");
        for email in ["vendor@colapla.example", "gifu@colapla.example", "verifier@colapla.example"] {
            let client = app.client_signed_in_as(email).await;
            assert_eq!(client.get(app.url(path)).send().await.unwrap().status(), 403, "{path} as {email}");
        }
        let organiser = app.client_signed_in_as("organiser@colapla.example").await;
        assert_eq!(organiser.get(app.url(path)).send().await.unwrap().status(), 200, "{path}");
    }
    assert_eq!(new_client().get(app.url("/api/v1/audit")).send().await.unwrap().status(), 401);
    let firm = app.client_signed_in_as("gifu@colapla.example").await;
    assert_eq!(firm.get(app.url("/api/v1/audit")).send().await.unwrap().status(), 403);

    // Enough entries for two pages, the newest first.
    let organiser_id = user_id(&app, "organiser@colapla.example").await;
    let object = Uuid::now_v7();
    for i in 0..55 {
        audit_log::ActiveModel {
            at: Set(Utc::now() - chrono::Duration::minutes(100 - i)),
            actor_user_id: Set(Some(organiser_id)),
            action: Set("organisation.approved".into()),
            object_type: Set("organisation".into()),
            object_id: Set(Some(object.to_string())),
            detail: Set(serde_json::json!({ "n": i })),
            ip: Set(Some("192.0.2.1".into())),
            ..Default::default()
        }
        .insert(&app.state.db)
        .await
        .unwrap();
    }
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let page: serde_json::Value =
        organiser.get(app.url("/api/v1/audit?action=organisation.")).send().await.unwrap().json().await.unwrap();
    assert_eq!((page["total"].as_u64(), page["per_page"].as_u64()), (Some(55), Some(50)));
    assert_eq!(page["items"].as_array().unwrap().len(), 50);
    assert_eq!(page["items"][0]["detail"]["n"], 54, "newest first");
    assert_eq!(page["items"][0]["actor_email"], "organiser@colapla.example");
    let second: serde_json::Value =
        organiser.get(app.url("/api/v1/audit?action=organisation.&page=2")).send().await.unwrap().json().await.unwrap();
    assert_eq!(second["items"].as_array().unwrap().len(), 5);
    let sign_ins: serde_json::Value =
        organiser.get(app.url("/api/v1/audit?action=sign_in")).send().await.unwrap().json().await.unwrap();
    assert!(sign_ins["items"].as_array().unwrap().iter().all(|e| e["action"].as_str().unwrap().starts_with("sign_in")));
    let response = organiser.get(app.url("/api/v1/audit?action=x%25")).send().await.unwrap();
    assert_eq!(response.status(), 422);

    let html = organiser.get(app.url("/audit?action=organisation.")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("(JST)"), "times in Japan time");
    assert!(html.contains("192.0.2.1") && html.contains("organisation.approved"));
    assert!(
        html.contains("/audit?action=organisation.&amp;page=2") || html.contains("action=organisation.&amp;page=2"),
        "a link to the next page"
    );
    let account = organiser.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(account.contains("href=\"/approvals\"") && account.contains("href=\"/audit\""));
}
