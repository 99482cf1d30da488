//! The same checks for pages and API: load the case, ask the rules on its facts.

use uuid::Uuid;

use super::CaseStudyError;
use super::form::CaseText;
use super::rules::{self, Command};
use super::store::{self, Loaded};
use crate::identity::actor::Actor;
use crate::state::AppState;

/// The case `id` if the actor may see it (404 otherwise, whether or not it exists).
pub async fn visible(state: &AppState, actor: Option<&Actor>, id: Uuid) -> Result<Loaded, CaseStudyError> {
    let loaded = store::load(&state.db, id).await?.ok_or(CaseStudyError::NotFound)?;
    if rules::may_view(loaded.party(actor), loaded.status()) { Ok(loaded) } else { Err(CaseStudyError::NotFound) }
}

/// Drafts a case from match `match_id`: the product's vendor or the organiser, adopted matches only.
/// A match the actor has nothing to do with is "not found".
pub async fn draft(state: &AppState, actor: &Actor, match_id: Uuid) -> Result<Uuid, CaseStudyError> {
    let facts = store::match_facts(&state.db, match_id).await?.ok_or(CaseStudyError::NotFound)?;
    let party = rules::Party {
        vendor: actor.member_of(facts.product.organisation_id),
        user_company: actor.member_of(facts.user_company),
        organiser: actor.is_organiser(),
    };
    if !(party.vendor || party.user_company || party.organiser) {
        return Err(CaseStudyError::NotFound);
    }
    rules::may_draft(party, facts.adopted()).map_err(|r| match r {
        rules::Refusal::WrongStatus => CaseStudyError::NotAdopted,
        other => other.into(),
    })?;
    store::draft(&state.db, actor, &facts).await
}

/// The case `id` if the actor may edit it now: 404 when they may not see it, 403 when it is not
/// theirs, 409 when it is no longer a draft.
pub async fn editable(state: &AppState, actor: &Actor, id: Uuid) -> Result<Loaded, CaseStudyError> {
    let loaded = visible(state, Some(actor), id).await?;
    rules::next(loaded.party(Some(actor)), loaded.status(), Command::Edit, loaded.approved_by_member())?;
    Ok(loaded)
}

pub async fn edit(state: &AppState, actor: &Actor, id: Uuid, text: &CaseText) -> Result<(), CaseStudyError> {
    editable(state, actor, id).await?;
    store::edit(&state.db, actor, id, text).await
}

pub async fn act(state: &AppState, actor: &Actor, id: Uuid, command: Command) -> Result<(), CaseStudyError> {
    let loaded = visible(state, Some(actor), id).await?;
    let to = rules::next(loaded.party(Some(actor)), loaded.status(), command, loaded.approved_by_member())?;
    store::transition(&state.db, actor, &loaded, command, to, &state.config.base_url).await?;
    // Published cases count in matching (adoptions in the same industry). Nothing the refresher
    // watches changes here, so ask for a full re-ranking, in the background: publications are rare.
    if to == rules::Status::Published || loaded.status() == rules::Status::Published {
        let matching = std::sync::Arc::clone(&state.matching);
        drop(tokio::spawn(async move {
            if let Err(err) = matching.reconcile().await {
                tracing::warn!(error = %err, "re-ranking after a case study changed failed");
            }
        }));
    }
    Ok(())
}
