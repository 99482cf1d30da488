//! `/api/v1/working-groups`: groups as JSON, with the pages' rules. Writes need the session's
//! CSRF token in `X-CSRF-Token`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::form::{self, GroupInput};
use super::{parse_member_role, store};
use crate::http::body::{LARGE_BODY_LIMIT, read_json};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::extract::{MaybeSignedIn, SignedIn};
use crate::rooms::access::{RoomAction, Standing};
use crate::rooms::check_header_csrf;
use crate::rooms::context::{self, authorise};
use crate::rooms::registrations::store::approved_total;
use crate::rooms::sessions::store as session_store;
use crate::rooms::view::{self, GroupDetail, GroupList, GroupView, MemberView};
use crate::state::AppState;

/// The fields of a working group.
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct GroupRequest {
    /// policy | seeds | needs | matching | regional
    kind: String,
    /// Required, at most 200 characters.
    name_ja: String,
    name_en: Option<String>,
    /// Required, at most 4000 characters.
    description_ja: String,
    description_en: Option<String>,
    /// A region code from the reference data; required for a regional group.
    region_code: Option<String>,
    /// active (default) | archived
    status: Option<String>,
}

/// A person to add to the group, or whose role to change.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct MemberRequest {
    /// The address the person signs in with.
    pub email: String,
    /// member | moderator
    pub role: String,
}

fn organiser_standing(who: &SignedIn) -> Standing {
    Standing { signed_in: true, organiser: who.actor().is_organiser(), ..Standing::default() }
}

pub(super) async fn detail(
    state: &AppState,
    ctx: &context::GroupContext,
    locale: crate::i18n::Locale,
) -> Result<GroupDetail, HttpError> {
    let members = if ctx.standing.in_circle() {
        Some(view::members(&store::members(&state.db, ctx.group.id).await?))
    } else {
        None
    };
    let mut sessions = Vec::new();
    for s in session_store::of_group(&state.db, ctx.group.id).await? {
        let agenda = session_store::agenda(&state.db, s.id).await?;
        let approved = approved_total(&state.db, s.id).await?;
        sessions.push(view::session(&s, &agenda, approved, locale));
    }
    Ok(GroupDetail { group: view::group(&ctx.group, members, locale), sessions })
}

/// Working groups: the active ones (every one for the organiser).
#[utoipa::path(get, path = "/api/v1/working-groups", tag = "working_groups", responses((status = 200, body = GroupList)))]
pub async fn list(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    meta: RequestMeta,
) -> Result<HttpResponse, HttpError> {
    let organiser = who.actor().is_some_and(|a| a.is_organiser());
    let items = store::all(&state.db)
        .await?
        .into_iter()
        .filter(|g| organiser || g.status == entities::working_group::WorkingGroupStatus::Active)
        .map(|g| view::group(&g, None, meta.locale))
        .collect();
    Ok(HttpResponse::Ok().json(GroupList { items }))
}

/// One group with its sessions (and its members, for its circle).
#[utoipa::path(get, path = "/api/v1/working-groups/{id}", tag = "working_groups",
    params(("id" = Uuid, Path, description = "working group id")),
    responses(
        (status = 200, body = GroupDetail),
        (status = 404, description = "no such group, or archived", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::group(&state.db, who.actor(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(detail(&state, &ctx, meta.locale).await?))
}

/// Creates a working group (the organiser).
#[utoipa::path(post, path = "/api/v1/working-groups", tag = "working_groups", request_body = GroupRequest,
    params(("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = GroupView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not the organiser, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    authorise(&organiser_standing(&who), RoomAction::CreateGroup)?;
    check_header_csrf(&req)?;
    let body = read_json(&req, payload, LARGE_BODY_LIMIT).await?;
    let draft = form::validate(&GroupInput::from_json(&body), |c| state.reference.region(c).is_some())
        .map_err(HttpError::Validation)?;
    let group = store::create(&state.db, &draft).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/working-groups/{}", group.id)))
        .json(view::group(&group, None, meta.locale)))
}

/// Replaces a group's fields (the organiser).
#[utoipa::path(put, path = "/api/v1/working-groups/{id}", tag = "working_groups", request_body = GroupRequest,
    params(("id" = Uuid, Path, description = "working group id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = GroupView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not the organiser, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such group", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::group(&state.db, Some(who.actor()), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::EditGroup)?;
    check_header_csrf(&req)?;
    let body = read_json(&req, payload, LARGE_BODY_LIMIT).await?;
    let draft = form::validate(&GroupInput::from_json(&body), |c| state.reference.region(c).is_some())
        .map_err(HttpError::Validation)?;
    let group = store::update(&state.db, ctx.group, &draft).await?;
    Ok(HttpResponse::Ok().json(view::group(&group, None, meta.locale)))
}

/// Adds a person to the group as a member or moderator, or changes their role (the organiser).
#[utoipa::path(post, path = "/api/v1/working-groups/{id}/members", tag = "working_groups", request_body = MemberRequest,
    params(("id" = Uuid, Path, description = "working group id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = Vec<MemberView>, description = "the members now"),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not the organiser, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such group", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "no account with that address, or an unknown role", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn put_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let ctx = context::group(&state.db, Some(who.actor()), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::EditGroup)?;
    check_header_csrf(&req)?;
    let body = read_json(&req, payload, crate::http::MAX_BODY_BYTES).await?;
    let text = |name: &str| body.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let (email, role) = (text("email"), text("role"));
    put_member_checked(&state, ctx.group.id, &email, &role).await?;
    Ok(HttpResponse::Ok().json(view::members(&store::members(&state.db, ctx.group.id).await?)))
}

/// Shared by the page and the API: the person must have an account; the role must be known.
pub(super) async fn put_member_checked(
    state: &AppState,
    group_id: Uuid,
    email: &str,
    role: &str,
) -> Result<(), HttpError> {
    let mut errors = Vec::new();
    let role = parse_member_role(role);
    if role.is_none() {
        errors.push(FieldError::new("role", "unknown"));
    }
    let user = if email.trim().is_empty() {
        errors.push(FieldError::new("email", "required"));
        None
    } else {
        let user = store::user_by_email(&state.db, email).await?;
        if user.is_none() {
            errors.push(FieldError::new("email", "unknown"));
        }
        user
    };
    match (user, role) {
        (Some(user), Some(role)) if errors.is_empty() => {
            Ok(store::put_member(&state.db, group_id, user.id, role).await?)
        }
        _ => Err(HttpError::Validation(errors)),
    }
}

/// Removes a person from the group (the organiser).
#[utoipa::path(delete, path = "/api/v1/working-groups/{id}/members/{user_id}", tag = "working_groups",
    params(("id" = Uuid, Path, description = "working group id"), ("user_id" = Uuid, Path, description = "the member's user id"),
        ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 204, description = "removed"),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not the organiser, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such group or member", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, HttpError> {
    let (id, user_id) = path.into_inner();
    let ctx = context::group(&state.db, Some(who.actor()), id).await?;
    authorise(&ctx.standing, RoomAction::EditGroup)?;
    check_header_csrf(&req)?;
    if store::remove_member(&state.db, ctx.group.id, user_id).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(HttpError::NotFound)
    }
}
