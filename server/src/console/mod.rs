//! The organiser's console: what waits for a decision (organisations, products, case studies),
//! verifications about to lapse (with a reminder to the vendor), working-group participation,
//! matching events, the match funnel, mail health; SVG charts drawn on the server; CSV exports of
//! every table; and the same data under `/api/v1/console/...`. Organiser members only
//! (`Action::UseConsole`): anonymous visitors are asked to sign in, everyone else gets 403.
//!
//! Pure parts: `funnel` (the counting), `filter`, `charts` (SVG), `csv`, `report` (rows and
//! tables). Storage: `store`. Gathering: `sections`. HTTP: `pages`, `api`.

mod api;
pub mod charts;
pub mod csv;
pub mod filter;
pub mod funnel;
mod pages;
pub mod report;
mod sections;
pub mod store;

use crate::http::{FieldError, RouteTable};

/// What can go wrong in the console; mapped to HTTP in `crate::http::error`.
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("mail: {0}")]
    Mail(#[from] crate::mail::MailError),
    #[error("not found")]
    NotFound,
    /// No console table has that name.
    #[error("no such export")]
    UnknownExport,
    #[error("invalid filters")]
    Filter(Vec<FieldError>),
    #[error("internal: {0}")]
    Internal(String),
}

/// Every console route asks `UseConsole` first (organiser members only).
pub fn routes(routes: &mut RouteTable) {
    routes
        .get("/console", pages::overview)
        .get("/console/approvals", pages::approvals_page)
        .get("/console/funnel", pages::funnel_page)
        .get("/console/sessions", pages::sessions_page)
        .get("/console/events", pages::events_page)
        .get("/console/verifications", pages::verifications_page)
        .post("/console/verifications/{id}/remind", pages::remind)
        .get("/console/mail", pages::mail_page)
        .get("/console/export/{table}", pages::export)
        .get("/api/v1/console/approvals", api::approvals)
        .get("/api/v1/console/funnel", api::funnel)
        .get("/api/v1/console/sessions", api::sessions)
        .get("/api/v1/console/events", api::events)
        .get("/api/v1/console/verifications", api::verifications)
        .post("/api/v1/console/verifications/{id}/remind", api::remind)
        .get("/api/v1/console/mail", api::mail);
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    paths(api::approvals, api::funnel, api::sessions, api::events, api::verifications, api::remind, api::mail),
    components(schemas(
        report::Approvals, report::ApprovalItem, report::FunnelReport, report::CountRow, funnel::StepCount, funnel::Step,
        funnel::Filter, report::SessionRow, report::EventRow, report::ExpiringRow, report::MailHealth, report::FailedMail,
        api::SessionList, api::EventList, api::ExpiringList, api::Reminded,
    )),
    tags((name = "console", description = "The organiser's console: approvals, funnel, participation, events, verifications, mail health"))
)]
pub struct ApiDocs;
