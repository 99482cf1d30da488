//! Event pages: the list, the organiser's form, the event page (which is also the participant's
//! desk: recommendations, requests, unavailability, preferences), the organiser's schedule review
//! and numbers, and a participant's agenda. Actions post forms and redirect back with a notice;
//! refusals render the localised error page.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use chrono::Utc;
use entities::matching_event::MatchingEventStatus;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::EventError;
use super::actions::{self, NewRequest};
use super::api::{agenda_view, load, my_view, numbers_of, parse_outcome, parse_status, schedule_view, summary};
use super::rules::access;
use super::rules::flow::Response;
use super::rules::setup::{self, EventInput, breaks_from_json, local_field};
use super::schedule::{self, Edit};
use super::store::{self, EventContext};
use super::view;
use crate::catalog::needs::view::field_errors;
use crate::http::body::read_form;
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::actor::Actor;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::Decision;
use crate::state::AppState;
use crate::ui::Page;

/// Forms of these pages are small; the event form's description is the longest field.
const FORM_LIMIT: usize = 256 * 1024;
/// Notices a redirect may ask the event page to show (anything else is ignored).
const NOTICES: [&str; 13] = [
    "created",
    "updated",
    "status",
    "invited",
    "registered",
    "requested",
    "responded",
    "unavailability",
    "preferences",
    "scheduled",
    "edited",
    "published",
    "saved",
];

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, location.to_owned())).finish()
}

fn signed_in(who: &MaybeSignedIn) -> Result<&Actor, HttpError> {
    who.actor().ok_or(HttpError::Unauthorized)
}

/// The form's pairs after its CSRF token is checked.
async fn form(req: &HttpRequest, payload: web::Payload) -> Result<Vec<(String, String)>, HttpError> {
    let pairs = read_form(req, payload, FORM_LIMIT).await?;
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str()).unwrap_or_default();
    csrf::verify(req, token)?;
    Ok(pairs)
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
}

fn uuids(pairs: &[(String, String)], name: &str) -> Result<Vec<Uuid>, HttpError> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .take(1001)
        .map(|(_, v)| v.parse().map_err(|_| HttpError::Validation(vec![FieldError::new(name, "invalid")])))
        .collect()
}

fn uuid(pairs: &[(String, String)], name: &str) -> Result<Uuid, HttpError> {
    field(pairs, name).parse().map_err(|_| HttpError::Validation(vec![FieldError::new(name, "invalid")]))
}

fn back(id: Uuid, notice: &str) -> HttpResponse {
    see_other(&format!("/events/{id}?notice={notice}"))
}

pub async fn list(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    let actor = who.actor();
    let mut events = Vec::new();
    for event in store::list(&state.db, actor.is_some_and(Actor::is_organiser)).await? {
        let mine = match actor {
            Some(actor) => store::my_participant(&state.db, event.id, actor).await?,
            None => None,
        };
        let facts = access::EventFacts { status: event.status, participation: event.participation };
        if access::view(actor, facts, mine.map(|p| p.status)).allowed() {
            events.push(summary(&event, meta.locale));
        }
    }
    Ok(Page::new(
        "pages/events/list.html",
        json!({ "events": events, "may_create": actor.is_some_and(Actor::is_organiser) }),
    ))
}

fn organiser(who: &MaybeSignedIn) -> Result<&Actor, HttpError> {
    let actor = signed_in(who)?;
    if actor.is_organiser() { Ok(actor) } else { Err(HttpError::Forbidden) }
}

fn form_page(
    state: &AppState,
    meta: &RequestMeta,
    editing: Option<Uuid>,
    input: &EventInput,
    errors: &[FieldError],
) -> Page {
    Page::new(
        "pages/events/form.html",
        json!({
            "editing": editing,
            "action": editing.map_or_else(|| "/events".to_owned(), |id| format!("/events/{id}")),
            "form": input.echo(),
            "field_errors": field_errors(errors, state.templates.catalogs(), meta.locale),
            "slot_lengths": setup::SLOT_LENGTHS,
        }),
    )
}

