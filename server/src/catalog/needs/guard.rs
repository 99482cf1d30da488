//! Asking the policy the same way in every need handler: load the need from the database, then
//! decide on its facts. A need the actor may not see is "not found" whatever they asked to do
//! with it, so a private need's existence never leaks.

use actix_web::HttpResponse;
use actix_web::http::header;
use entities::need;
use uuid::Uuid;

use super::store;
use crate::http::HttpError;
use crate::identity::actor::{Actor, Membership, OrgKind};
use crate::identity::policy::{Action, Decision, OrgFacts, decide};
use crate::state::AppState;

pub fn authorise(actor: Option<&Actor>, action: Action) -> Result<(), HttpError> {
    let decision = decide(actor, action);
    if decision.allowed() { Ok(()) } else { Err(HttpError::from(decision)) }
}

fn org_facts(m: &Membership) -> OrgFacts {
    OrgFacts { id: m.organisation_id, kind: m.kind, status: m.status }
}

/// The user company the actor posts needs for: the first active one where the policy allows
/// `CreateNeed`. Anyone else gets the policy's own refusal (sign in, or 403).
pub fn posting_organisation(actor: Option<&Actor>) -> Result<&Membership, HttpError> {
    let Some(actor) = actor else { return Err(HttpError::from(Decision::SignIn)) };
    actor
        .active()
        .filter(|m| m.kind == OrgKind::UserCompany)
        .find(|m| decide(Some(actor), Action::CreateNeed(org_facts(m))).allowed())
        .ok_or(HttpError::Forbidden)
}

/// The need `id`, if it exists and the actor may see it (404 otherwise, for everyone alike).
pub async fn visible_need(state: &AppState, actor: Option<&Actor>, id: Uuid) -> Result<need::Model, HttpError> {
    let need = store::find(&state.db, id).await?.ok_or(HttpError::NotFound)?;
    authorise(actor, Action::ViewNeed(store::facts(&need)))?;
    Ok(need)
}

/// The need `id`, if the actor may change it: 404 when they may not even see it, 403 when they
/// may see but not change it.
pub async fn editable_need(state: &AppState, actor: Option<&Actor>, id: Uuid) -> Result<need::Model, HttpError> {
    let need = store::find(&state.db, id).await?.ok_or(HttpError::NotFound)?;
    authorise(actor, Action::EditNeed(store::facts(&need)))?;
    Ok(need)
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}
