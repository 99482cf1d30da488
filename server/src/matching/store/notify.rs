//! The mail a lifecycle step causes, written to the outbox in the step's own transaction:
//! - the first side's interest → the other side hears of it ("match_interest");
//! - the introduction → both sides get each other's contacts ("match_introduced");
//! - an adoption → both sides are invited to write it up as a case study ("match_reminder",
//!   kind `case_study`).

use entities::need_match::{self, MatchState};
use entities::{need, organisation, product};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::json;

use super::people::{self, Recipient, Topic};
use crate::mail::outbox::{NewMail, enqueue};
use crate::matching::error::MatchError;
use crate::matching::lifecycle::{Change, Side, Stage};
use crate::matching::reason_text;
use crate::state::AppState;

/// Everything a match mail names, loaded once.
#[derive(Debug)]
pub struct MatchContext {
    pub need: need::Model,
    pub product: product::Model,
    pub firm: organisation::Model,
    pub vendor: organisation::Model,
    pub link: String,
}

impl MatchContext {
    pub async fn load<C: ConnectionTrait>(
        state: &AppState,
        conn: &C,
        m: &need_match::Model,
    ) -> Result<Self, MatchError> {
        let need = need::Entity::find_by_id(m.need_id).one(conn).await?.ok_or(MatchError::NotFound)?;
        let product = product::Entity::find_by_id(m.product_id).one(conn).await?.ok_or(MatchError::NotFound)?;
        let firm =
            organisation::Entity::find_by_id(need.organisation_id).one(conn).await?.ok_or(MatchError::NotFound)?;
        let vendor =
            organisation::Entity::find_by_id(product.organisation_id).one(conn).await?.ok_or(MatchError::NotFound)?;
        let link = format!("{}/matches/{}", state.config.base_url.as_str().trim_end_matches('/'), m.id);
        Ok(Self { need, product, firm, vendor, link })
    }

    /// The firm's name as the vendor may see it at this point, or `None` while anonymous.
    pub fn firm_name_for_vendor(&self, m: &need_match::Model) -> Option<String> {
        let facts = super::transitions::facts(m);
        let named = self.need.visibility == need::NeedVisibility::Named;
        crate::matching::lifecycle::vendor_disclosure(named, facts).firm_name.then(|| self.firm.name.clone())
    }

    pub fn reasons_for(&self, state: &AppState, m: &need_match::Model, reader: &Recipient) -> Vec<String> {
        reason_text::views(&m.reasons, reader.locale, state.templates.catalogs(), &state.reference)
            .into_iter()
            .map(|r| r.text)
            .collect()
    }
}

fn contacts(people: &[Recipient]) -> serde_json::Value {
    people.iter().take(5).map(|p| json!({"name": p.display_name, "email": p.email})).collect()
}

pub async fn after_change<C: ConnectionTrait>(
    state: &AppState,
    conn: &C,
    before: &need_match::Model,
    after: &need_match::Model,
    change: &Change,
    side: Side,
) -> Result<(), MatchError> {
    let ctx = MatchContext::load(state, conn, after).await?;
    let firm_people = people::need_side(conn, ctx.firm.id, ctx.need.created_by_user_id, Topic::Leads).await?;
    let vendor_people = people::members(conn, ctx.vendor.id, Topic::Leads).await?;
    if change.introduces {
        for (readers, counterpart, their_people) in
            [(&firm_people, &ctx.vendor.name, &vendor_people), (&vendor_people, &ctx.firm.name, &firm_people)]
        {
            for reader in readers {
                mail(
                    conn,
                    reader,
                    "match_introduced",
                    format!("match_introduced:{}:{}", after.id, reader.user_id),
                    json!({
                        "product_name": ctx.product.name,
                        "need_title": ctx.need.title,
                        "counterpart_name": counterpart,
                        "contacts": contacts(their_people),
                        "reasons": ctx.reasons_for(state, after, reader),
                        "link": ctx.link,
                    }),
                )
                .await?;
            }
        }
    } else if change.to == Stage::Interested && before.state == MatchState::Proposed {
        // The first side said yes: ask the other.
        let (readers, from) = match side {
            Side::User => (&vendor_people, ctx.firm_name_for_vendor(after)),
            _ => (&firm_people, Some(ctx.vendor.name.clone())),
        };
        for reader in readers {
            mail(
                conn,
                reader,
                "match_interest",
                format!("match_interest:{}:{}", after.id, reader.user_id),
                json!({
                    "product_name": ctx.product.name,
                    "need_title": ctx.need.title,
                    "from_name": from,
                    "from_side": if side == Side::User { "user" } else { "vendor" },
                    "reasons": ctx.reasons_for(state, after, reader),
                    "link": ctx.link,
                }),
            )
            .await?;
        }
    } else if change.to == Stage::Adopted {
        for reader in firm_people.iter().chain(&vendor_people) {
            reminder(conn, &ctx, reader, after, "case_study", None).await?;
        }
    }
    Ok(())
}

/// A reminder about a match (`kind`: lead_unanswered, meeting_tomorrow, after_meeting,
/// after_trial, case_study), once per match, kind, reader and `occasion`.
pub async fn reminder<C: ConnectionTrait>(
    conn: &C,
    ctx: &MatchContext,
    reader: &Recipient,
    m: &need_match::Model,
    kind: &str,
    meeting_at: Option<String>,
) -> Result<(), MatchError> {
    let occasion = m.meeting_at.map(|t| t.timestamp()).unwrap_or_default();
    mail(
        conn,
        reader,
        "match_reminder",
        format!("match_reminder:{kind}:{}:{occasion}:{}", m.id, reader.user_id),
        json!({
            "kind": kind,
            "product_name": ctx.product.name,
            "need_title": ctx.need.title,
            "meeting_at": meeting_at,
            "link": ctx.link,
        }),
    )
    .await
}

async fn mail<C: ConnectionTrait>(
    conn: &C,
    reader: &Recipient,
    template: &'static str,
    idempotency_key: String,
    payload: serde_json::Value,
) -> Result<(), MatchError> {
    enqueue(
        conn,
        NewMail {
            template,
            to: reader.email.clone(),
            user_id: Some(reader.user_id),
            locale: reader.locale,
            payload,
            essential: false,
            idempotency_key,
        },
    )
    .await?;
    Ok(())
}