pub async fn new_form(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    organiser(&who)?;
    let input = EventInput {
        time_zone: "Asia/Tokyo".into(),
        day_start_time: "10:00".into(),
        day_end_time: "17:00".into(),
        slot_minutes: "20".into(),
        breaks: "12:00-13:00".into(),
        tables: "10".into(),
        participation: "open".into(),
        who_meets_who: "vendor_user_company".into(),
        ..EventInput::default()
    };
    Ok(form_page(&state, &meta, None, &input, &[]))
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let pairs = form(&req, payload).await?;
    let actor = organiser(&who)?;
    let input = EventInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match setup::validate(&input) {
        Err(errors) => Ok(Either::Right(
            form_page(&state, &meta, None, &input, &errors).with_status(StatusCode::UNPROCESSABLE_ENTITY),
        )),
        Ok(draft) => {
            let event = actions::create_event(&state.db, actor, &draft, Utc::now()).await?;
            Ok(Either::Left(back(event.id, "created")))
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    notice: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    query: web::Query<ShowQuery>,
) -> Result<Page, HttpError> {
    let actor = who.actor();
    let context = load(&state, actor, id.into_inner()).await?;
    let slots = store::slots(&state.db, context.event.id).await?;
    let manage = access::manage(actor, context.facts(), context.my_status()).allowed();
    let participating = access::participate(actor, context.facts(), context.my_status()).allowed();
    let may_register = actor.is_some()
        && !participating
        && !actor.is_some_and(Actor::is_organiser)
        && access::register(actor, context.facts(), context.my_status()).allowed();
    let mine = if participating { Some(my_view(&state, &context, &meta).await?) } else { None };
    let participants = if manage {
        store::participants(&state.db, context.event.id)
            .await?
            .iter()
            .map(|(p, o)| view::participant(p, o.as_ref().map_or("", |o| o.name.as_str())))
            .collect()
    } else {
        Vec::new()
    };
    let notice = query.notice.as_deref().filter(|n| NOTICES.contains(n));
    let invitable = if manage
        && matches!(context.event.status, MatchingEventStatus::Draft | MatchingEventStatus::Booking)
    {
        let taking_part: Vec<Uuid> = participants.iter().map(|p: &view::ParticipantView| p.organisation_id).collect();
        store::invitable(&state.db)
            .await?
            .into_iter()
            .filter(|o| !taking_part.contains(&o.id))
            .map(|o| json!({ "id": o.id, "name": o.name, "kind": view::code(&o.kind) }))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Page::new(
        "pages/events/show.html",
        json!({
            "event": view::event(&context.event, &slots),
            "title": summary(&context.event, meta.locale).title,
            "time_zone": context.event.time_zone,
            "manage": manage,
            "may_register": may_register,
            "mine": mine,
            "participants": participants,
            "invitable": invitable,
            "notice": notice,
            "booking_open": context.event.status == MatchingEventStatus::Booking,
        }),
    ))
}

async fn managed(state: &AppState, who: &MaybeSignedIn, id: Uuid) -> Result<EventContext, HttpError> {
    let actor = who.actor();
    let context = load(state, actor, id).await?;
    context.require(actor, access::manage)?;
    Ok(context)
}

async fn participating(state: &AppState, who: &MaybeSignedIn, id: Uuid) -> Result<EventContext, HttpError> {
    let actor = signed_in(who)?;
    let context = load(state, Some(actor), id).await?;
    context.require(Some(actor), access::participate)?;
    Ok(context)
}

fn input_of(event: &entities::matching_event::Model) -> EventInput {
    let tz = schedule::time_zone(event);
    EventInput {
        title_ja: event.title_ja.clone(),
        title_en: event.title_en.clone().unwrap_or_default(),
        description: event.description.clone().unwrap_or_default(),
        time_zone: event.time_zone.clone(),
        starts_on: event.starts_on.to_string(),
        ends_on: event.ends_on.to_string(),
        day_start_time: event.day_start_time.clone(),
        day_end_time: event.day_end_time.clone(),
        slot_minutes: event.slot_minutes.to_string(),
        breaks: breaks_from_json(&event.breaks).iter().map(|b| b.text()).collect::<Vec<_>>().join(", "),
        tables: event.tables.to_string(),
        online: if event.online { "true".into() } else { String::new() },
        booking_opens_at: local_field(event.booking_opens_at, tz),
        booking_closes_at: local_field(event.booking_closes_at, tz),
        participation: view::code(&event.participation),
        who_meets_who: setup::WhoMeetsWho::from_json(&event.who_meets_who).code().to_owned(),
        request_limit: event.request_limit.map(|l| l.to_string()).unwrap_or_default(),
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let context = managed(&state, &who, id.into_inner()).await?;
    Ok(form_page(&state, &meta, Some(context.event.id), &input_of(&context.event), &[]))
}

pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let pairs = form(&req, payload).await?;
    let context = managed(&state, &who, id.into_inner()).await?;
    let input = EventInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match setup::validate(&input) {
        Err(errors) => Ok(Either::Right(
            form_page(&state, &meta, Some(context.event.id), &input, &errors)
                .with_status(StatusCode::UNPROCESSABLE_ENTITY),
        )),
        Ok(draft) => {
            actions::update_event(&state.db, &context, &draft, Utc::now()).await?;
            Ok(Either::Left(back(context.event.id, "updated")))
        }
    }
}

pub async fn change_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = form(&req, payload).await?;
    let context = managed(&state, &who, id.into_inner()).await?;
    let to = parse_status(field(&pairs, "status"))?;
    actions::change_status(&state.db, &context, to, Utc::now()).await?;
    Ok(back(context.event.id, "status"))
}

pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = form(&req, payload).await?;
    let context = managed(&state, &who, id.into_inner()).await?;
    actions::invite(&state.db, &context, uuid(&pairs, "organisation_id")?, Utc::now()).await?;
    Ok(back(context.event.id, "invited"))
}

pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    form(&req, payload).await?;
    let actor = signed_in(&who)?;
    let context = load(&state, Some(actor), id.into_inner()).await?;
    actions::register(&state.db, &context, actor, Utc::now()).await?;
    Ok(back(context.event.id, "registered"))
}

pub async fn send_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = form(&req, payload).await?;
    let context = participating(&state, &who, id.into_inner()).await?;
    let request = NewRequest {
        to_participant_id: uuid(&pairs, "to_participant_id")?,
        message: actions::check_message(field(&pairs, "message"))?,
        must_meet: !field(&pairs, "must_meet").is_empty(),
    };
    actions::send_request(&state.db, &context, request, Utc::now()).await?;
    Ok(back(context.event.id, "requested"))
}

pub async fn respond(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = form(&req, payload).await?;
    let (id, request_id) = path.into_inner();
    let context = participating(&state, &who, id).await?;
    let response = Response::parse(field(&pairs, "action"))
        .ok_or_else(|| HttpError::Validation(vec![FieldError::new("action", "unknown")]))?;
    actions::respond(&state.db, &context, request_id, response, Utc::now()).await?;
    Ok(back(context.event.id, "responded"))
}

pub async fn unavailability(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = form(&req, payload).await?;
    let context = participating(&state, &who, id.into_inner()).await?;
    actions::set_unavailability(&state.db, &context, &uuids(&pairs, "slot_ids")?).await?;
    Ok(back(context.event.id, "unavailability"))
}

pub async fn preferences(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = form(&req, payload).await?;
    let context = participating(&state, &who, id.into_inner()).await?;
    // One select a counterpart: `preference_<participant id>` = "" | must_meet | no_thanks.
    let (mut must, mut no) = (Vec::new(), Vec::new());
    for (key, value) in pairs.iter().take(2000) {
        let Some(counterpart) = key.strip_prefix("preference_").and_then(|s| s.parse::<Uuid>().ok()) else { continue };
        match value.as_str() {
            "must_meet" => must.push(counterpart),
            "no_thanks" => no.push(counterpart),
            _ => {}
        }
    }
    actions::set_preferences(&state.db, &context, &must, &no, Utc::now()).await?;
    Ok(back(context.event.id, "preferences"))
}

async fn schedule_page(
    state: &AppState,
    meta: &RequestMeta,
    context: &EventContext,
    refused: Option<String>,
) -> Result<Page, HttpError> {
    let schedule = schedule_view(state, context).await?;
    let slots = store::slots(&state.db, context.event.id).await?;
    Ok(Page::new(
        "pages/events/schedule.html",
        json!({
            "event": view::event(&context.event, &slots),
            "title": summary(&context.event, meta.locale).title,
            "time_zone": context.event.time_zone,
            "schedule": schedule,
            "tables": (1..=context.event.tables).collect::<Vec<_>>(),
            "editable": context.event.status == MatchingEventStatus::Scheduling,
            "refused": refused,
        }),
    ))
}

pub async fn schedule(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let context = managed(&state, &who, id.into_inner()).await?;
    schedule_page(&state, &meta, &context, None).await
}

