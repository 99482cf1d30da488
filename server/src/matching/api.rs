//! `/api/v1/matches`: matches as JSON for the signed-in browser session, with the same rules as
//! the pages. A firm sees its needs' matches, a vendor its leads (an anonymous firm unnamed until
//! it accepts), the organiser everything. Steps are `POST …/transitions` with the session's CSRF
//! token in `X-CSRF-Token`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::error::MatchError;
use super::store::transitions::{self, Acting};
use super::view::{self, ListFilter, MatchList, MatchView, PAGE_SIZE};
use crate::http::body::{csrf_header, read_json};
use crate::http::{FieldError, HttpError, RequestMeta, RouteTable};
use crate::identity::csrf;
use crate::identity::extract::SignedIn;
use crate::state::AppState;

/// Largest body a step takes.
const STEP_BODY_LIMIT: usize = 16 * 1024;
/// Longest note on a step.
pub const NOTE_MAX: usize = 500;

pub fn routes(routes: &mut RouteTable) {
    routes
        .get("/api/v1/matches", list)
        .get("/api/v1/matches/{id}", show)
        .post("/api/v1/matches/{id}/transitions", step)
        .get("/api/v1/needs/{id}/matches", for_need);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// proposed | interested | introduced | meeting | trial | adopted | declined | expired
    state: Option<String>,
    /// Only the matches of this need.
    need: Option<Uuid>,
    /// From 1.
    page: Option<u64>,
}

pub fn state_filter(code: Option<&str>) -> Result<Option<entities::need_match::MatchState>, HttpError> {
    match code.filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(code) => serde_json::from_value(serde_json::Value::String(code.to_owned()))
            .map(Some)
            .map_err(|_| HttpError::Validation(vec![FieldError::new("state", "unknown")])),
    }
}

/// The matches the signed-in person may see, most recently moved first, 50 a page.
#[utoipa::path(get, path = "/api/v1/matches", tag = "matches", params(ListQuery), responses(
    (status = 200, body = MatchList),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 422, description = "unknown state or page out of range", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, HttpError> {
    let page = query.page.unwrap_or(1);
    if !(1..=10_000).contains(&page) {
        return Err(HttpError::Validation(vec![FieldError::new("page", "out_of_range")]));
    }
    let filter = ListFilter { state: state_filter(query.state.as_deref())?, need: query.need, page };
    let (loaded, total) = view::list(&state, who.actor(), &filter).await?;
    let items = view::views(&state, who.actor(), loaded, meta.locale, false).await?;
    Ok(HttpResponse::Ok().json(MatchList { items, total, page, per_page: PAGE_SIZE }))
}

/// One match with its history.
#[utoipa::path(get, path = "/api/v1/matches/{id}", tag = "matches", params(("id" = Uuid, Path, description = "match id")), responses(
    (status = 200, body = MatchView),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 404, description = "no such match, or not yours to see", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let (loaded, _) = view::visible(&state, who.actor(), id.into_inner()).await?;
    let mut views = view::views(&state, who.actor(), vec![loaded], meta.locale, true).await?;
    Ok(HttpResponse::Ok().json(views.pop().ok_or(HttpError::NotFound)?))
}

/// A step on a match.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    /// interest | meeting | trial | adopt | decline
    step: String,
    /// For `meeting`: when (RFC 3339, e.g. `2026-12-03T10:00:00+09:00`).
    meeting_at: Option<DateTime<Utc>>,
    /// At most 500 characters, kept in the match's history.
    note: Option<String>,
}

/// Checks a step request; shared with the page form.
pub fn parse_step(
    code: &str,
    meeting_at: Option<DateTime<Utc>>,
    note: Option<&str>,
) -> Result<(super::lifecycle::Step, Option<String>), MatchError> {
    if code == "meeting" && meeting_at.is_none() {
        return Err(MatchError::InvalidField("meeting_at", "required"));
    }
    let step = view::step_of(code, meeting_at).ok_or(MatchError::InvalidField("step", "unknown"))?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > NOTE_MAX) {
        return Err(MatchError::InvalidField("note", "too_long"));
    }
    Ok((step, note.map(str::to_owned)))
}

