//! Recommended counterparts at an event: every registered participant this one may meet, with
//! the best persisted `need_match` between the two organisations (need of the user company,
//! product of the vendor) and its reasons said in the reader's language by `matching::reason_text`. Counterparts without a
//! match follow, by name; those either side said no-thanks to are left out.

use std::collections::HashMap;

use entities::event_participant::{ParticipantRole, ParticipantStatus};
use entities::event_preference::PreferenceKind;
use entities::{need, need_match, product};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use super::EventError;
use super::rules::flow::pair_allowed;
use super::rules::setup::WhoMeetsWho;
use super::store::{self, EventContext};
use crate::i18n::{Catalogs, Locale};
use crate::matching::engine::reasons::Reason;
use crate::matching::reason_text;
use crate::reference::ReferenceData;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Counterpart {
    pub participant_id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    /// vendor | user_company
    pub role: String,
    /// The best match's score between the two organisations, if the engine found one.
    pub score: Option<i64>,
    /// That match's reasons, in the reader's language.
    pub reasons: Vec<String>,
    /// must_meet | no_thanks, as this participant set it.
    pub preference: Option<String>,
}

fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The counterparts of the context's own participant.
pub async fn counterparts<C: ConnectionTrait>(
    conn: &C,
    context: &EventContext,
    locale: Locale,
    catalogs: &Catalogs,
    reference: &ReferenceData,
) -> Result<Vec<Counterpart>, EventError> {
    let me = context.me()?;
    let rule = WhoMeetsWho::from_json(&context.event.who_meets_who);
    let participants = store::participants(conn, context.event.id).await?;
    let all_ids: Vec<Uuid> = participants.iter().map(|(p, _)| p.id).collect();
    let preferences = store::preferences(conn, all_ids).await?;
    let my_preference =
        |other: Uuid| preferences.iter().find(|p| p.participant_id == me.id && p.counterpart_id == other);
    let refused_me = |other: Uuid| {
        preferences
            .iter()
            .any(|p| p.participant_id == other && p.counterpart_id == me.id && p.kind == PreferenceKind::NoThanks)
    };
    let others: Vec<_> = participants
        .into_iter()
        .filter(|(p, _)| p.id != me.id && p.status == ParticipantStatus::Registered)
        .filter(|(p, _)| pair_allowed(rule, me.role, p.role) && !refused_me(p.id))
        .filter(|(p, _)| my_preference(p.id).is_none_or(|pref| pref.kind != PreferenceKind::NoThanks))
        .collect();
    let best = best_matches(
        conn,
        me.organisation_id,
        me.role,
        others.iter().map(|(p, _)| (p.organisation_id, p.role)).collect(),
    )
    .await?;
    let mut list: Vec<Counterpart> = others
        .into_iter()
        .map(|(p, org)| {
            let found = best.get(&p.organisation_id);
            let reasons: Vec<Reason> =
                found.and_then(|m| serde_json::from_value(m.reasons.clone()).ok()).unwrap_or_default();
            Counterpart {
                participant_id: p.id,
                organisation_id: p.organisation_id,
                name: org.map(|o| o.name).unwrap_or_default(),
                role: code(&p.role),
                score: found.map(|m| m.score),
                reasons: reasons.iter().map(|r| reason_text::render(r, locale, catalogs, reference)).collect(),
                preference: my_preference(p.id).map(|pref| code(&pref.kind)),
            }
        })
        .collect();
    list.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    Ok(list)
}

/// The best need-product match between `mine` and each vendor / user company of `others`.
async fn best_matches<C: ConnectionTrait>(
    conn: &C,
    mine: Uuid,
    my_role: ParticipantRole,
    others: Vec<(Uuid, ParticipantRole)>,
) -> Result<HashMap<Uuid, need_match::Model>, EventError> {
    let (user_orgs, vendor_orgs): (Vec<Uuid>, Vec<Uuid>) = match my_role {
        ParticipantRole::UserCompany => {
            (vec![mine], others.iter().filter(|(_, r)| *r == ParticipantRole::Vendor).map(|(o, _)| *o).collect())
        }
        ParticipantRole::Vendor => {
            (others.iter().filter(|(_, r)| *r == ParticipantRole::UserCompany).map(|(o, _)| *o).collect(), vec![mine])
        }
    };
    let mut best: HashMap<Uuid, need_match::Model> = HashMap::new();
    if user_orgs.is_empty() || vendor_orgs.is_empty() {
        return Ok(best);
    }
    let needs: HashMap<Uuid, Uuid> = need::Entity::find()
        .filter(need::Column::OrganisationId.is_in(user_orgs))
        .all(conn)
        .await?
        .into_iter()
        .map(|n| (n.id, n.organisation_id))
        .collect();
    let products: HashMap<Uuid, Uuid> = product::Entity::find()
        .filter(product::Column::OrganisationId.is_in(vendor_orgs))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.organisation_id))
        .collect();
    if needs.is_empty() || products.is_empty() {
        return Ok(best);
    }
    let matches = need_match::Entity::find()
        .filter(need_match::Column::NeedId.is_in(needs.keys().copied().collect::<Vec<_>>()))
        .filter(need_match::Column::ProductId.is_in(products.keys().copied().collect::<Vec<_>>()))
        .all(conn)
        .await?;
    for m in matches {
        let other = match my_role {
            ParticipantRole::UserCompany => products.get(&m.product_id),
            ParticipantRole::Vendor => needs.get(&m.need_id),
        };
        let Some(other) = other.copied() else { continue };
        if best.get(&other).is_none_or(|b| b.score < m.score) {
            best.insert(other, m);
        }
    }
    Ok(best)
}
