//! The access matrix: every route of the application, requested by five kinds of actor, must
//! answer exactly the status written here. A route that the table does not list fails the test,
//! so no new route can slip through without someone deciding who may use it.
//!
//! The actors, relative to the organisation that owns the route's object (for public pages,
//! the vendor of the sample product):
//! anonymous · a member of the owning organisation · a member of another organisation of the
//! same kind · a member of an organisation of another kind · an organiser.

use actix_web::http::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{TestApp, csrf_in, new_client, spawn_app};

/// The objects routes are exercised with.
struct Fixture {
    product: String,
    /// The owner's organisation (the vendor VISIONAL) and the owning actor's user id.
    organisation: String,
    owner_user: String,
    /// A PRIVATE need of gifu's user company (see `gifu_private_need`).
    need: String,
    /// A verification record of the product.
    verification: String,
    /// A DRAFT case study of the product adopted by gifu's user company (see `draft_case_study`).
    case_study: String,
    /// A proposed match of the product with an anonymous need of gifu's user company.
    matched: String,
}

/// Expected statuses: anonymous, owner, same kind, other kind, organiser.
type Expect = [u16; 5];

const ALL_OK: Expect = [200, 200, 200, 200, 200];
const SIGNED_IN_ONLY: Expect = [303, 200, 200, 200, 200];
const ORGANISER_ONLY: Expect = [303, 403, 403, 403, 200];
const ORGANISER_API: Expect = [401, 403, 403, 403, 200];

struct Case {
    method: Method,
    route: &'static str,
    path: fn(&Fixture) -> String,
    /// Form fields (a valid CSRF token is added; `{n}` in a value becomes the actor's number).
    form: &'static [(&'static str, &'static str)],
    expect: Expect,
}

macro_rules! case {
    ($method:ident $route:literal => $path:expr, $form:expr, $expect:expr) => {
        Case { method: Method::$method, route: $route, path: $path, form: $form, expect: $expect }
    };
    ($method:ident $route:literal, $expect:expr) => {
        Case { method: Method::$method, route: $route, path: |_| $route.to_owned(), form: &[], expect: $expect }
    };
    ($method:ident $route:literal, $form:expr, $expect:expr) => {
        Case { method: Method::$method, route: $route, path: |_| $route.to_owned(), form: $form, expect: $expect }
    };
}

/// A valid need form that keeps the fixture need private.
const NEED_FORM: &[(&str, &str)] =
    &[("title", "行列テスト"), ("employees", "12"), ("prefecture_code", "21"), ("visibility", "private")];

