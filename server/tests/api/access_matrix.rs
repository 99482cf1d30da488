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
}

/// Expected statuses: anonymous, owner, same kind, other kind, organiser.
type Expect = [u16; 5];

const ALL_OK: Expect = [200, 200, 200, 200, 200];
const SIGNED_IN_ONLY: Expect = [303, 200, 200, 200, 200];

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
        // Last: the organiser really suspends the organisation.
        case!(POST "/organisations/{id}/suspend" => |f| format!("/organisations/{}/suspend", f.organisation), &[], [401, 403, 403, 403, 303]),
        // One-click unsubscribe works without signing in: the signed token is the permission.
        case!(GET "/mail/unsubscribe" => |_| "/mail/unsubscribe?token=forged".to_owned(), &[], [400, 400, 400, 400, 400]),
        case!(POST "/mail/unsubscribe" => |_| "/mail/unsubscribe?token=forged".to_owned(), &[], [400, 400, 400, 400, 400]),
    ]
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
    let fixture = Fixture {
        product: yamory.id.to_string(),
        organisation: yamory.organisation_id.to_string(),
        owner_user: vendor_user.id.to_string(),
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
