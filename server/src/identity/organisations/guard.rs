//! Asking the policy, the same way in every handler: load the object from the database, then
//! decide on its facts. An organisation the actor may not see is "not found", whatever they
//! asked to do with it, so the existence of a pending applicant never leaks.

use actix_web::HttpResponse;
use actix_web::http::header;
use entities::organisation;
use uuid::Uuid;

use super::{rules, store};
use crate::http::HttpError;
use crate::identity::actor::{Actor, OrgKind};
use crate::identity::policy::{Action, decide};
use crate::state::AppState;

/// Ok when the policy allows `action`; otherwise the refusal as HTTP (sign in, 403 or 404).
pub fn authorise(actor: Option<&Actor>, action: Action) -> Result<(), HttpError> {
    let decision = decide(actor, action);
    if decision.allowed() { Ok(()) } else { Err(HttpError::from(decision)) }
}

/// May the actor create an organisation of some kind a form offers? (The form then asks which,
/// and the policy is asked again for that kind.)
pub fn may_create(actor: Option<&Actor>) -> Result<(), HttpError> {
    if rules::CHOOSABLE_KINDS.iter().any(|k| decide(actor, Action::CreateOrganisation(*k)).allowed()) {
        return Ok(());
    }
    authorise(actor, Action::CreateOrganisation(OrgKind::UserCompany))
}

/// The organisation `id`, if it exists and the actor may see it.
pub async fn visible_organisation(
    state: &AppState,
    actor: Option<&Actor>,
    id: Uuid,
) -> Result<organisation::Model, HttpError> {
    let org = store::find(&state.db, id).await?.ok_or(HttpError::NotFound)?;
    authorise(actor, Action::ViewOrganisation(store::facts(&org)))?;
    Ok(org)
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}
