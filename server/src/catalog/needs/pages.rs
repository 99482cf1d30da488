//! Need pages: the guided form (new and edit), a firm's list of its needs, and a need's page.
//! Every handler loads the need from the database and asks the policy on its facts.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use entities::need::NeedStatus;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::form::{self, NeedInput};
use super::guard::{editable_need, posting_organisation, see_other, visible_need};
use super::store::{self, Scope};
use super::view;
use crate::http::body::{LARGE_BODY_LIMIT, read_form};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::actor::OrgKind;
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::{Action, decide};
use crate::state::AppState;
use crate::ui::Page;

/// Notices a redirect may ask the need page to show (anything else is ignored).
const NOTICES: [&str; 4] = ["created", "updated", "closed", "reopened"];

/// The firm's today: a deadline "today" is still today in Japan after 15:00 UTC.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&crate::i18n::DEFAULT_TIME_ZONE).date_naive()
}

/// Where the form posts: a new need, or the need being edited.
fn form_page(
    state: &AppState,
    meta: &RequestMeta,
    editing: Option<Uuid>,
    input: &NeedInput,
    errors: &[FieldError],
) -> Page {
    let catalogs = state.templates.catalogs();
    Page::new(
        "pages/needs/form.html",
        json!({
            "editing": editing,
            "action": editing.map_or_else(|| "/needs".to_owned(), |id| format!("/needs/{id}")),
            "form": input.echo(),
            "field_errors": view::field_errors(errors, catalogs, meta.locale),
            "choices": view::form_choices(&state.reference, meta.locale),
            "limits": { "title": form::TITLE_MAX, "body": form::BODY_MAX, "keywords": form::KEYWORDS_MAX },
            "today": today().to_string(),
        }),
    )
}

fn csrf_of(req: &HttpRequest, pairs: &[(String, String)]) -> Result<(), HttpError> {
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str()).unwrap_or_default();
    csrf::verify(req, token)
}

fn input_of(pairs: &[(String, String)]) -> NeedInput {
    NeedInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

pub async fn new_form(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    let firm = posting_organisation(who.actor())?;
    // Start from what the firm's profile says, so most people only tick their worries and write.
    let org = store::organisation(&state.db, firm.organisation_id).await?.ok_or(HttpError::NotFound)?;
    let input = NeedInput {
        prefecture_code: org.prefecture_code.map(|c| c.to_string()).unwrap_or_default(),
        industry_code: org.industry_code.unwrap_or_default(),
        employees: org.employees.map(|e| e.to_string()).unwrap_or_default(),
        visibility: "anonymous".to_owned(),
        ..NeedInput::default()
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
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    csrf_of(&req, &pairs)?;
    let firm = posting_organisation(who.actor())?;
    let input = input_of(&pairs);
    let draft = match form::validate(&input, &state.reference, today()) {
        Ok(draft) => draft,
        Err(errors) => {
            let page = form_page(&state, &meta, None, &input, &errors).with_status(StatusCode::UNPROCESSABLE_ENTITY);
            return Ok(Either::Right(page));
        }
    };
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let need = store::create(&state.db, actor, firm.organisation_id, &draft, client_ip(&req)).await?;
    crate::catalog::products::guard::reindex(&state).await;
    Ok(Either::Left(see_other(&format!("/needs/{}?notice=created", need.id))))
}

/// The needs of the firm(s) the person belongs to.
pub async fn mine(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    let actor = who.actor();
    posting_organisation(actor)?;
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };
    let firms: Vec<Uuid> =
        actor.active().filter(|m| m.kind == OrgKind::UserCompany).map(|m| m.organisation_id).collect();
    let mut items = Vec::new();
    for n in store::list(&state.db, Scope::OwnedBy(firms)).await? {
        if decide(Some(actor), Action::ViewNeed(store::facts(&n))).allowed() {
            let categories = store::categories(&state.db, n.id).await?;
            items.push(view::detail(&n, &categories, None, &state.reference, meta.locale));
        }
    }
    Ok(Page::new("pages/needs/mine.html", json!({ "needs": items })))
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
    let n = visible_need(&state, actor, id.into_inner()).await?;
    let facts = store::facts(&n);
    let owner = if decide(actor, Action::ViewNeedOwner(facts)).allowed() {
        store::organisation(&state.db, n.organisation_id).await?
    } else {
        None
    };
    let categories = store::categories(&state.db, n.id).await?;
    let notice = query.notice.as_deref().filter(|n| NOTICES.contains(n));
    Ok(Page::new(
        "pages/needs/show.html",
        json!({
            "need": view::detail(&n, &categories, owner.as_ref(), &state.reference, meta.locale),
            "may_edit": decide(actor, Action::EditNeed(facts)).allowed(),
            "notice": notice,
        }),
    ))
}

pub async fn edit_form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let n = editable_need(&state, who.actor(), id.into_inner()).await?;
    let categories = store::categories(&state.db, n.id).await?;
    Ok(form_page(&state, &meta, Some(n.id), &view::as_input(&n, &categories), &[]))
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
    csrf_of(&req, &pairs)?;
    let n = editable_need(&state, who.actor(), id.into_inner()).await?;
    let input = input_of(&pairs);
    let draft = match form::validate(&input, &state.reference, today()) {
        Ok(draft) => draft,
        Err(errors) => {
            let page =
                form_page(&state, &meta, Some(n.id), &input, &errors).with_status(StatusCode::UNPROCESSABLE_ENTITY);
            return Ok(Either::Right(page));
        }
    };
    let n = store::update(&state.db, n, &draft).await?;
    crate::catalog::products::guard::reindex(&state).await;
    Ok(Either::Left(see_other(&format!("/needs/{}?notice=updated", n.id))))
}

async fn change_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: Uuid,
    payload: web::Payload,
    status: NeedStatus,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    csrf_of(&req, &pairs)?;
    let n = editable_need(&state, who.actor(), id).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    store::set_status(&state.db, actor, n, status, client_ip(&req)).await?;
    crate::catalog::products::guard::reindex(&state).await;
    let notice = if status == NeedStatus::Closed { "closed" } else { "reopened" };
    Ok(see_other(&format!("/needs/{id}?notice={notice}")))
}

pub async fn close(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    change_status(req, state, who, id.into_inner(), payload, NeedStatus::Closed).await
}

pub async fn reopen(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    change_status(req, state, who, id.into_inner(), payload, NeedStatus::Open).await
}