/// Takes a step on a match: say you are interested, arrange a meeting, start a trial, mark it
/// adopted (the firm only) or decline. Both sides interested introduces them: their contacts
/// become visible and both are mailed.
#[utoipa::path(post, path = "/api/v1/matches/{id}/transitions", tag = "matches", request_body = StepRequest,
    params(("id" = Uuid, Path, description = "match id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = MatchView),
        (status = 400, description = "not JSON", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not your step (e.g. a vendor marking an adoption), or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such match, or not yours to see", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "the step does not apply at this stage, or was already taken", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn step(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let (loaded, side) = view::visible(&state, actor, id.into_inner()).await?;
    csrf::verify(&req, csrf_header(&req))?;
    let body = read_json(&req, payload, STEP_BODY_LIMIT).await?;
    let request: StepRequest = serde_json::from_value(body)
        .map_err(|e| HttpError::Validation(vec![FieldError::new("body", "invalid").with("detail", e)]))?;
    let (step, note) = parse_step(&request.step, request.meeting_at, request.note.as_deref())?;
    let acting = Acting { side, user_id: Some(actor.user_id) };
    transitions::apply(&state, loaded.row.id, acting, step, note.as_deref()).await?;
    let (loaded, _) = view::visible(&state, actor, loaded.row.id).await?;
    let mut views = view::views(&state, actor, vec![loaded], meta.locale, true).await?;
    Ok(HttpResponse::Ok().json(views.pop().ok_or(HttpError::NotFound)?))
}

/// A product ranked for a need, live from the matching index.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RankedProductView {
    pub product: view::ProductSummary,
    pub score: i64,
    pub reasons: Vec<super::reason_text::ReasonView>,
    /// The match's id and state when the pair is proposed (private needs are proposed to nobody).
    pub match_id: Option<Uuid>,
    pub state: Option<String>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RankedProducts {
    pub need_id: Uuid,
    pub items: Vec<RankedProductView>,
}

/// Verified products ranked for one of the firm's needs, best first, with the reasons (the firm
/// and the organiser only).
#[utoipa::path(get, path = "/api/v1/needs/{id}/matches", tag = "matches", params(("id" = Uuid, Path, description = "need id")), responses(
    (status = 200, body = RankedProducts),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 404, description = "no such need, or not yours", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn for_need(
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    let items = ranked_for_need(&state, who.actor(), id.into_inner(), meta.locale).await?;
    Ok(HttpResponse::Ok().json(items))
}

/// The live ranking of a need for its firm or the organiser; 404 for anyone else.
pub async fn ranked_for_need(
    state: &AppState,
    actor: &crate::identity::actor::Actor,
    need_id: Uuid,
    locale: crate::i18n::Locale,
) -> Result<RankedProducts, HttpError> {
    use entities::{need, need_match, product};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let n = need::Entity::find_by_id(need_id).one(&state.db).await?.ok_or(HttpError::NotFound)?;
    if !(actor.member_of(n.organisation_id) || actor.is_organiser()) {
        return Err(HttpError::NotFound);
    }
    let ranked =
        state.matching.products_for_need(need_id, super::service::PROPOSE_TOP_K, crate::catalog::needs::today());
    let ids: Vec<Uuid> = ranked.iter().filter_map(|r| Uuid::parse_str(&r.product_id.0).ok()).collect();
    let products: std::collections::HashMap<Uuid, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(ids.clone()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let vendor_ids: Vec<Uuid> = products.values().map(|p| p.organisation_id).collect();
    let vendors = crate::catalog::store::organisation_names(&state.db, vendor_ids).await?;
    let matches: std::collections::HashMap<Uuid, need_match::Model> = need_match::Entity::find()
        .filter(need_match::Column::NeedId.eq(need_id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|m| (m.product_id, m))
        .collect();
    let catalogs = state.templates.catalogs();
    let items = ranked
        .into_iter()
        .filter_map(|r| {
            let id = Uuid::parse_str(&r.product_id.0).ok()?;
            let p = products.get(&id)?;
            let m = matches.get(&id);
            Some(RankedProductView {
                product: view::ProductSummary {
                    id,
                    name: p.name.clone(),
                    vendor_name: vendors.get(&p.organisation_id).cloned().unwrap_or_default(),
                },
                score: r.score,
                reasons: r
                    .reasons
                    .iter()
                    .map(|reason| super::reason_text::view_of(reason, locale, catalogs, &state.reference))
                    .collect(),
                match_id: m.map(|m| m.id),
                state: m.map(|m| super::store::transitions::stage_of(m.state).code().to_owned()),
            })
        })
        .collect();
    Ok(RankedProducts { need_id, items })
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    paths(list, show, step, for_need),
    components(schemas(
        MatchList,
        MatchView,
        StepRequest,
        RankedProducts,
        RankedProductView,
        view::NeedSummary,
        view::ProductSummary,
        view::Contact,
        view::TransitionView,
        super::reason_text::ReasonView,
    ))
)]
pub struct ApiDocs;
