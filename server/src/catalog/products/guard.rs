//! Asking the policy about products, the same way in every handler: load the product from the
//! database, then decide on its facts (never on the URL).

use actix_web::HttpResponse;
use actix_web::http::header;
use entities::product;
use uuid::Uuid;

use super::store::{self, ProductError};
use crate::http::HttpError;
use crate::i18n::{Catalogs, Locale};
use crate::identity::actor::{Actor, OrgKind, OrgStatus};
use crate::identity::policy::{Action, OrgFacts, ProductFacts, decide};

/// Ok when the policy allows `action`; otherwise the refusal as HTTP (sign in, 403 or 404).
pub fn authorise(actor: Option<&Actor>, action: Action) -> Result<(), HttpError> {
    let decision = decide(actor, action);
    if decision.allowed() { Ok(()) } else { Err(HttpError::from(decision)) }
}

/// The vendor organisation the actor lists products for, once the policy agrees. A person in no
/// vendor organisation (or only a pending or suspended one) is refused by the policy.
pub fn vendor_for(actor: Option<&Actor>) -> Result<OrgFacts, HttpError> {
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };
    let vendors = || actor.memberships.iter().filter(|m| m.kind == OrgKind::Vendor);
    let chosen = vendors()
        .find(|m| m.status == OrgStatus::Active)
        .or_else(|| vendors().next())
        .or_else(|| actor.memberships.first())
        .ok_or(HttpError::Forbidden)?;
    let org = OrgFacts { id: chosen.organisation_id, kind: chosen.kind, status: chosen.status };
    authorise(Some(actor), Action::CreateProduct(org))?;
    Ok(org)
}

/// The product `id`, if it exists and the policy allows `action` on it.
pub async fn product_for(
    db: &sea_orm::DatabaseConnection,
    actor: Option<&Actor>,
    id: Uuid,
    action: fn(ProductFacts) -> Action,
) -> Result<product::Model, HttpError> {
    let p = store::find(db, id).await?.ok_or(HttpError::NotFound)?;
    authorise(actor, action(store::facts(&p)))?;
    Ok(p)
}

impl ProductError {
    /// The HTTP answer, with a conflict explained in the reader's language.
    pub fn into_http(self, catalogs: &Catalogs, locale: Locale) -> HttpError {
        match self {
            ProductError::Db(e) => e.into(),
            ProductError::NotFound => HttpError::NotFound,
            ProductError::WrongStatus => {
                HttpError::Conflict(catalogs.text(locale, "vendor_products.errors.wrong_status"))
            }
        }
    }
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}

/// Lets the catalog search index and the matching index see a change at once rather than at
/// their next timed refresh. Best effort: the timers catch up if this fails.
pub async fn reindex(state: &crate::state::AppState) {
    if let Err(e) = state.search.refresh_now().await {
        tracing::warn!(error = %e, "search index refresh after a catalog change failed");
    }
    if let Err(e) = state.matching.refresh_now().await {
        tracing::warn!(error = %e, "matching refresh after a catalog change failed");
    }
    crate::matching::MatchingService::announce(state.rooms.bus().as_ref()).await;
}
