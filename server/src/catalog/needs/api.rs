//! `/api/v1/needs`: needs as JSON for the signed-in browser session, with the same policy as the
//! pages. Writes take the same fields as the form and need the session's CSRF token in the
//! `X-CSRF-Token` header. Field errors come back as problem+json.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use entities::need::{self, NeedStatus};
use uuid::Uuid;

use super::form::{self, NeedInput};
use super::guard::{editable_need, posting_organisation, visible_need};
use super::pages::today;
use super::store::{self, Scope};
use super::view::{self, NeedList, NeedView};
use crate::http::HttpError;
use crate::http::body::{LARGE_BODY_LIMIT, csrf_header, read_json};
use crate::identity::actor::{Actor, OrgKind};
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::extract::SignedIn;
use crate::identity::policy::{Action, decide};
use crate::state::AppState;

/// The fields of a need (numbers may also be sent as text).
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct NeedRequest {
    /// Required, at most 200 characters.
    title: String,
    /// At most 4000 characters.
    body: Option<String>,
    /// At most 500 characters.
    keywords: Option<String>,
    /// At most 12 worry codes: ransomware, telework, email_fraud, website_defacement,
    /// customer_audit, info_leak, lost_device, unknown_devices, vulnerability, wifi, iot,
    /// account_takeover.
    worries: Option<Vec<String>>,
    /// At most 10 category codes from the reference data.
    categories: Option<Vec<String>>,
    /// 1 to 100000.
    employees: i32,
    /// 0 to 100000 (default 0).
    devices: Option<i32>,
    /// Integer yen, 0 or more (default 0).
    budget_initial_yen: Option<i64>,
    budget_monthly_yen: Option<i64>,
    /// JIS X 0401 prefecture code, 1 to 47.
    prefecture_code: i16,
    industry_code: Option<String>,
    /// YYYY-MM-DD, today or later.
    deadline: Option<String>,
    /// private | anonymous (default) | named
    visibility: Option<String>,
}

fn check_csrf(req: &HttpRequest) -> Result<(), HttpError> {
    let token = csrf_header(req);
    csrf::verify(req, token)
}

/// The need as this actor may see it: the owner only when `ViewNeedOwner` allows.
async fn view_for(state: &AppState, actor: &Actor, n: need::Model) -> Result<NeedView, HttpError> {
    let owner = if decide(Some(actor), Action::ViewNeedOwner(store::facts(&n))).allowed() {
        store::organisation(&state.db, n.organisation_id).await?
    } else {
        None
    };
    let categories = store::categories(&state.db, n.id).await?;
    Ok(view::api_view(n, categories, owner.as_ref()))
}

/// Needs the signed-in person may see, newest first (at most 200): all for the organiser, its
/// own for a firm, open public ones (owner hidden when anonymous) for a vendor.
#[utoipa::path(get, path = "/api/v1/needs", tag = "needs", responses(
    (status = 200, body = NeedList),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn list(state: web::Data<AppState>, who: SignedIn) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let scope = if actor.is_organiser() {
        Scope::All
    } else if actor.is_kind(OrgKind::UserCompany) {
        Scope::OwnedBy(actor.active().map(|m| m.organisation_id).collect())
    } else if actor.is_kind(OrgKind::Vendor) {
        Scope::OpenToVendors
    } else {
        Scope::OwnedBy(Vec::new())
    };
    let mut items = Vec::new();
    // The scope only narrows the query; each row is still put to the policy.
    for n in store::list(&state.db, scope).await? {
        if decide(Some(actor), Action::ViewNeed(store::facts(&n))).allowed() {
            items.push(view_for(&state, actor, n).await?);
        }
    }
    Ok(HttpResponse::Ok().json(NeedList { items }))
}

/// One need.
#[utoipa::path(get, path = "/api/v1/needs/{id}", tag = "needs", params(("id" = Uuid, Path, description = "need id")), responses(
    (status = 200, body = NeedView),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 404, description = "no such need, or not visible to you", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn show(state: web::Data<AppState>, who: SignedIn, id: web::Path<Uuid>) -> Result<HttpResponse, HttpError> {
    let n = visible_need(&state, Some(who.actor()), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view_for(&state, who.actor(), n).await?))
}

/// Posts a need for the person's user company.
#[utoipa::path(post, path = "/api/v1/needs", tag = "needs", request_body = NeedRequest,
    params(("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 201, body = NeedView, description = "created; `Location` names its page"),
        (status = 400, description = "not JSON", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not a member of an active user company, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 413, description = "body over 4 MiB", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let firm = posting_organisation(Some(actor))?.organisation_id;
    check_csrf(&req)?;
    let body = read_json(&req, payload, LARGE_BODY_LIMIT).await?;
    let draft =
        form::validate(&NeedInput::from_json(&body), &state.reference, today()).map_err(HttpError::Validation)?;
    let n = store::create(&state.db, actor, firm, &draft, client_ip(&req)).await?;
    crate::catalog::products::guard::reindex(&state).await;
    let location = format!("/needs/{}", n.id);
    Ok(HttpResponse::Created().insert_header((header::LOCATION, location)).json(view_for(&state, actor, n).await?))
}

/// Replaces a need's fields (members of the posting firm only).
#[utoipa::path(put, path = "/api/v1/needs/{id}", tag = "needs", request_body = NeedRequest,
    params(("id" = Uuid, Path, description = "need id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = NeedView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "visible but not yours, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such need, or not visible to you", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let n = editable_need(&state, Some(actor), id.into_inner()).await?;
    check_csrf(&req)?;
    let body = read_json(&req, payload, LARGE_BODY_LIMIT).await?;
    let draft =
        form::validate(&NeedInput::from_json(&body), &state.reference, today()).map_err(HttpError::Validation)?;
    let n = store::update(&state.db, n, &draft).await?;
    crate::catalog::products::guard::reindex(&state).await;
    Ok(HttpResponse::Ok().json(view_for(&state, actor, n).await?))
}

async fn change_status(
    req: HttpRequest,
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    status: NeedStatus,
) -> Result<HttpResponse, HttpError> {
    let n = editable_need(state, Some(actor), id).await?;
    check_csrf(&req)?;
    store::set_status(&state.db, actor, n, status, client_ip(&req)).await?;
    crate::catalog::products::guard::reindex(state).await;
    let n = store::find(&state.db, id).await?.ok_or(HttpError::NotFound)?;
    Ok(HttpResponse::Ok().json(view_for(state, actor, n).await?))
}

/// Closes a need: no longer sought.
#[utoipa::path(post, path = "/api/v1/needs/{id}/close", tag = "needs",
    params(("id" = Uuid, Path, description = "need id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = NeedView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "visible but not yours, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such need, or not visible to you", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn close(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    change_status(req, &state, who.actor(), id.into_inner(), NeedStatus::Closed).await
}

/// Reopens a closed need.
#[utoipa::path(post, path = "/api/v1/needs/{id}/reopen", tag = "needs",
    params(("id" = Uuid, Path, description = "need id"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses(
        (status = 200, body = NeedView),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "visible but not yours, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such need, or not visible to you", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn reopen(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, HttpError> {
    change_status(req, &state, who.actor(), id.into_inner(), NeedStatus::Open).await
}
