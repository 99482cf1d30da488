//! Who may write a verification result, asked of the policy on the loaded product (and record):
//! members of an active verifier organisation or the organiser, never the product's own vendor.
//! A record is amended or withdrawn by its own verifier organisation or the organiser.

use entities::{product, verification};
use uuid::Uuid;

use super::store;
use crate::catalog::products::guard::authorise;
use crate::catalog::products::store as product_store;
use crate::http::{FieldError, HttpError};
use crate::identity::actor::{Actor, OrgKind};
use crate::identity::policy::Action;
use crate::state::AppState;

/// The product `id`, if the actor may write verification results for it.
pub async fn product_to_verify(state: &AppState, actor: Option<&Actor>, id: Uuid) -> Result<product::Model, HttpError> {
    let p = product_store::find(&state.db, id).await?.ok_or(HttpError::NotFound)?;
    authorise(actor, Action::WriteVerification(product_store::facts(&p)))?;
    Ok(p)
}

/// The record `id` and its product, if the actor may change it.
pub async fn record_to_change(
    state: &AppState,
    actor: Option<&Actor>,
    id: Uuid,
) -> Result<(verification::Model, product::Model), HttpError> {
    let v = store::find(&state.db, id).await?.ok_or(HttpError::NotFound)?;
    let p = product_to_verify(state, actor, v.product_id).await?;
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };
    // One verifier does not rewrite another's result; the organiser oversees them all.
    if !actor.is_organiser() && !actor.member_of(v.verifier_organisation_id) {
        return Err(HttpError::Forbidden);
    }
    Ok((v, p))
}

/// The verifier organisation a new record is in the name of: the actor's own active verifier
/// organisation, or for the organiser the one chosen (which must be an active verifier).
pub async fn verifier_for(state: &AppState, actor: &Actor, chosen: Option<Uuid>) -> Result<Uuid, HttpError> {
    let field_error = |code: &str| HttpError::Validation(vec![FieldError::new("verifier_organisation_id", code)]);
    if actor.is_organiser() {
        let chosen = chosen.ok_or_else(|| field_error("required"))?;
        let verifiers = store::active_verifiers(&state.db).await?;
        return verifiers.iter().find(|o| o.id == chosen).map(|o| o.id).ok_or_else(|| field_error("unknown"));
    }
    let own =
        actor.active().find(|m| m.kind == OrgKind::Verifier).map(|m| m.organisation_id).ok_or(HttpError::Forbidden)?;
    match chosen {
        Some(other) if other != own => Err(field_error("unknown")),
        _ => Ok(own),
    }
}

impl store::VerificationError {
    pub fn into_http(self, catalogs: &crate::i18n::Catalogs, locale: crate::i18n::Locale) -> HttpError {
        match self {
            store::VerificationError::Db(e) => e.into(),
            store::VerificationError::NotFound => HttpError::NotFound,
            store::VerificationError::Withdrawn => {
                HttpError::Conflict(catalogs.text(locale, "verification_desk.errors.withdrawn"))
            }
        }
    }
}
