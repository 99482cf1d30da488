//! The organiser's side: vendors and verifiers waiting for approval, approving and suspending
//! organisations, and changing an organisation's kind. Each change is audited by the store.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::guard::{authorise, see_other, visible_organisation};
use super::rules::{self, StatusCommand};
use super::{store, view};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::Action;
use crate::identity::session::kind_of;
use crate::state::AppState;
use crate::ui::Page;

pub async fn list(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    authorise(who.actor(), Action::UseConsole)?;
    let waiting = store::awaiting_approval(&state.db).await?;
    let rows: Vec<_> = waiting
        .iter()
        .map(|(org, owners)| {
            json!({
                "organisation": view::organisation(org, &state.reference, meta.locale),
                "owners": owners.iter().map(|o| json!({ "display_name": o.display_name, "email": o.email })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Page::new("pages/organisations/approvals.html", json!({ "waiting": rows })))
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf_token: String,
    /// `approvals` to come back to the list; otherwise the profile.
    #[serde(default)]
    back: String,
}

async fn set_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    form: web::Form<StatusForm>,
    command: StatusCommand,
) -> Result<HttpResponse, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let actor = who.actor();
    let org = visible_organisation(&state, actor, id.into_inner()).await?;
    let facts = store::facts(&org);
    authorise(actor, Action::ApproveOrganisation(facts))?;
    let catalogs = state.templates.catalogs();
    if rules::next_status(facts.kind, facts.status, command).is_err() {
        return Err(HttpError::Conflict(catalogs.text(meta.locale, "organisations.errors.not_approvable")));
    }
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };
    store::set_status(&state.db, actor, org.id, command, client_ip(&req))
        .await
        .map_err(|e| e.into_http(catalogs, meta.locale))?;
    let notice = match command {
        StatusCommand::Approve => "approved",
        StatusCommand::Suspend => "suspended",
    };
    let location = if form.back == "approvals" {
        "/approvals".to_owned()
    } else {
        format!("/organisations/{}?notice={notice}", org.id)
    };
    Ok(see_other(&location))
}

pub async fn approve(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, HttpError> {
    set_status(req, state, meta, who, id, form, StatusCommand::Approve).await
}

pub async fn suspend(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, HttpError> {
    set_status(req, state, meta, who, id, form, StatusCommand::Suspend).await
}

#[derive(Debug, Deserialize)]
pub struct KindForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn change_kind(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    form: web::Form<KindForm>,
) -> Result<HttpResponse, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let actor = who.actor();
    let org = visible_organisation(&state, actor, id.into_inner()).await?;
    authorise(actor, Action::ChangeOrganisationKind(store::facts(&org)))?;
    let new = rules::choosable_kind(form.kind.trim())
        .ok_or_else(|| HttpError::Validation(vec![FieldError::new("kind", "unknown")]))?;
    let catalogs = state.templates.catalogs();
    if !rules::kind_change_allowed(kind_of(org.kind), new) {
        return Err(HttpError::Conflict(catalogs.text(meta.locale, "organisations.errors.not_approvable")));
    }
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };
    store::change_kind(&state.db, actor, org.id, new, client_ip(&req))
        .await
        .map_err(|e| e.into_http(catalogs, meta.locale))?;
    Ok(see_other(&format!("/organisations/{}?notice=kind_changed", org.id)))
}
