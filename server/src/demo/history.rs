//! A little match history for a fresh demo, so that the dashboards and the organiser's funnel
//! have something to show on the first click: among the proposals the matching engine made for
//! the demo needs, one is introduced, one went all the way to an adoption, and in one the vendor
//! has said it is interested. Played through the real lifecycle rules and rows, without mail: it
//! is the past, not news.

use entities::need_match::{self, MatchState};
use entities::{membership, need, product};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::matching::MatchError;
use crate::matching::lifecycle::{Side, Step};
use crate::matching::store::transitions::{Acting, apply_quietly};
use crate::state::AppState;

/// A member of `organisation` to act for it.
async fn someone_of(state: &AppState, organisation: Uuid) -> Result<Option<Uuid>, MatchError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation))
        .order_by_asc(membership::Column::CreatedAt)
        .one(&state.db)
        .await?
        .map(|m| m.user_id))
}

/// Plays the history; each proposal it uses belongs to a different need.
pub async fn play(state: &AppState) -> Result<usize, MatchError> {
    let proposals = need_match::Entity::find()
        .filter(need_match::Column::State.eq(MatchState::Proposed))
        .order_by_desc(need_match::Column::Score)
        .order_by_asc(need_match::Column::Id)
        .all(&state.db)
        .await?;
    let today = chrono::Utc::now();
    let plans: [&[Step]; 3] = [
        &[Step::Interest, Step::Interest],
        &[
            Step::Interest,
            Step::Interest,
            Step::Meeting { at: today - chrono::TimeDelta::days(10) },
            Step::Trial,
            Step::Adopt,
        ],
        &[Step::Interest],
    ];
    let mut played = 0;
    let mut seen_needs = Vec::new();
    let mut plans = plans.into_iter();
    for m in proposals {
        if seen_needs.contains(&m.need_id) {
            continue;
        }
        let Some(n) = need::Entity::find_by_id(m.need_id).one(&state.db).await? else { continue };
        let Some(p) = product::Entity::find_by_id(m.product_id).one(&state.db).await? else { continue };
        let Some(plan) = plans.next() else { break };
        seen_needs.push(m.need_id);
        // A demo vendor without an account still acts (its steps name nobody).
        let firm = Acting { side: Side::User, user_id: someone_of(state, n.organisation_id).await? };
        let vendor = Acting { side: Side::Vendor, user_id: someone_of(state, p.organisation_id).await? };
        for (i, step) in plan.iter().enumerate() {
            // The vendor speaks first, then the firm; the firm records meeting, trial and adoption.
            let who = if i == 0 { vendor } else { firm };
            apply_quietly(state, m.id, who, *step).await?;
        }
        played += 1;
    }
    Ok(played)
}
