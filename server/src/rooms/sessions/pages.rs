//! Session pages: the form (new and edit, agenda included), a session's page with registration
//! and, for its managers, the waiting list and invitations, and the public record.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use chrono::Utc;
use entities::session_registration::RegistrationStatus;
use serde_json::json;
use uuid::Uuid;

use super::api::view_of;
use super::form::{self, AgendaInput, SessionInput, agenda_lines};
use super::store;
use crate::catalog::needs::view::field_errors;
use crate::http::body::{LARGE_BODY_LIMIT, read_form};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::i18n::DEFAULT_TIME_ZONE;
use crate::identity::extract::MaybeSignedIn;
use crate::rooms::access::{RoomAction, decide};
use crate::rooms::context::{self, authorise};
use crate::rooms::registrations::store::{self as registrations, ROLES, role_code};
use crate::rooms::view::{self, pick, self_service_roles};
use crate::rooms::{check_form_csrf, see_other};
use crate::state::AppState;
use crate::ui::Page;

const NOTICES: [&str; 13] = [
    "session_cancelled",
    "created",
    "updated",
    "registered",
    "pending",
    "cancelled",
    "approved",
    "declined",
    "invited",
    "minutes_saved",
    "minutes_published",
    "data_deleted",
    "full",
];

fn viewer_zone(who: &MaybeSignedIn) -> String {
    who.actor().map_or_else(|| DEFAULT_TIME_ZONE.name().to_owned(), |a| a.time_zone.clone())
}

fn form_page(
    state: &AppState,
    meta: &RequestMeta,
    action: String,
    editing: bool,
    input: &SessionInput,
    errors: &[FieldError],
) -> Page {
    Page::new(
        "pages/sessions/form.html",
        json!({
            "editing": editing,
            "action": action,
            "form": input,
            "agenda_text": agenda_lines(&input.agenda),
            "field_errors": field_errors(errors, state.templates.catalogs(), meta.locale),
            "limits": { "title": form::TITLE_MAX, "description": form::DESCRIPTION_MAX, "agenda": form::AGENDA_MAX },
        }),
    )
}

fn input_of(pairs: &[(String, String)]) -> SessionInput {
    SessionInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

pub async fn new_form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let ctx = context::group(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    let input = SessionInput {
        time_zone: viewer_zone(&who),
        duration_minutes: "90".to_owned(),
        capacity: "30".to_owned(),
        ..SessionInput::default()
    };
    Ok(form_page(&state, &meta, format!("/working-groups/{}/sessions", ctx.group.id), false, &input, &[]))
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::group(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    let input = input_of(&pairs);
    match form::validate(&input, Some(Utc::now())) {
        Ok(draft) => {
            let session = store::create(&state.db, ctx.group.id, &draft).await?;
            Ok(Either::Left(see_other(&format!("/sessions/{}?notice=created", session.id))))
        }
        Err(errors) => {
            let action = format!("/working-groups/{}/sessions", ctx.group.id);
            let page = form_page(&state, &meta, action, false, &input, &errors);
            Ok(Either::Right(page.with_status(StatusCode::UNPROCESSABLE_ENTITY)))
        }
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    let s = &ctx.session;
    let zone: chrono_tz::Tz = viewer_zone(&who).parse().unwrap_or(DEFAULT_TIME_ZONE);
    let agenda = store::agenda(&state.db, s.id).await?;
    let input = SessionInput {
        title_ja: s.title_ja.clone(),
        title_en: s.title_en.clone().unwrap_or_default(),
        description: s.description.clone().unwrap_or_default(),
        starts_at: s.starts_at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string(),
        time_zone: zone.name().to_owned(),
        duration_minutes: (s.ends_at - s.starts_at).num_minutes().to_string(),
        capacity: s.capacity.to_string(),
        requires_approval: s.requires_approval,
        agenda: agenda
            .iter()
            .map(|a| AgendaInput {
                planned_minutes: a.planned_minutes.to_string(),
                title_ja: a.title_ja.clone(),
                title_en: a.title_en.clone().unwrap_or_default(),
            })
            .collect(),
    };
    Ok(form_page(&state, &meta, format!("/sessions/{}", s.id), true, &input, &[]))
}

pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    let input = input_of(&pairs);
    match form::validate(&input, None) {
        Ok(draft) => {
            let session = store::update(&state.db, ctx.session, &draft).await?;
            Ok(Either::Left(see_other(&format!("/sessions/{}?notice=updated", session.id))))
        }
        Err(errors) => {
            let page = form_page(&state, &meta, format!("/sessions/{}", ctx.session.id), true, &input, &errors);
            Ok(Either::Right(page.with_status(StatusCode::UNPROCESSABLE_ENTITY)))
        }
    }
}

pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, crate::http::MAX_BODY_BYTES).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::ManageSessions)?;
    let session = super::api::cancel_checked(&state, ctx).await?;
    Ok(see_other(&format!("/sessions/{}?notice=session_cancelled", session.id)))
}