pub async fn run_schedule(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    form(&req, payload).await?;
    let context = managed(&state, &who, id.into_inner()).await?;
    schedule::run(&state.db, &context, Utc::now()).await?;
    Ok(see_other(&format!("/events/{}/schedule", context.event.id)))
}

/// A move or a swap; a refused edit shows the review page again with what it would break.
async fn edit(
    req: HttpRequest,
    state: &AppState,
    meta: &RequestMeta,
    who: &MaybeSignedIn,
    id: Uuid,
    payload: web::Payload,
    swap: bool,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let pairs = form(&req, payload).await?;
    let context = managed(state, who, id).await?;
    let edit = if swap {
        Edit::Swap { a: uuid(&pairs, "a")?, b: uuid(&pairs, "b")? }
    } else {
        let table_no = field(&pairs, "table_no")
            .parse()
            .map_err(|_| HttpError::Validation(vec![FieldError::new("table_no", "invalid")]))?;
        Edit::Move { meeting_id: uuid(&pairs, "meeting_id")?, slot_id: uuid(&pairs, "slot_id")?, table_no }
    };
    match schedule::edit(&state.db, &context, edit, Utc::now()).await {
        Ok(_) => Ok(Either::Left(see_other(&format!("/events/{}/schedule", context.event.id)))),
        Err(EventError::ScheduleRule(detail)) => Ok(Either::Right(
            schedule_page(state, meta, &context, Some(detail)).await?.with_status(StatusCode::CONFLICT),
        )),
        Err(other) => Err(other.into()),
    }
}

pub async fn move_meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    edit(req, &state, &meta, &who, id.into_inner(), payload, false).await
}

pub async fn swap_meetings(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    edit(req, &state, &meta, &who, id.into_inner(), payload, true).await
}

pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    form(&req, payload).await?;
    let context = managed(&state, &who, id.into_inner()).await?;
    schedule::publish(&state.db, &context, &state.config.base_url, Utc::now()).await?;
    Ok(back(context.event.id, "published"))
}

#[derive(Debug, Deserialize)]
pub struct AgendaQuery {
    participant: Option<Uuid>,
    notice: Option<String>,
}

/// The actor's own agenda; organisers may pass `?participant=`.
pub async fn agenda(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    query: web::Query<AgendaQuery>,
) -> Result<Page, HttpError> {
    let actor = signed_in(&who)?;
    let context = load(&state, Some(actor), id.into_inner()).await?;
    let participant = match (query.participant, &context.mine) {
        (Some(p), _) => p,
        (None, Some(mine)) => mine.id,
        (None, None) => return Err(EventError::refused(Decision::Forbidden).into()),
    };
    let agenda = agenda_view(&state, actor, &context, participant, meta.locale).await?;
    let own = context.mine.as_ref().is_some_and(|m| m.id == participant);
    Ok(Page::new(
        "pages/events/agenda.html",
        json!({
            "agenda": agenda,
            "time_zone": context.event.time_zone,
            "own": own,
            "notice": query.notice.as_deref().filter(|n| NOTICES.contains(n)),
        }),
    ))
}

pub async fn join_url(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = form(&req, payload).await?;
    let (id, meeting_id) = path.into_inner();
    let context = participating(&state, &who, id).await?;
    actions::set_join_url(&state.db, &context, meeting_id, field(&pairs, "join_url"), Utc::now()).await?;
    Ok(see_other(&format!("/events/{id}/agenda?notice=saved#meeting-{meeting_id}")))
}

pub async fn outcome(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = form(&req, payload).await?;
    let (id, meeting_id) = path.into_inner();
    let actor = signed_in(&who)?;
    let context = participating(&state, &who, id).await?;
    let outcome = parse_outcome(field(&pairs, "outcome"))?;
    actions::record_outcome(&state.db, &context, actor, meeting_id, outcome, Utc::now()).await?;
    Ok(see_other(&format!("/events/{id}/agenda?notice=saved#meeting-{meeting_id}")))
}

pub async fn numbers(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let context = managed(&state, &who, id.into_inner()).await?;
    let numbers = numbers_of(&state, context.event.id).await?;
    Ok(Page::new(
        "pages/events/numbers.html",
        json!({ "event_id": context.event.id, "title": summary(&context.event, meta.locale).title, "numbers": numbers }),
    ))
}