fn cases() -> Vec<Case> {
    vec![
        case!(GET "/healthz", ALL_OK),
        case!(GET "/readyz", ALL_OK),
        case!(GET "/metrics", ALL_OK),
        case!(GET "/api/openapi.json", ALL_OK),
        case!(GET "/static/{path:.*}" => |_| "/static/css/app.css".to_owned(), &[], ALL_OK),
        case!(GET "/", ALL_OK),
        case!(GET "/login", [200, 303, 303, 303, 303]),
        case!(POST "/login/email", &[("email", "someone{n}@example.jp")], [303, 303, 303, 303, 303]),
        case!(GET "/login/email/sent", ALL_OK),
        case!(GET "/login/email/verify", ALL_OK),
        case!(POST "/login/email/verify", &[("token", "not-a-real-token")], [410, 410, 410, 410, 410]),
        case!(POST "/login/demo", &[("role", "no-such-role")], [422, 422, 422, 422, 422]),
        case!(GET "/login/oauth/{provider}" => |_| "/login/oauth/unconfigured".to_owned(), &[], [404, 404, 404, 404, 404]),
        case!(GET "/login/oauth/{provider}/callback" => |_| "/login/oauth/unconfigured/callback".to_owned(), &[], [404, 404, 404, 404, 404]),
        case!(POST "/logout", [401, 303, 303, 303, 303]),
        case!(POST "/logout/everywhere", [401, 303, 303, 303, 303]),
        case!(GET "/account", SIGNED_IN_ONLY),
        case!(GET "/products", ALL_OK),
        case!(GET "/products/{id}" => |f| format!("/products/{}", f.product), &[], ALL_OK),
        case!(GET "/api/v1/products", ALL_OK),
        case!(GET "/api/v1/products/{id}" => |f| format!("/api/v1/products/{}", f.product), &[], ALL_OK),
        case!(GET "/working-groups", ALL_OK),
        // Organisations: only people without one create one; members and organisers manage.
        case!(GET "/organisations/new", [303, 403, 403, 403, 403]),
        case!(POST "/organisations", &[("kind", "user_company"), ("name", "新しい会社"), ("prefecture", "13")], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/organisations", &[("kind", "user_company"), ("name", "新しい会社")], [401, 403, 403, 403, 403]),
        case!(GET "/organisations/{id}" => |f| format!("/organisations/{}", f.organisation), &[], ALL_OK),
        case!(POST "/organisations/{id}/invitations" => |f| format!("/organisations/{}/invitations", f.organisation),
            &[("email", "invitee{n}@example.jp"), ("role", "member")], [401, 303, 403, 403, 403]),
        case!(GET "/invitations/{token}" => |_| "/invitations/not-a-real-invitation".to_owned(), &[], [303, 404, 404, 404, 404]),
        case!(POST "/invitations/{token}/accept" => |_| "/invitations/not-a-real-invitation/accept".to_owned(), &[], [401, 404, 404, 404, 404]),
        case!(POST "/invitations/{token}/decline" => |_| "/invitations/not-a-real-invitation/decline".to_owned(), &[], [401, 404, 404, 404, 404]),
        // The owning actor is an admin: raising their own role is refused like everyone else's attempt.
        case!(POST "/organisations/{id}/members/{user_id}/role" => |f| format!("/organisations/{}/members/{}/role", f.organisation, f.owner_user),
            &[("role", "owner")], [401, 403, 403, 403, 403]),
        case!(POST "/organisations/{id}/kind" => |f| format!("/organisations/{}/kind", f.organisation), &[("kind", "vendor")], [401, 403, 403, 403, 303]),
        case!(GET "/approvals", [303, 403, 403, 403, 200]),
        case!(POST "/organisations/{id}/approve" => |f| format!("/organisations/{}/approve", f.organisation), &[], [401, 403, 403, 403, 303]),
        case!(GET "/audit", [303, 403, 403, 403, 200]),
        case!(GET "/api/v1/audit", [401, 403, 403, 403, 200]),
        case!(GET "/compare", ALL_OK),
        // Needs. The fixture need is a PRIVATE need of gifu's user company, so for these rows the
        // columns read differently: "owner" and "same kind" are vendors (vendor@, the second
        // vendor), who must get 404 on every route of the need; "other kind" is gifu, the firm
        // that owns it; the organiser may view it but not change it (403). Anonymous visitors get
        // 404 on a need's pages (as if it did not exist) and 401 on the API.
        case!(GET "/needs/new", [303, 403, 403, 200, 403]),
        case!(POST "/needs", NEED_FORM, [401, 403, 403, 303, 403]),
        case!(GET "/needs/mine", [303, 403, 403, 200, 403]),
        case!(GET "/needs/{id}" => |f| format!("/needs/{}", f.need), &[], [404, 404, 404, 200, 200]),
        case!(GET "/needs/{id}/edit" => |f| format!("/needs/{}/edit", f.need), &[], [404, 404, 404, 200, 403]),
        case!(POST "/needs/{id}" => |f| format!("/needs/{}", f.need), NEED_FORM, [404, 404, 404, 303, 403]),
        case!(POST "/needs/{id}/close" => |f| format!("/needs/{}/close", f.need), &[], [404, 404, 404, 303, 403]),
        case!(POST "/needs/{id}/reopen" => |f| format!("/needs/{}/reopen", f.need), &[], [404, 404, 404, 303, 403]),
        case!(GET "/api/v1/needs", [401, 200, 200, 200, 200]),
        // The matrix posts forms without the X-CSRF-Token header: the firm gets 403 (CSRF) there.
        case!(POST "/api/v1/needs", NEED_FORM, [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/needs/{id}" => |f| format!("/api/v1/needs/{}", f.need), &[], [401, 404, 404, 200, 200]),
        case!(PUT "/api/v1/needs/{id}" => |f| format!("/api/v1/needs/{}", f.need), NEED_FORM, [401, 404, 404, 403, 403]),
        case!(POST "/api/v1/needs/{id}/close" => |f| format!("/api/v1/needs/{}/close", f.need), &[], [401, 404, 404, 403, 403]),
        case!(POST "/api/v1/needs/{id}/reopen" => |f| format!("/api/v1/needs/{}/reopen", f.need), &[], [401, 404, 404, 403, 403]),
        // Matches: the firm's side, the product's vendor, and the organiser; others see nothing.
        // The live ranking of a need is its firm's (and the organiser's) alone.
        case!(GET "/api/v1/needs/{id}/matches" => |f| format!("/api/v1/needs/{}/matches", f.need), &[], [401, 404, 404, 200, 200]),
        case!(GET "/matches", SIGNED_IN_ONLY),
        case!(GET "/matches/{id}" => |f| format!("/matches/{}", f.matched), &[], [303, 200, 404, 200, 200]),
        // An unknown step (422) changes nothing, so every actor meets the same match.
        case!(POST "/matches/{id}/transitions" => |f| format!("/matches/{}/transitions", f.matched), &[("step", "bogus")], [401, 422, 404, 422, 422]),
        case!(GET "/api/v1/matches", [401, 200, 200, 200, 200]),
        case!(GET "/api/v1/matches/{id}" => |f| format!("/api/v1/matches/{}", f.matched), &[], [401, 200, 404, 200, 200]),
        case!(POST "/api/v1/matches/{id}/transitions" => |f| format!("/api/v1/matches/{}/transitions", f.matched), &[], [401, 403, 404, 403, 403]),
        // Product listings: members of an active vendor create; only the product's own vendor edits.
        case!(GET "/products/new", [303, 200, 200, 403, 403]),
        case!(POST "/products", [401, 422, 422, 403, 403]),
        case!(GET "/products/{id}/edit" => |f| format!("/products/{}/edit", f.product), &[], [303, 200, 403, 403, 403]),
        case!(POST "/products/{id}" => |f| format!("/products/{}", f.product), &[], [401, 422, 403, 403, 403]),
        // yamory is already published: publishing again is a conflict.
        case!(POST "/products/{id}/publish" => |f| format!("/products/{}/publish", f.product), &[], [401, 409, 403, 403, 403]),
        case!(GET "/vendor/products", [303, 200, 200, 403, 403]),
        // JSON writes need the X-CSRF-Token header, which these form posts lack.
        case!(POST "/api/v1/products", [401, 403, 403, 403, 403]),
        case!(PUT "/api/v1/products/{id}" => |f| format!("/api/v1/products/{}", f.product), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/products/{id}/publish" => |f| format!("/api/v1/products/{}/publish", f.product), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/products/{id}/archive" => |f| format!("/api/v1/products/{}/archive", f.product), &[], [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/products/{id}/history" => |f| format!("/api/v1/products/{}/history", f.product), &[], [401, 200, 403, 403, 200]),
        // Verification results: verifiers and the organiser, never the vendor (empty forms: 422).
        case!(GET "/products/{id}/verifications/new" => |f| format!("/products/{}/verifications/new", f.product), &[], [303, 403, 403, 403, 200]),
        case!(POST "/products/{id}/verifications" => |f| format!("/products/{}/verifications", f.product), &[], [401, 403, 403, 403, 422]),
        case!(POST "/verifications/{id}/amend" => |f| format!("/verifications/{}/amend", f.verification), &[], [401, 403, 403, 403, 422]),
        case!(POST "/verifications/{id}/withdraw" => |f| format!("/verifications/{}/withdraw", f.verification), &[], [401, 403, 403, 403, 422]),
        case!(POST "/api/v1/products/{id}/verifications" => |f| format!("/api/v1/products/{}/verifications", f.product), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/verifications/{id}/amend" => |f| format!("/api/v1/verifications/{}/amend", f.verification), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/verifications/{id}/withdraw" => |f| format!("/api/v1/verifications/{}/withdraw", f.verification), &[], [401, 403, 403, 403, 403]),
        // The organiser's console: organiser members only (anonymous pages ask to sign in).
        case!(GET "/console", ORGANISER_ONLY),
        case!(GET "/console/approvals", ORGANISER_ONLY),
        case!(GET "/console/funnel", ORGANISER_ONLY),
        case!(GET "/console/sessions", ORGANISER_ONLY),
        case!(GET "/console/events", ORGANISER_ONLY),
        case!(GET "/console/verifications", ORGANISER_ONLY),
        case!(GET "/console/mail", ORGANISER_ONLY),
        case!(GET "/console/export/{table}" => |_| "/console/export/funnel".to_owned(), &[], ORGANISER_ONLY),
        // The fixture record lapsed long ago: nothing to remind of (404). `console_verifications`
        // tests the reminder itself.
        case!(POST "/console/verifications/{id}/remind" => |f| format!("/console/verifications/{}/remind", f.verification), &[], [401, 403, 403, 403, 404]),
        case!(GET "/api/v1/console/approvals", ORGANISER_API),
        case!(GET "/api/v1/console/funnel", ORGANISER_API),
        case!(GET "/api/v1/console/sessions", ORGANISER_API),
        case!(GET "/api/v1/console/events", ORGANISER_API),
        case!(GET "/api/v1/console/verifications", ORGANISER_API),
        case!(GET "/api/v1/console/mail", ORGANISER_API),
        // Without the X-CSRF-Token header even the organiser gets 403.
        case!(POST "/api/v1/console/verifications/{id}/remind" => |f| format!("/api/v1/console/verifications/{}/remind", f.verification), &[], [401, 403, 403, 403, 403]),
        // Case studies. The fixture is a DRAFT of yamory adopted by gifu's firm: "owner" is the
        // vendor that edits it, "same kind" a vendor with nothing to do with it (404), "other kind"
        // the user company (sees it, does not edit it), the organiser sees it and cannot publish a
        // draft (409).
        case!(POST "/case-studies", &[("match_id", "not-a-match")], [401, 422, 422, 422, 422]),
        case!(GET "/case-studies/{id}/edit" => |f| format!("/case-studies/{}/edit", f.case_study), &[], [303, 200, 404, 403, 403]),
        case!(GET "/case-studies/{id}" => |f| format!("/case-studies/{}", f.case_study), &[], [404, 200, 404, 200, 200]),
        case!(POST "/case-studies/{id}" => |f| format!("/case-studies/{}", f.case_study), &[], [401, 422, 404, 403, 403]),
        case!(POST "/case-studies/{id}/{action}" => |f| format!("/case-studies/{}/publish", f.case_study), &[], [401, 403, 404, 403, 409]),
        case!(GET "/api/v1/case-studies", ALL_OK),
        case!(POST "/api/v1/case-studies", [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/case-studies/{id}" => |f| format!("/api/v1/case-studies/{}", f.case_study), &[], [404, 200, 404, 200, 200]),
        case!(PUT "/api/v1/case-studies/{id}" => |f| format!("/api/v1/case-studies/{}", f.case_study), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/case-studies/{id}/{action}" => |f| format!("/api/v1/case-studies/{}/publish", f.case_study), &[], [401, 403, 403, 403, 403]),
        // The owner really archives yamory (others: a draft-like listing they may not see, 404).
        case!(POST "/products/{id}/archive" => |f| format!("/products/{}/archive", f.product), &[], [401, 303, 404, 404, 403]),
        // The room page of a session that does not exist (the rooms_ws tests open real ones).
        case!(GET "/sessions/{id}/room" => |_| format!("/sessions/{}/room", uuid::Uuid::nil()), &[], [303, 404, 404, 404, 404]),
        // Refused before the upgrade: a plain request carries no allowed Origin (see rooms_ws_abuse).
        case!(GET "/ws/sessions/{id}" => |_| format!("/ws/sessions/{}", uuid::Uuid::nil()), &[], [403, 403, 403, 403, 403]),
        // Last: the organiser really suspends the organisation.
        case!(POST "/organisations/{id}/suspend" => |f| format!("/organisations/{}/suspend", f.organisation), &[], [401, 403, 403, 403, 303]),
        // One-click unsubscribe works without signing in: the signed token is the permission.
        case!(GET "/mail/unsubscribe" => |_| "/mail/unsubscribe?token=forged".to_owned(), &[], [400, 400, 400, 400, 400]),
        case!(POST "/mail/unsubscribe" => |_| "/mail/unsubscribe?token=forged".to_owned(), &[], [400, 400, 400, 400, 400]),
    ]
}

/// A private need of gifu's user company, stored directly (the routes under test must not be
/// needed to set up their own fixture).
async fn gifu_private_need(app: &TestApp) -> String {
    use chrono::Utc;
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let gifu = entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq("gifu@colapla.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo firm");
    let membership = entities::membership::Entity::find()
        .filter(entities::membership::Column::UserId.eq(gifu.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("gifu's membership");
    let need = entities::need::Model {
        id: uuid::Uuid::now_v7(),
        organisation_id: membership.organisation_id,
        created_by_user_id: Some(gifu.id),
        title: "非公開のニーズ".into(),
        body: "社外秘".into(),
        worries: "ransomware".into(),
        budget_initial_yen: 0,
        budget_monthly_yen: 10_000,
        employees: 12,
        devices: 14,
        prefecture_code: 21,
        industry_code: None,
        keywords: String::new(),
        visibility: entities::need::NeedVisibility::Private,
        status: entities::need::NeedStatus::Open,
        deadline: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    need.id.to_string()
}

/// A draft case study of `product` adopted by gifu's user company, stored directly.
async fn draft_case_study(app: &TestApp, product: uuid::Uuid) -> String {
    use chrono::Utc;
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let gifu = entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq("gifu@colapla.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo firm");
    let membership = entities::membership::Entity::find()
        .filter(entities::membership::Column::UserId.eq(gifu.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("gifu's membership");
    entities::case_study::Model {
        id: uuid::Uuid::now_v7(),
        match_id: None,
        product_id: product,
        user_organisation_id: membership.organisation_id,
        industry_code: None,
        title_ja: "岐阜の製造業での導入".into(),
        body_ja: "下書き".into(),
        title_en: None,
        body_en: None,
        status: entities::case_study::CaseStudyStatus::Draft,
        approved_by_user_id: None,
        approved_at: None,
        published_at: None,
        withdrawn_at: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// An anonymous need of gifu's firm, proposed to `product`; returns the match id.
async fn gifu_match_with(app: &TestApp, product: uuid::Uuid) -> String {
    use chrono::Utc;
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let private = gifu_private_need(app).await;
    let mut need = entities::need::Entity::find_by_id(uuid::Uuid::parse_str(&private).unwrap())
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    need.visibility = sea_orm::Set(entities::need::NeedVisibility::Anonymous);
    let need = need.update(&app.state.db).await.unwrap();
    entities::need_match::Model {
        id: uuid::Uuid::now_v7(),
        need_id: need.id,
        product_id: product,
        score: 1,
        reasons: serde_json::json!([]),
        state: entities::need_match::MatchState::Proposed,
        user_interested_at: None,
        vendor_interested_at: None,
        introduced_at: None,
        state_changed_at: Utc::now(),
        meeting_at: None,
        lead_mailed_at: Some(Utc::now()),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap()
    .id
    .to_string()
}

/// Adds a person to another vendor organisation, so "same kind, other organisation" exists.
async fn second_vendor(app: &TestApp) -> String {
    use chrono::Utc;
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let other = entities::organisation::Entity::find()
        .filter(entities::organisation::Column::Kind.eq(entities::organisation::OrganisationKind::Vendor))
        .filter(entities::organisation::Column::Name.contains("スプライン"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("another vendor in the demo data");
    let email = "second-vendor@colapla.example".to_owned();
    let user = entities::app_user::Model {
        id: uuid::Uuid::now_v7(),
        email: email.clone(),
        display_name: "第二ベンダー".into(),
        locale: entities::app_user::Locale::Ja,
        time_zone: "Asia/Tokyo".into(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        last_sign_in_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    entities::membership::Model {
        id: uuid::Uuid::now_v7(),
        organisation_id: other.id,
        user_id: user.id,
        role: entities::membership::MembershipRole::Owner,
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    email
}

#[tokio::test]
async fn every_route_answers_each_actor_as_the_matrix_says() {
    let app = spawn_app().await;
    let cases = cases();

    // Fail first on routes nobody has decided about.
    let listed: Vec<(Method, &str)> = cases.iter().map(|c| (c.method.clone(), c.route)).collect();
    let missing: Vec<String> = colapla::http::route_table()
        .list()
        .into_iter()
        .filter(|r| !listed.contains(&(r.method.clone(), r.path)))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(missing.is_empty(), "routes missing from the access matrix: {missing:#?}");

    let yamory = entities::product::Entity::find()
        .filter(entities::product::Column::Name.eq("yamory"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("yamory is in the demo data");
    let vendor_user = entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq("vendor@colapla.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo vendor");
    let verification = entities::verification::Entity::find()
        .filter(entities::verification::Column::ProductId.eq(yamory.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("yamory has a verification record in the demo data");
    let fixture = Fixture {
        verification: verification.id.to_string(),
        product: yamory.id.to_string(),
        organisation: yamory.organisation_id.to_string(),
        owner_user: vendor_user.id.to_string(),
        need: gifu_private_need(&app).await,
        case_study: draft_case_study(&app, yamory.id).await,
        matched: gifu_match_with(&app, yamory.id).await,
    };
    let second_vendor = second_vendor(&app).await;
    let actors: [Option<&str>; 5] = [
        None,
        Some("vendor@colapla.example"),
        Some(second_vendor.as_str()),
        Some("gifu@colapla.example"),
        Some("organiser@colapla.example"),
    ];
    let names = ["anonymous", "owner", "same kind", "other kind", "organiser"];

    let mut wrong = Vec::new();
    for case in &cases {
        let path = (case.path)(&fixture);
        for (i, actor) in actors.iter().enumerate() {
            // A fresh session for every request: sign-out routes end sessions.
            let client = match actor {
                Some(email) => app.client_signed_in_as(email).await,
                None => new_client(),
            };
            let response = if case.method == Method::GET {
                client.get(app.url(&path)).send().await.unwrap()
            } else {
                // A page with a form: the sign-in page before signing in, any page after (sign-out).
                let page_path = if actor.is_some() { "/" } else { "/login" };
                let page = client.get(app.url(page_path)).send().await.unwrap().text().await.unwrap();
                let csrf = csrf_in(&page);
                // `{n}` in a value becomes the actor's number, so per-address limits do not mix actors.
                let mut form: Vec<(&str, String)> =
                    case.form.iter().map(|(k, v)| (*k, v.replace("{n}", &i.to_string()))).collect();
                form.push(("csrf_token", csrf));
                client
                    .request(reqwest::Method::from_bytes(case.method.as_str().as_bytes()).unwrap(), app.url(&path))
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            };
            let status = response.status().as_u16();
            assert_ne!(status, 500, "{} {path} as {}", case.method, names[i]);
            if status != case.expect[i] {
                wrong
                    .push(format!("{} {path} as {}: expected {}, got {status}", case.method, names[i], case.expect[i]));
            }
        }
    }
    assert!(wrong.is_empty(), "the access matrix does not hold:\n{}", wrong.join("\n"));
}
