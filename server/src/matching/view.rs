//! Matches as people see them: who may see which match from which side, what each side may see of
//! the other (an anonymous firm stays unnamed, contacts wait for the introduction), and the
//! steps the reader may take now. Shared by the pages and the API.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::need::{NeedStatus, NeedVisibility};
use entities::need_match::{self, MatchState};
use entities::{match_transition, need, product};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};
use serde::Serialize;
use uuid::Uuid;

use super::error::MatchError;
use super::lifecycle::{Side, Stage, Step, decide, vendor_disclosure};
use super::reason_text::{self, ReasonView};
use super::store::people::{self, Topic};
use super::store::transitions::{facts, stage_of};
use crate::i18n::Locale;
use crate::identity::actor::{Actor, OrgKind};
use crate::state::AppState;

/// Most matches one list returns.
pub const PAGE_SIZE: u64 = 50;

/// The steps a reader may be offered, in the order buttons show them.
pub const STEP_CODES: [&str; 5] = ["interest", "meeting", "trial", "adopt", "decline"];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NeedSummary {
    pub id: Uuid,
    pub title: String,
    /// The firm's name; absent while an anonymous need's firm has not accepted.
    pub firm_name: Option<String>,
    pub prefecture_code: i16,
    /// private | anonymous | named
    pub visibility: String,
    pub open: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProductSummary {
    pub id: Uuid,
    pub name: String,
    pub vendor_name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TransitionView {
    /// `None` for the proposal itself.
    #[schema(value_type = Option<String>)]
    pub from: Option<Stage>,
    #[schema(value_type = String)]
    pub to: Stage,
    /// user | vendor | organiser | system
    pub side: String,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// One match as its reader may see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MatchView {
    pub id: Uuid,
    #[schema(value_type = String)]
    pub state: Stage,
    pub score: i64,
    /// The reader's side: user | vendor | organiser.
    pub side: String,
    pub need: NeedSummary,
    pub product: ProductSummary,
    pub user_interested: bool,
    pub vendor_interested: bool,
    pub meeting_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub state_changed_at: DateTime<Utc>,
    /// The other side's people, from the introduction on; absent before.
    pub contacts: Option<Vec<Contact>>,
    /// Why the pair matched, as data and as a sentence in the reader's language.
    pub reasons: Vec<ReasonView>,
    /// Steps the reader may take now: interest, meeting, trial, adopt, decline.
    pub actions: Vec<String>,
    /// The match's history (on the single-match view only).
    pub history: Vec<TransitionView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MatchList {
    pub items: Vec<MatchView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The side `actor` takes on a match of `need_org`'s need and `vendor_org`'s product, if any.
/// Private needs have no vendor side.
pub fn side_of(actor: &Actor, need_org: Uuid, vendor_org: Uuid, visibility: NeedVisibility) -> Option<Side> {
    if actor.member_of(need_org) {
        Some(Side::User)
    } else if actor.member_of(vendor_org) && visibility != NeedVisibility::Private {
        Some(Side::Vendor)
    } else if actor.is_organiser() {
        Some(Side::Organiser)
    } else {
        None
    }
}

fn side_code(side: Side) -> &'static str {
    match side {
        Side::User => "user",
        Side::Vendor => "vendor",
        Side::Organiser => "organiser",
        Side::System => "system",
    }
}

pub fn step_of(code: &str, meeting_at: Option<DateTime<Utc>>) -> Option<Step> {
    Some(match code {
        "interest" => Step::Interest,
        "decline" => Step::Decline,
        "trial" => Step::Trial,
        "adopt" => Step::Adopt,
        "meeting" => Step::Meeting { at: meeting_at.unwrap_or_else(Utc::now) },
        _ => return None,
    })
}

/// A match with the rows around it.
pub struct Loaded {
    pub row: need_match::Model,
    pub need: need::Model,
    pub product: product::Model,
}

/// The match `id` if `actor` may see it, with the side they see it from; 404 otherwise.
pub async fn visible(state: &AppState, actor: &Actor, id: Uuid) -> Result<(Loaded, Side), MatchError> {
    let row = need_match::Entity::find_by_id(id).one(&state.db).await?.ok_or(MatchError::NotFound)?;
    let need = need::Entity::find_by_id(row.need_id).one(&state.db).await?.ok_or(MatchError::NotFound)?;
    let product = product::Entity::find_by_id(row.product_id).one(&state.db).await?.ok_or(MatchError::NotFound)?;
    let side =
        side_of(actor, need.organisation_id, product.organisation_id, need.visibility).ok_or(MatchError::NotFound)?;
    Ok((Loaded { row, need, product }, side))
}

/// Which matches a list starts from.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub state: Option<MatchState>,
    pub need: Option<Uuid>,
    pub page: u64,
}

/// The matches `actor` may see: its firms' needs' matches, its vendors' leads (not private; of
/// closed needs only those already under way), or everything for the organiser. Best first.
pub async fn list(state: &AppState, actor: &Actor, filter: &ListFilter) -> Result<(Vec<Loaded>, u64), DbErr> {
    let firms: Vec<Uuid> =
        actor.active().filter(|m| m.kind == OrgKind::UserCompany).map(|m| m.organisation_id).collect();
    let vendors: Vec<Uuid> = actor.active().filter(|m| m.kind == OrgKind::Vendor).map(|m| m.organisation_id).collect();
    let mut scope = Condition::any();
    if !firms.is_empty() {
        scope = scope.add(need::Column::OrganisationId.is_in(firms));
    }
    if !vendors.is_empty() {
        scope = scope.add(
            Condition::all()
                .add(product::Column::OrganisationId.is_in(vendors))
                .add(need::Column::Visibility.ne(NeedVisibility::Private))
                .add(Condition::any().add(need::Column::Status.eq(NeedStatus::Open)).add(
                    need_match::Column::State.is_in([
                        MatchState::Introduced,
                        MatchState::Meeting,
                        MatchState::Trial,
                        MatchState::Adopted,
                    ]),
                )),
        );
    }
    let mut query = need_match::Entity::find()
        .join(JoinType::InnerJoin, need_match::Relation::Need.def())
        .join(JoinType::InnerJoin, need_match::Relation::Product.def());
    if !actor.is_organiser() {
        if scope.is_empty() {
            return Ok((Vec::new(), 0));
        }
        query = query.filter(scope);
    }
    if let Some(s) = filter.state {
        query = query.filter(need_match::Column::State.eq(s));
    }
    if let Some(n) = filter.need {
        query = query.filter(need_match::Column::NeedId.eq(n));
    }
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .order_by_desc(need_match::Column::StateChangedAt)
        .order_by_desc(need_match::Column::Score)
        .order_by_asc(need_match::Column::Id)
        .offset(filter.page.saturating_sub(1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(&state.db)
        .await?;
    let need_ids: Vec<Uuid> = rows.iter().map(|r| r.need_id).collect();
    let product_ids: Vec<Uuid> = rows.iter().map(|r| r.product_id).collect();
    let needs: HashMap<Uuid, need::Model> = need::Entity::find()
        .filter(need::Column::Id.is_in(need_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let products: HashMap<Uuid, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(product_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let loaded = rows
        .into_iter()
        .filter_map(|row| {
            let need = needs.get(&row.need_id)?.clone();
            let product = products.get(&row.product_id)?.clone();
            Some(Loaded { row, need, product })
        })
        .collect();
    Ok((loaded, total))
}

/// Builds the reader's view of `loaded` matches.
pub async fn views(
    state: &AppState,
    actor: &Actor,
    loaded: Vec<Loaded>,
    locale: Locale,
    with_history: bool,
) -> Result<Vec<MatchView>, DbErr> {
    let mut org_ids: Vec<Uuid> =
        loaded.iter().flat_map(|l| [l.need.organisation_id, l.product.organisation_id]).collect();
    org_ids.sort_unstable();
    org_ids.dedup();
    let orgs = crate::catalog::store::organisation_names(&state.db, org_ids).await?;
    let mut out = Vec::with_capacity(loaded.len());
    for l in loaded {
        let Some(side) = side_of(actor, l.need.organisation_id, l.product.organisation_id, l.need.visibility) else {
            continue;
        };
        let f = facts(&l.row);
        let stage = stage_of(l.row.state);
        let firm_visible = match side {
            Side::Vendor => vendor_disclosure(l.need.visibility == NeedVisibility::Named, f).firm_name,
            _ => true,
        };
        let contacts = if stage.contacts_shared() && side != Side::System {
            let people = match side {
                Side::User => people::members(&state.db, l.product.organisation_id, Topic::Leads).await?,
                Side::Vendor => {
                    people::need_side(&state.db, l.need.organisation_id, l.need.created_by_user_id, Topic::Leads)
                        .await?
                }
                _ => Vec::new(),
            };
            Some(people.into_iter().take(5).map(|p| Contact { name: p.display_name, email: p.email }).collect())
        } else {
            None
        };
        let actions = STEP_CODES
            .iter()
            .filter(|code| step_of(code, None).is_some_and(|step| decide(f, side, step).is_ok()))
            .map(|c| (*c).to_owned())
            .collect();
        let history = if with_history { history(&state.db, l.row.id).await? } else { Vec::new() };
        out.push(MatchView {
            id: l.row.id,
            state: stage,
            score: l.row.score,
            side: side_code(side).to_owned(),
            need: NeedSummary {
                id: l.need.id,
                title: l.need.title.clone(),
                firm_name: firm_visible.then(|| orgs.get(&l.need.organisation_id).cloned()).flatten(),
                prefecture_code: l.need.prefecture_code,
                visibility: crate::catalog::needs::form::visibility_code(l.need.visibility).to_owned(),
                open: l.need.status == NeedStatus::Open,
            },
            product: ProductSummary {
                id: l.product.id,
                name: l.product.name.clone(),
                vendor_name: orgs.get(&l.product.organisation_id).cloned().unwrap_or_default(),
            },
            user_interested: f.user_interested,
            vendor_interested: f.vendor_interested,
            meeting_at: l.row.meeting_at,
            created_at: l.row.created_at,
            state_changed_at: l.row.state_changed_at,
            contacts,
            reasons: reason_text::views(&l.row.reasons, locale, state.templates.catalogs(), &state.reference),
            actions,
            history,
        });
    }
    Ok(out)
}

async fn history(db: &DatabaseConnection, match_id: Uuid) -> Result<Vec<TransitionView>, DbErr> {
    Ok(match_transition::Entity::find()
        .filter(match_transition::Column::MatchId.eq(match_id))
        .order_by_asc(match_transition::Column::CreatedAt)
        .order_by_asc(match_transition::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TransitionView {
            from: t.from_state.map(stage_of),
            to: stage_of(t.to_state),
            side: serde_json::to_value(t.side).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            note: t.note,
            at: t.created_at,
        })
        .collect())
}
