//! Working groups and their sessions: groups with members and moderators, sessions with a
//! schedule, capacity, agenda and registrations, mail through the outbox (confirmations,
//! invitations, the reminder the day before), a calendar file per session, minutes, the public
//! record, and the organisers' export. The realtime room itself lives in `realtime/`.
//!
//! Who may do what is [`access`] (pure), asked with facts that [`context`] loads from storage.
//! Pure rules: `access`, `groups::form`, `sessions::form`, `registrations::rules`, `export`.

pub mod access;
pub mod context;
pub mod error;
pub mod export;
pub mod groups;
pub mod mail;
mod pages;
pub mod realtime;
pub mod registrations;
pub mod reminders;
mod room_page;
pub mod sessions;
pub mod store;
pub mod view;

use actix_web::HttpResponse;
use actix_web::http::header;

pub use error::RoomsError;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes.get("/working-groups", pages::list);
    groups::routes(routes);
    sessions::routes(routes);
    registrations::routes(routes);
    routes
        .get("/sessions/{id}/export.csv", export::csv_download)
        .get("/sessions/{id}/export.md", export::markdown_download)
        .post("/sessions/{id}/delete-data", export::delete_data);
    routes.get("/sessions/{id}/room", room_page::show);
    realtime::routes(routes);
}

/// The API document of working groups and sessions.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        groups::api::list,
        groups::api::show,
        groups::api::create,
        groups::api::update,
        groups::api::put_member,
        groups::api::remove_member,
        sessions::api::create,
        sessions::api::show,
        sessions::api::update,
        sessions::api::cancel,
        sessions::minutes::api_show,
        sessions::minutes::api_save,
        registrations::api::list,
        registrations::api::register,
        registrations::api::cancel,
        registrations::api::approve,
        registrations::api::decline,
        registrations::api::invite,
    ),
    components(schemas(
        groups::api::GroupRequest,
        groups::api::MemberRequest,
        sessions::api::SessionRequest,
        sessions::api::AgendaRequest,
        sessions::minutes::MinutesRequest,
        registrations::api::RegisterRequest,
        registrations::api::InviteRequest,
        view::GroupView,
        view::GroupList,
        view::GroupDetail,
        view::MemberView,
        view::SessionView,
        view::SessionLinks,
        view::AgendaItemView,
        view::RegistrationView,
        view::RegistrationList,
        view::OwnRegistration,
        view::MinutesView,
    )),
    tags((name = "working_groups", description = "Working groups, their sessions, registrations and minutes")),
)]
#[derive(Debug)]
pub struct ApiDocs;

pub(crate) fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}

/// The value of a form field (the first one), or "".
pub(crate) fn form_value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
}

pub(crate) fn check_form_csrf(
    req: &actix_web::HttpRequest,
    pairs: &[(String, String)],
) -> Result<(), crate::http::HttpError> {
    crate::identity::csrf::verify(req, form_value(pairs, "csrf_token"))
}

pub(crate) fn check_header_csrf(req: &actix_web::HttpRequest) -> Result<(), crate::http::HttpError> {
    crate::identity::csrf::verify(req, crate::http::body::csrf_header(req))
}
