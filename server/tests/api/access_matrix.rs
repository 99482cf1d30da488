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
    /// The seeds-side working group, whose moderator is the owning actor (vendor@), and its
    /// approval-only session in the future, with two pending requests (osaka@, iwate@).
    group: String,
    session: String,
    pending: String,
    pending_too: String,
    /// A person the organiser adds to and removes from the group (okayama@).
    member: String,
    /// A proposed match of the product with an anonymous need of gifu's user company.
    matched: String,
    /// The demo matching event (open, booking): vendor@ (owner) and gifu (other kind) take part.
    event: String,
    /// gifu's pending request to vendor@'s VISIONAL at that event.
    request: String,
    /// vendor@'s participant at that event.
    participant: String,
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

/// A valid working-group form that keeps the fixture group what it is.
const GROUP_FORM: &[(&str, &str)] =
    &[("kind", "seeds"), ("name_ja", "シーズサイドのコラボレーション"), ("description_ja", "行列テストの説明")];

/// A valid session form that keeps the fixture session approval-only and in the future.
const SESSION_FORM: &[(&str, &str)] = &[
    ("title_ja", "行列テストの回"),
    ("starts_at", "2030-12-03T19:00"),
    ("duration_minutes", "90"),
    ("capacity", "25"),
    ("requires_approval", "true"),
    ("agenda", "10 | 開会 | Opening"),
];

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
        // Matching events: the demo event is open and booking; vendor@ ("owner") and gifu ("other
        // kind") are registered participants, the second vendor is not. Organisers run it.
        case!(GET "/events", ALL_OK),
        case!(GET "/events/new", [303, 403, 403, 403, 200]),
        case!(POST "/events", [401, 403, 403, 403, 422]),
        case!(GET "/events/{id}" => |f| format!("/events/{}", f.event), &[], ALL_OK),
        case!(GET "/events/{id}/edit" => |f| format!("/events/{}/edit", f.event), &[], [303, 403, 403, 403, 200]),
        case!(POST "/events/{id}" => |f| format!("/events/{}", f.event), &[], [401, 403, 403, 403, 422]),
        case!(POST "/events/{id}/status" => |f| format!("/events/{}/status", f.event), &[("status", "bogus")], [401, 403, 403, 403, 422]),
        // Inviting an organisation that is not an organisation: 422 for the organiser.
        case!(POST "/events/{id}/invitations" => |f| format!("/events/{}/invitations", f.event), &[("organisation_id", "{n}")], [401, 403, 403, 403, 422]),
        case!(POST "/events/{id}/requests" => |f| format!("/events/{}/requests", f.event), &[], [401, 422, 403, 422, 403]),
        case!(POST "/events/{id}/requests/{request_id}/respond" => |f| format!("/events/{}/requests/{}/respond", f.event, f.request),
            &[("action", "bogus")], [401, 422, 403, 422, 403]),
        case!(POST "/events/{id}/unavailability" => |f| format!("/events/{}/unavailability", f.event), &[], [401, 303, 403, 303, 403]),
        case!(POST "/events/{id}/preferences" => |f| format!("/events/{}/preferences", f.event), &[], [401, 303, 403, 303, 403]),
        case!(GET "/events/{id}/schedule" => |f| format!("/events/{}/schedule", f.event), &[], [303, 403, 403, 403, 200]),
        // Still booking: running or publishing the schedule is a conflict even for the organiser.
        case!(POST "/events/{id}/schedule" => |f| format!("/events/{}/schedule", f.event), &[], [401, 403, 403, 403, 409]),
        case!(POST "/events/{id}/schedule/move" => |f| format!("/events/{}/schedule/move", f.event), &[], [401, 403, 403, 403, 422]),
        case!(POST "/events/{id}/schedule/swap" => |f| format!("/events/{}/schedule/swap", f.event), &[], [401, 403, 403, 403, 422]),
        case!(POST "/events/{id}/publish" => |f| format!("/events/{}/publish", f.event), &[], [401, 403, 403, 403, 409]),
        case!(GET "/events/{id}/agenda" => |f| format!("/events/{}/agenda", f.event), &[], [303, 200, 403, 200, 403]),
        case!(GET "/events/{id}/agenda.ics" => |f| format!("/events/{}/agenda.ics", f.event), &[], [303, 200, 403, 200, 403]),
        case!(POST "/events/{id}/meetings/{meeting_id}/join-url" => |f| format!("/events/{}/meetings/{}/join-url", f.event, f.request),
            &[], [401, 404, 403, 404, 403]),
        case!(POST "/events/{id}/meetings/{meeting_id}/outcome" => |f| format!("/events/{}/meetings/{}/outcome", f.event, f.request),
            &[], [401, 422, 403, 422, 403]),
        case!(GET "/events/{id}/numbers" => |f| format!("/events/{}/numbers", f.event), &[], [303, 403, 403, 403, 200]),
        case!(GET "/api/v1/events", [401, 200, 200, 200, 200]),
        // JSON writes need the X-CSRF-Token header, which these form posts lack.
        case!(POST "/api/v1/events", [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/events/{id}" => |f| format!("/api/v1/events/{}", f.event), &[], [401, 200, 200, 200, 200]),
        case!(PUT "/api/v1/events/{id}" => |f| format!("/api/v1/events/{}", f.event), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/events/{id}/status" => |f| format!("/api/v1/events/{}/status", f.event), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/events/{id}/invitations" => |f| format!("/api/v1/events/{}/invitations", f.event), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/events/{id}/registration" => |f| format!("/api/v1/events/{}/registration", f.event), &[], [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/events/{id}/participants" => |f| format!("/api/v1/events/{}/participants", f.event), &[], [401, 403, 403, 403, 200]),
        case!(GET "/api/v1/events/{id}/me" => |f| format!("/api/v1/events/{}/me", f.event), &[], [401, 200, 403, 200, 403]),
        case!(POST "/api/v1/events/{id}/requests" => |f| format!("/api/v1/events/{}/requests", f.event), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/events/{id}/requests/{request_id}/respond" => |f| format!("/api/v1/events/{}/requests/{}/respond", f.event, f.request),
            &[], [401, 403, 403, 403, 403]),
        case!(PUT "/api/v1/events/{id}/unavailability" => |f| format!("/api/v1/events/{}/unavailability", f.event), &[], [401, 403, 403, 403, 403]),
        case!(PUT "/api/v1/events/{id}/preferences" => |f| format!("/api/v1/events/{}/preferences", f.event), &[], [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/events/{id}/schedule" => |f| format!("/api/v1/events/{}/schedule", f.event), &[], [401, 403, 403, 403, 200]),
        case!(POST "/api/v1/events/{id}/schedule" => |f| format!("/api/v1/events/{}/schedule", f.event), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/events/{id}/schedule/move" => |f| format!("/api/v1/events/{}/schedule/move", f.event), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/events/{id}/schedule/swap" => |f| format!("/api/v1/events/{}/schedule/swap", f.event), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/events/{id}/publish" => |f| format!("/api/v1/events/{}/publish", f.event), &[], [401, 403, 403, 403, 403]),
        // Someone else's agenda is absent; the organiser sees anyone's.
        case!(GET "/api/v1/events/{id}/participants/{participant_id}/agenda" => |f| format!("/api/v1/events/{}/participants/{}/agenda", f.event, f.participant),
            &[], [401, 200, 404, 404, 200]),
        case!(PUT "/api/v1/events/{id}/meetings/{meeting_id}/join-url" => |f| format!("/api/v1/events/{}/meetings/{}/join-url", f.event, f.request),
            &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/events/{id}/meetings/{meeting_id}/outcome" => |f| format!("/api/v1/events/{}/meetings/{}/outcome", f.event, f.request),
            &[], [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/events/{id}/numbers" => |f| format!("/api/v1/events/{}/numbers", f.event), &[], [401, 403, 403, 403, 200]),
        // Last of the event rows: registering really registers the second vendor (its product is verified).
        case!(POST "/events/{id}/registration" => |f| format!("/events/{}/registration", f.event), &[], [401, 303, 303, 303, 403]),
        // The owner really archives yamory (others: a draft-like listing they may not see, 404).
        case!(POST "/products/{id}/archive" => |f| format!("/products/{}/archive", f.product), &[], [401, 303, 404, 404, 403]),
        // Working groups: the organiser creates and edits groups; the fixture group's moderator
        // (the owner column, vendor@) manages its sessions; nobody else does.
        case!(GET "/working-groups/new", [303, 403, 403, 403, 200]),
        case!(POST "/working-groups", GROUP_FORM, [401, 403, 403, 403, 303]),
        case!(GET "/working-groups/{id}" => |f| format!("/working-groups/{}", f.group), &[], ALL_OK),
        case!(GET "/working-groups/{id}/edit" => |f| format!("/working-groups/{}/edit", f.group), &[], [303, 403, 403, 403, 200]),
        case!(POST "/working-groups/{id}" => |f| format!("/working-groups/{}", f.group), GROUP_FORM, [401, 403, 403, 403, 303]),
        case!(POST "/working-groups/{id}/members" => |f| format!("/working-groups/{}/members", f.group),
            &[("email", "okayama@colapla.example"), ("role", "member")], [401, 403, 403, 403, 303]),
        case!(POST "/working-groups/{id}/members/{user_id}/remove" => |f| format!("/working-groups/{}/members/{}/remove", f.group, f.member),
            &[], [401, 403, 403, 403, 303]),
        case!(GET "/api/v1/working-groups", ALL_OK),
        case!(POST "/api/v1/working-groups", GROUP_FORM, [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/working-groups/{id}" => |f| format!("/api/v1/working-groups/{}", f.group), &[], ALL_OK),
        case!(PUT "/api/v1/working-groups/{id}" => |f| format!("/api/v1/working-groups/{}", f.group), GROUP_FORM, [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/working-groups/{id}/members" => |f| format!("/api/v1/working-groups/{}/members", f.group), &[], [401, 403, 403, 403, 403]),
        case!(DELETE "/api/v1/working-groups/{id}/members/{user_id}" => |f| format!("/api/v1/working-groups/{}/members/{}", f.group, f.member),
            &[], [401, 403, 403, 403, 403]),
        // Sessions of the fixture group.
        case!(GET "/working-groups/{id}/sessions/new" => |f| format!("/working-groups/{}/sessions/new", f.group), &[], [303, 200, 403, 403, 200]),
        case!(POST "/working-groups/{id}/sessions" => |f| format!("/working-groups/{}/sessions", f.group), SESSION_FORM, [401, 303, 403, 403, 303]),
        case!(GET "/sessions/{id}" => |f| format!("/sessions/{}", f.session), &[], ALL_OK),
        case!(GET "/sessions/{id}/record" => |f| format!("/sessions/{}/record", f.session), &[], ALL_OK),
        case!(GET "/sessions/{id}/calendar.ics" => |f| format!("/sessions/{}/calendar.ics", f.session), &[], ALL_OK),
        case!(GET "/sessions/{id}/edit" => |f| format!("/sessions/{}/edit", f.session), &[], [303, 200, 403, 403, 200]),
        case!(POST "/sessions/{id}" => |f| format!("/sessions/{}", f.session), SESSION_FORM, [401, 303, 403, 403, 303]),
        case!(GET "/sessions/{id}/minutes" => |f| format!("/sessions/{}/minutes", f.session), &[], [303, 200, 403, 403, 200]),
        case!(POST "/sessions/{id}/minutes" => |f| format!("/sessions/{}/minutes", f.session),
            &[("markdown", "# 議事録"), ("publish", "false")], [401, 303, 403, 403, 303]),
        case!(POST "/api/v1/working-groups/{id}/sessions" => |f| format!("/api/v1/working-groups/{}/sessions", f.group), SESSION_FORM, [401, 403, 403, 403, 403]),
        case!(GET "/api/v1/sessions/{id}" => |f| format!("/api/v1/sessions/{}", f.session), &[], ALL_OK),
        case!(PUT "/api/v1/sessions/{id}" => |f| format!("/api/v1/sessions/{}", f.session), SESSION_FORM, [401, 403, 403, 403, 403]),
        // Draft minutes: their writers only.
        case!(GET "/api/v1/sessions/{id}/minutes" => |f| format!("/api/v1/sessions/{}/minutes", f.session), &[], [401, 200, 403, 403, 200]),
        case!(PUT "/api/v1/sessions/{id}/minutes" => |f| format!("/api/v1/sessions/{}/minutes", f.session), &[], [401, 403, 403, 403, 403]),
        // Registration: managers are approved at once, others wait (all really register, then cancel).
        case!(POST "/sessions/{id}/register" => |f| format!("/sessions/{}/register", f.session), &[("role", "participant")], [401, 303, 303, 303, 303]),
        case!(POST "/sessions/{id}/cancel" => |f| format!("/sessions/{}/cancel", f.session), &[], [401, 303, 303, 303, 303]),
        // The moderator approves (declines) the request first; the organiser then finds none pending.
        case!(POST "/sessions/{id}/registrations/{registration_id}/approve" => |f| format!("/sessions/{}/registrations/{}/approve", f.session, f.pending),
            &[], [401, 303, 403, 403, 404]),
        case!(POST "/sessions/{id}/registrations/{registration_id}/decline" => |f| format!("/sessions/{}/registrations/{}/decline", f.session, f.pending_too),
            &[], [401, 303, 403, 403, 404]),
        // The moderator invites okinawa@; the organiser's second invitation is a conflict.
        case!(POST "/sessions/{id}/invitations" => |f| format!("/sessions/{}/invitations", f.session),
            &[("email", "okinawa@colapla.example"), ("role", "presenter")], [401, 303, 403, 403, 409]),
        case!(GET "/api/v1/sessions/{id}/registrations" => |f| format!("/api/v1/sessions/{}/registrations", f.session), &[], [401, 200, 403, 403, 200]),
        case!(POST "/api/v1/sessions/{id}/registrations" => |f| format!("/api/v1/sessions/{}/registrations", f.session), &[], [401, 403, 403, 403, 403]),
        case!(DELETE "/api/v1/sessions/{id}/registration" => |f| format!("/api/v1/sessions/{}/registration", f.session), &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/sessions/{id}/registrations/{registration_id}/approve" => |f| format!("/api/v1/sessions/{}/registrations/{}/approve", f.session, f.pending),
            &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/sessions/{id}/registrations/{registration_id}/decline" => |f| format!("/api/v1/sessions/{}/registrations/{}/decline", f.session, f.pending),
            &[], [401, 403, 403, 403, 403]),
        case!(POST "/api/v1/sessions/{id}/invitations" => |f| format!("/api/v1/sessions/{}/invitations", f.session), &[], [401, 403, 403, 403, 403]),
        // The record after the session: its managers export (409 before its end); the organiser deletes.
        case!(GET "/sessions/{id}/export.csv" => |f| format!("/sessions/{}/export.csv", f.session), &[], [303, 409, 403, 403, 409]),
        case!(GET "/sessions/{id}/export.md" => |f| format!("/sessions/{}/export.md", f.session), &[], [303, 409, 403, 403, 409]),
        case!(POST "/sessions/{id}/delete-data" => |f| format!("/sessions/{}/delete-data", f.session), &[], [401, 403, 403, 403, 409]),
        // The moderator calls the fixture session off; the organiser then finds it closed.
        case!(POST "/sessions/{id}/cancel-session" => |f| format!("/sessions/{}/cancel-session", f.session), &[], [401, 303, 403, 403, 409]),
        case!(POST "/api/v1/sessions/{id}/cancel" => |f| format!("/api/v1/sessions/{}/cancel", f.session), &[], [401, 403, 403, 403, 403]),
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

async fn user_id(app: &TestApp, email: &str) -> uuid::Uuid {
    entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no user {email}"))
        .id
}

/// The seeds-side group of the demo data with vendor@ as its moderator, and its approval-only
/// session with pending requests from osaka@ and iwate@ (stored directly, like the need).
async fn seeds_group_fixture(app: &TestApp, mut fixture: Fixture) -> Fixture {
    use chrono::Utc;
    use entities::session_registration::{RegistrationRole, RegistrationStatus};
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let group = entities::working_group::Entity::find()
        .filter(entities::working_group::Column::Kind.eq(entities::working_group::WorkingGroupKind::Seeds))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("a seeds-side group in the demo data");
    let session = entities::wg_session::Entity::find()
        .filter(entities::wg_session::Column::WorkingGroupId.eq(group.id))
        .filter(entities::wg_session::Column::RequiresApproval.eq(true))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("an approval-only session of the seeds-side group");
    entities::working_group_member::Model {
        id: uuid::Uuid::now_v7(),
        working_group_id: group.id,
        user_id: user_id(app, "vendor@colapla.example").await,
        role: entities::working_group_member::WorkingGroupRole::Moderator,
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(&app.state.db)
    .await
    .unwrap();
    let mut pending = Vec::new();
    for email in ["osaka@colapla.example", "iwate@colapla.example"] {
        let registration = entities::session_registration::Model {
            id: uuid::Uuid::now_v7(),
            session_id: session.id,
            user_id: user_id(app, email).await,
            role: RegistrationRole::Participant,
            status: RegistrationStatus::Pending,
            attended_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
        .into_active_model()
        .reset_all()
        .insert(&app.state.db)
        .await
        .unwrap();
        pending.push(registration.id.to_string());
    }
    fixture.group = group.id.to_string();
    fixture.session = session.id.to_string();
    fixture.pending_too = pending.pop().unwrap();
    fixture.pending = pending.pop().unwrap();
    fixture
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
    let demo_event =
        entities::matching_event::Entity::find().one(&app.state.db).await.unwrap().expect("the demo event");
    let vendor_participant = entities::event_participant::Entity::find()
        .filter(entities::event_participant::Column::EventId.eq(demo_event.id))
        .filter(entities::event_participant::Column::OrganisationId.eq(yamory.organisation_id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("VISIONAL takes part in the demo event");
    let demo_request = entities::meeting_request::Entity::find()
        .filter(entities::meeting_request::Column::ToParticipantId.eq(vendor_participant.id))
        .filter(entities::meeting_request::Column::State.eq(entities::meeting_request::MeetingRequestState::Pending))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("gifu's pending request to VISIONAL");
    let fixture = Fixture {
        verification: verification.id.to_string(),
        product: yamory.id.to_string(),
        organisation: yamory.organisation_id.to_string(),
        owner_user: vendor_user.id.to_string(),
        need: gifu_private_need(&app).await,
        case_study: draft_case_study(&app, yamory.id).await,
        group: String::new(),
        session: String::new(),
        pending: String::new(),
        pending_too: String::new(),
        member: user_id(&app, "okayama@colapla.example").await.to_string(),
        matched: gifu_match_with(&app, yamory.id).await,
        event: demo_event.id.to_string(),
        request: demo_request.id.to_string(),
        participant: vendor_participant.id.to_string(),
    };
    let fixture = seeds_group_fixture(&app, fixture).await;
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