#[derive(Debug, serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    query: web::Query<NoticeQuery>,
) -> Result<Page, HttpError> {
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    let session = view_of(&state, &ctx.session, meta.locale).await?;
    let standing = &ctx.standing;
    let manages = decide(standing, RoomAction::ManageSessions).allowed();
    let published = ctx.session.minutes_published_at.is_some();
    let registrants = if manages { registrations::of_session(&state.db, ctx.session.id).await? } else { Vec::new() };
    let (waiting, others): (Vec<_>, Vec<_>) =
        registrants.iter().partition(|r| r.registration.status == RegistrationStatus::Pending);
    let mine = ctx
        .registration
        .as_ref()
        .filter(|r| matches!(r.status, RegistrationStatus::Approved | RegistrationStatus::Pending));
    let open =
        ctx.session.status == entities::wg_session::SessionStatus::Scheduled && ctx.session.starts_at > Utc::now();
    Ok(Page::new(
        "pages/sessions/show.html",
        json!({
            "session": session,
            "group": {
                "id": ctx.group.id,
                "name": pick(&ctx.group.name_ja, ctx.group.name_en.as_ref(), meta.locale),
            },
            "signed_in": standing.signed_in,
            "mine": mine.map(view::own),
            "may_register": open && mine.is_none(),
            "self_roles": self_service_roles(),
            "all_roles": ROLES.iter().map(|r| role_code(*r)).collect::<Vec<_>>(),
            "may_join": standing.may_join(),
            "may_manage": manages,
            "may_cancel": manages && open,
            "may_write_minutes": decide(standing, RoomAction::WriteMinutes).allowed(),
            "may_delete_data": decide(standing, RoomAction::DeleteSessionData).allowed() && session.past,
            "minutes": decide(standing, RoomAction::ReadMinutes { published }).allowed().then_some(()).and(ctx.session.minutes_markdown.clone()),
            "minutes_published": published,
            "waiting": waiting.into_iter().map(view::registration).collect::<Vec<_>>(),
            "registrations": others.into_iter().map(view::registration).collect::<Vec<_>>(),
            "notice": query.notice.as_deref().filter(|n| NOTICES.contains(n)),
        }),
    ))
}

/// The public record of a session: what it was, when, its agenda and how many took part. The
/// minutes stay with the group's circle.
pub async fn record(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let ctx = context::session(&state.db, who.actor(), id.into_inner()).await?;
    let session = view_of(&state, &ctx.session, meta.locale).await?;
    let attended = registrations::of_session(&state.db, ctx.session.id)
        .await?
        .iter()
        .filter(|r| r.registration.attended_at.is_some())
        .count();
    let participants = ctx.session.reported_participants.map_or(attended, |n| usize::try_from(n).unwrap_or(0));
    Ok(Page::new(
        "pages/sessions/record.html",
        json!({
            "session": session,
            "group": {
                "id": ctx.group.id,
                "name": pick(&ctx.group.name_ja, ctx.group.name_en.as_ref(), meta.locale),
            },
            "participants": participants,
            "minutes_published": ctx.session.minutes_published_at.is_some(),
        }),
    ))
}
