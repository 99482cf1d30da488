//! Proposals as rows: `need_match` in state `proposed`, each with the `match_transition` that
//! records it. [`sync`] makes a need's rows agree with its current ranking, idempotently, so any
//! instance may run it any number of times.

use chrono::Utc;
use entities::match_transition::TransitionSide;
use entities::need;
use entities::need::{NeedStatus, NeedVisibility};
use entities::need_match::{self, MatchState};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    Set, TransactionTrait, TryInsertResult,
};
use uuid::Uuid;

use super::transitions::record;
use crate::matching::engine::RankedProduct;

/// Why the system withdrew a proposal, kept as the transition's note.
pub const NO_LONGER_MATCHES: &str = "no_longer_matches";

pub async fn any_exist(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(need_match::Entity::find().limit(1).count(db).await? > 0)
}

/// Needs with an open match on one of `products`.
pub async fn needs_with_products(db: &DatabaseConnection, products: &[Uuid]) -> Result<Vec<Uuid>, DbErr> {
    let mut out = Vec::new();
    for chunk in products.chunks(1_000) {
        let rows: Vec<Uuid> = need_match::Entity::find()
            .select_only()
            .column(need_match::Column::NeedId)
            .filter(need_match::Column::ProductId.is_in(chunk.to_vec()))
            .filter(need_match::Column::State.is_in([MatchState::Proposed, MatchState::Interested]))
            .distinct()
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Nobody has acted on it yet.
fn untouched(row: &need_match::Model) -> bool {
    row.user_interested_at.is_none() && row.vendor_interested_at.is_none()
}

/// Makes `need`'s proposals follow `ranked` (best first): the first `propose_k` are proposed
/// (new rows, or expired untouched ones proposed again), scores and reasons of open matches are
/// brought up to date, and untouched proposals no longer in `ranked` at all are withdrawn
/// (expired, noted [`NO_LONGER_MATCHES`]). Private and closed needs are proposed to nobody.
/// With `announce` false, new proposals are marked as already mailed (no lead digest).
/// Returns how many proposals were added.
pub async fn sync(
    db: &DatabaseConnection,
    need_id: Uuid,
    ranked: &[RankedProduct],
    propose_k: usize,
    announce: bool,
) -> Result<usize, DbErr> {
    let txn = db.begin().await?;
    let Some(n) = need::Entity::find_by_id(need_id).one(&txn).await? else {
        return Ok(0);
    };
    let proposable = n.status == NeedStatus::Open && n.visibility != NeedVisibility::Private;
    let ranked: &[RankedProduct] = if proposable { ranked } else { &[] };
    let now = Utc::now();
    let existing = need_match::Entity::find().filter(need_match::Column::NeedId.eq(need_id)).all(&txn).await?;
    let mut added = 0;
    for (rank, r) in ranked.iter().enumerate() {
        let Ok(product_id) = Uuid::parse_str(&r.product_id.0) else { continue };
        let reasons = serde_json::to_value(&r.reasons).unwrap_or_default();
        match existing.iter().find(|m| m.product_id == product_id) {
            Some(row) if row.state == MatchState::Expired && untouched(row) && rank < propose_k => {
                let mut active: need_match::ActiveModel = row.clone().into();
                active.state = Set(MatchState::Proposed);
                active.score = Set(r.score);
                active.reasons = Set(reasons);
                active.state_changed_at = Set(now);
                active.updated_at = Set(now);
                active.lead_mailed_at = Set(if announce { None } else { Some(now) });
                active.update(&txn).await?;
                record(
                    &txn,
                    row.id,
                    Some(MatchState::Expired),
                    MatchState::Proposed,
                    TransitionSide::System,
                    None,
                    None,
                )
                .await?;
                added += 1;
            }
            // Open matches keep up with the current score and reasons.
            Some(row)
                if !matches!(row.state, MatchState::Expired | MatchState::Declined)
                    && (row.score != r.score || row.reasons != reasons) =>
            {
                let mut active: need_match::ActiveModel = row.clone().into();
                active.score = Set(r.score);
                active.reasons = Set(reasons);
                active.updated_at = Set(now);
                active.update(&txn).await?;
            }
            Some(_) => {}
            None if rank < propose_k => {
                let id = Uuid::now_v7();
                let row = need_match::ActiveModel {
                    id: Set(id),
                    need_id: Set(need_id),
                    product_id: Set(product_id),
                    score: Set(r.score),
                    reasons: Set(reasons),
                    state: Set(MatchState::Proposed),
                    user_interested_at: Set(None),
                    vendor_interested_at: Set(None),
                    introduced_at: Set(None),
                    state_changed_at: Set(now),
                    meeting_at: Set(None),
                    lead_mailed_at: Set(if announce { None } else { Some(now) }),
                    created_at: Set(now),
                    updated_at: Set(now),
                };
                // Another instance may have proposed the same pair a moment ago: one row wins.
                let inserted = need_match::Entity::insert(row)
                    .on_conflict_do_nothing_on([need_match::Column::NeedId, need_match::Column::ProductId])
                    .exec_without_returning(&txn)
                    .await?;
                if matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
                    record(&txn, id, None, MatchState::Proposed, TransitionSide::System, None, None).await?;
                    added += 1;
                }
            }
            None => {}
        }
    }
    for row in &existing {
        let still_ranked = ranked.iter().any(|r| r.product_id.0 == row.product_id.to_string());
        if row.state == MatchState::Proposed && untouched(row) && !still_ranked {
            let mut active: need_match::ActiveModel = row.clone().into();
            active.state = Set(MatchState::Expired);
            active.state_changed_at = Set(now);
            active.updated_at = Set(now);
            active.update(&txn).await?;
            record(
                &txn,
                row.id,
                Some(MatchState::Proposed),
                MatchState::Expired,
                TransitionSide::System,
                None,
                Some(NO_LONGER_MATCHES),
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(added)
}
