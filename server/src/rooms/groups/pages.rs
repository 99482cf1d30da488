//! Working-group pages: a group's page (sessions, and for its circle the members), and the
//! organiser's forms to create and edit groups and to add, promote or remove members.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use serde_json::json;
use uuid::Uuid;

use super::api::{detail, put_member_checked};
use super::form::{self, GroupInput, kind_code, status_code};
use super::store;
use crate::catalog::needs::view::field_errors;
use crate::http::body::{LARGE_BODY_LIMIT, read_form};
use crate::http::{FieldError, HttpError, MAX_BODY_BYTES, RequestMeta};
use crate::identity::extract::MaybeSignedIn;
use crate::rooms::access::{RoomAction, Standing, decide};
use crate::rooms::context::{self, authorise};
use crate::rooms::{check_form_csrf, form_value, see_other};
use crate::state::AppState;
use crate::ui::Page;

const NOTICES: [&str; 4] = ["created", "updated", "member_saved", "member_removed"];

fn organiser(who: &MaybeSignedIn) -> Standing {
    Standing {
        signed_in: who.actor().is_some(),
        organiser: who.actor().is_some_and(|a| a.is_organiser()),
        ..Standing::default()
    }
}

fn form_page(
    state: &AppState,
    meta: &RequestMeta,
    editing: Option<Uuid>,
    input: &GroupInput,
    errors: &[FieldError],
) -> Page {
    let regions: Vec<_> =
        state.reference.regions.iter().map(|r| json!({ "code": r.code, "name": r.name(meta.locale) })).collect();
    Page::new(
        "pages/working_groups/form.html",
        json!({
            "editing": editing,
            "action": editing.map_or_else(|| "/working-groups".to_owned(), |id| format!("/working-groups/{id}")),
            "form": input,
            "field_errors": field_errors(errors, state.templates.catalogs(), meta.locale),
            "kinds": form::KINDS.iter().map(|(code, _)| *code).collect::<Vec<_>>(),
            "regions": regions,
            "limits": { "name": form::NAME_MAX, "description": form::DESCRIPTION_MAX },
        }),
    )
}

pub async fn new_form(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    authorise(&organiser(&who), RoomAction::CreateGroup)?;
    Ok(form_page(&state, &meta, None, &GroupInput::default(), &[]))
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    check_form_csrf(&req, &pairs)?;
    authorise(&organiser(&who), RoomAction::CreateGroup)?;
    let input = GroupInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match form::validate(&input, |c| state.reference.region(c).is_some()) {
        Ok(draft) => {
            let group = store::create(&state.db, &draft).await?;
            Ok(Either::Left(see_other(&format!("/working-groups/{}?notice=created", group.id))))
        }
        Err(errors) => Ok(Either::Right(
            form_page(&state, &meta, None, &input, &errors).with_status(StatusCode::UNPROCESSABLE_ENTITY),
        )),
    }
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
    let ctx = context::group(&state.db, who.actor(), id.into_inner()).await?;
    let detail = detail(&state, &ctx, meta.locale).await?;
    let kind = kind_code(ctx.group.kind);
    let region_name =
        ctx.group.region_code.as_deref().and_then(|c| state.reference.region(c)).map(|r| r.name(meta.locale));
    Ok(Page::new(
        "pages/working_groups/show.html",
        json!({
            "group": detail,
            "kind_label": state.templates.catalogs().text(meta.locale, &format!("working_groups.kind.{kind}.name")),
            "region_name": region_name,
            "may_edit": decide(&ctx.standing, RoomAction::EditGroup).allowed(),
            "may_manage": decide(&ctx.standing, RoomAction::ManageSessions).allowed(),
            "notice": query.notice.as_deref().filter(|n| NOTICES.contains(n)),
        }),
    ))
}

pub async fn edit_form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let ctx = context::group(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::EditGroup)?;
    let g = &ctx.group;
    let input = GroupInput {
        kind: kind_code(g.kind).to_owned(),
        name_ja: g.name_ja.clone(),
        name_en: g.name_en.clone().unwrap_or_default(),
        description_ja: g.description_ja.clone(),
        description_en: g.description_en.clone().unwrap_or_default(),
        region_code: g.region_code.clone().unwrap_or_default(),
        status: status_code(g.status).to_owned(),
    };
    Ok(form_page(&state, &meta, Some(g.id), &input, &[]))
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
    let ctx = context::group(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::EditGroup)?;
    let input = GroupInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match form::validate(&input, |c| state.reference.region(c).is_some()) {
        Ok(draft) => {
            let group = store::update(&state.db, ctx.group, &draft).await?;
            Ok(Either::Left(see_other(&format!("/working-groups/{}?notice=updated", group.id))))
        }
        Err(errors) => Ok(Either::Right(
            form_page(&state, &meta, Some(ctx.group.id), &input, &errors).with_status(StatusCode::UNPROCESSABLE_ENTITY),
        )),
    }
}

pub async fn put_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, MAX_BODY_BYTES).await?;
    check_form_csrf(&req, &pairs)?;
    let ctx = context::group(&state.db, who.actor(), id.into_inner()).await?;
    authorise(&ctx.standing, RoomAction::EditGroup)?;
    put_member_checked(&state, ctx.group.id, form_value(&pairs, "email"), form_value(&pairs, "role")).await?;
    Ok(see_other(&format!("/working-groups/{}?notice=member_saved", ctx.group.id)))
}

pub async fn remove_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, MAX_BODY_BYTES).await?;
    check_form_csrf(&req, &pairs)?;
    let (id, user_id) = path.into_inner();
    let ctx = context::group(&state.db, who.actor(), id).await?;
    authorise(&ctx.standing, RoomAction::EditGroup)?;
    store::remove_member(&state.db, ctx.group.id, user_id).await?;
    Ok(see_other(&format!("/working-groups/{}?notice=member_removed", ctx.group.id)))
}
