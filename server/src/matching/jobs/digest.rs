//! Lead digests: a vendor hears of new leads (proposals of its products not yet mailed) in one
//! mail per person, at most once every `lead_digest_interval` (a day by default). Each lead is
//! mailed once: `need_match.lead_mailed_at` is set in the transaction that writes the digest, and
//! only where it was still empty, so two instances racing write one digest between them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use entities::need::{NeedStatus, NeedVisibility};
use entities::need_match::{self, MatchState};
use entities::{need, outbox, product};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use crate::mail::outbox::{NewMail, enqueue};
use crate::matching::error::MatchError;
use crate::matching::reason_text;
use crate::matching::store::people::{self, Topic};
use crate::state::AppState;

/// Most leads one digest lists (the rest wait for the next one).
pub const LEADS_PER_DIGEST: usize = 20;
/// Most vendors served in one run.
const VENDORS_PER_RUN: usize = 200;

/// Writes the digests that are due; returns how many vendors got one.
pub async fn send_due(state: &AppState, now: DateTime<Utc>) -> Result<usize, MatchError> {
    let interval = state.config.matching.lead_digest_interval;
    let pending: Vec<(Uuid, Uuid)> = need_match::Entity::find()
        .select_only()
        .column(need_match::Column::Id)
        .column_as(product::Column::OrganisationId, "vendor")
        .join(sea_orm::JoinType::InnerJoin, need_match::Relation::Product.def())
        .join(sea_orm::JoinType::InnerJoin, need_match::Relation::Need.def())
        .filter(need_match::Column::LeadMailedAt.is_null())
        .filter(need_match::Column::State.is_in([MatchState::Proposed, MatchState::Interested]))
        .filter(need::Column::Status.eq(NeedStatus::Open))
        .filter(need::Column::Visibility.ne(NeedVisibility::Private))
        .order_by_desc(need_match::Column::Score)
        .order_by_asc(need_match::Column::Id)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut by_vendor: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for (match_id, vendor) in pending {
        by_vendor.entry(vendor).or_default().push(match_id);
    }
    let mut sent = 0;
    for (vendor, matches) in by_vendor.into_iter().take(VENDORS_PER_RUN) {
        if let Some(last) = last_digest(&state.db, vendor).await?
            && now - last < interval
        {
            continue;
        }
        let ids: Vec<Uuid> = matches.into_iter().take(LEADS_PER_DIGEST).collect();
        if write_digest(state, vendor, &ids, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

fn key_prefix(vendor: Uuid) -> String {
    format!("lead_digest:{vendor}:")
}

/// When the vendor's last digest was written.
async fn last_digest<C: ConnectionTrait>(conn: &C, vendor: Uuid) -> Result<Option<DateTime<Utc>>, MatchError> {
    Ok(outbox::Entity::find()
        .select_only()
        .column(outbox::Column::CreatedAt)
        .filter(outbox::Column::Template.eq("lead_digest"))
        .filter(outbox::Column::IdempotencyKey.starts_with(key_prefix(vendor)))
        .order_by_desc(outbox::Column::CreatedAt)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?)
}

/// One digest per member of `vendor` listing the leads `ids`; false when another instance got
/// there first (nothing is written then).
async fn write_digest(state: &AppState, vendor: Uuid, ids: &[Uuid], now: DateTime<Utc>) -> Result<bool, MatchError> {
    let txn = state.db.begin().await?;
    let claimed = need_match::Entity::update_many()
        .col_expr(need_match::Column::LeadMailedAt, Expr::value(Some(now)))
        .filter(need_match::Column::Id.is_in(ids.to_vec()))
        .filter(need_match::Column::LeadMailedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != ids.len() as u64 {
        txn.rollback().await?;
        return Ok(false);
    }
    let rows = need_match::Entity::find()
        .filter(need_match::Column::Id.is_in(ids.to_vec()))
        .order_by_desc(need_match::Column::Score)
        .order_by_asc(need_match::Column::Id)
        .all(&txn)
        .await?;
    let vendor_name =
        entities::organisation::Entity::find_by_id(vendor).one(&txn).await?.map(|o| o.name).unwrap_or_default();
    let base = state.config.base_url.as_str().trim_end_matches('/').to_owned();
    let mut contexts = Vec::with_capacity(rows.len());
    for m in &rows {
        contexts.push(crate::matching::store::notify::MatchContext::load(state, &txn, m).await?);
    }
    for reader in people::members(&txn, vendor, Topic::Leads).await? {
        let leads: Vec<serde_json::Value> = rows
            .iter()
            .zip(&contexts)
            .map(|(m, ctx)| {
                json!({
                    "need_title": ctx.need.title,
                    "firm_name": ctx.firm_name_for_vendor(m),
                    "product_name": ctx.product.name,
                    "reasons": reason_text::views(&m.reasons, reader.locale, state.templates.catalogs(), &state.reference)
                        .into_iter().map(|r| r.text).collect::<Vec<_>>(),
                    "link": ctx.link,
                })
            })
            .collect();
        enqueue(
            &txn,
            NewMail {
                template: "lead_digest",
                to: reader.email.clone(),
                user_id: Some(reader.user_id),
                locale: reader.locale,
                payload: json!({
                    "organisation_name": vendor_name,
                    "count": leads.len(),
                    "leads": leads,
                    "link": format!("{base}/matches"),
                }),
                essential: false,
                idempotency_key: format!("{}{}:{}", key_prefix(vendor), reader.user_id, ids[0]),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(true)
}
