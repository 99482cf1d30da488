//! Matching events (商談会): vendors with verified products and user companies meet in short 1:1
//! meetings at tables or in virtual rooms, slot after slot.
//!
//! - [`rules`]: the pure rules — the event form and its slots, the life of events and requests,
//!   who may do what, when mail is due, the organiser's numbers;
//! - [`scheduler`]: the pure meeting scheduler (see `docs/scheduler.md`);
//! - [`store`], [`actions`], [`schedule`], [`recommend`], [`mails`], [`jobs`]: storage and the
//!   changes people make, each in one transaction, mail through the outbox;
//! - [`api`] and `pages`: HTTP, the same rules for both. See `docs/events.md`.

pub mod actions;
pub mod api;
mod error;
mod ics;
pub mod jobs;
mod mails;
mod pages;
pub mod recommend;
pub mod rules;
pub mod schedule;
pub mod scheduler;
pub mod store;
pub mod view;

pub use error::EventError;

use crate::http::RouteTable;

pub fn routes(routes: &mut RouteTable) {
    routes
        // Pages. Anyone sees open events past draft; organisers run them; registered
        // participants act through their own participant.
        .get("/events", pages::list)
        .get("/events/new", pages::new_form)
        .post("/events", pages::create)
        .get("/events/{id}", pages::show)
        .get("/events/{id}/edit", pages::edit_form)
        .post("/events/{id}", pages::update)
        .post("/events/{id}/status", pages::change_status)
        .post("/events/{id}/invitations", pages::invite)
        .post("/events/{id}/registration", pages::register)
        .post("/events/{id}/requests", pages::send_request)
        .post("/events/{id}/requests/{request_id}/respond", pages::respond)
        .post("/events/{id}/unavailability", pages::unavailability)
        .post("/events/{id}/preferences", pages::preferences)
        .get("/events/{id}/schedule", pages::schedule)
        .post("/events/{id}/schedule", pages::run_schedule)
        .post("/events/{id}/schedule/move", pages::move_meeting)
        .post("/events/{id}/schedule/swap", pages::swap_meetings)
        .post("/events/{id}/publish", pages::publish)
        .get("/events/{id}/agenda", pages::agenda)
        .get("/events/{id}/agenda.ics", ics::agenda_file)
        .post("/events/{id}/meetings/{meeting_id}/join-url", pages::join_url)
        .post("/events/{id}/meetings/{meeting_id}/outcome", pages::outcome)
        .get("/events/{id}/numbers", pages::numbers)
        // The API.
        .get("/api/v1/events", api::list)
        .post("/api/v1/events", api::create)
        .get("/api/v1/events/{id}", api::show)
        .put("/api/v1/events/{id}", api::update)
        .post("/api/v1/events/{id}/status", api::change_status)
        .post("/api/v1/events/{id}/invitations", api::invite)
        .post("/api/v1/events/{id}/registration", api::register)
        .get("/api/v1/events/{id}/participants", api::participants)
        .get("/api/v1/events/{id}/me", api::me)
        .post("/api/v1/events/{id}/requests", api::send_request)
        .post("/api/v1/events/{id}/requests/{request_id}/respond", api::respond)
        .put("/api/v1/events/{id}/unavailability", api::unavailability)
        .put("/api/v1/events/{id}/preferences", api::preferences)
        .get("/api/v1/events/{id}/schedule", api::show_schedule)
        .post("/api/v1/events/{id}/schedule", api::run_schedule)
        .post("/api/v1/events/{id}/schedule/move", api::move_meeting)
        .post("/api/v1/events/{id}/schedule/swap", api::swap_meetings)
        .post("/api/v1/events/{id}/publish", api::publish)
        .get("/api/v1/events/{id}/participants/{participant_id}/agenda", api::agenda)
        .put("/api/v1/events/{id}/meetings/{meeting_id}/join-url", api::join_url)
        .post("/api/v1/events/{id}/meetings/{meeting_id}/outcome", api::outcome)
        .get("/api/v1/events/{id}/numbers", api::numbers);
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list,
        api::create,
        api::show,
        api::update,
        api::change_status,
        api::invite,
        api::register,
        api::participants,
        api::me,
        api::send_request,
        api::respond,
        api::unavailability,
        api::preferences,
        api::show_schedule,
        api::run_schedule,
        api::move_meeting,
        api::swap_meetings,
        api::publish,
        api::agenda,
        api::join_url,
        api::outcome,
        api::numbers,
    ),
    components(schemas(
        api::EventRequest,
        api::StatusRequest,
        api::InvitationRequest,
        api::MeetingRequestBody,
        api::RespondBody,
        api::UnavailabilityBody,
        api::PreferencesBody,
        api::MoveBody,
        api::SwapBody,
        api::JoinUrlBody,
        api::OutcomeBody,
        view::EventView,
        view::SlotView,
        view::EventList,
        view::EventSummary,
        view::ParticipantView,
        view::RequestView,
        view::MyEventView,
        view::ScheduleView,
        view::ScheduledMeetingView,
        view::UnplacedView,
        view::AgendaView,
        view::AgendaItem,
        recommend::Counterpart,
        rules::stats::EventNumbers,
        rules::stats::OutcomeCounts,
    )),
    tags((name = "events", description = "Matching events: requests, the schedule, agendas and outcomes"))
)]
#[derive(Debug)]
pub struct ApiDocs;
