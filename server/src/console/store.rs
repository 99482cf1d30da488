//! The console's queries: plain rows read from the tables of other capabilities, shaped for the
//! reports in `report`. Read-only, except the verification reminder (one outbox row per vendor
//! member, keyed by verification, day and person, so pressing twice a day sends once).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use entities::case_study::{self, CaseStudyStatus};
use entities::meeting::{self, MeetingOutcome, MeetingStatus};
use entities::meeting_request::{self, MeetingRequestState};
use entities::outbox::{self, OutboxState};
use entities::verification::{self, VerificationStatus};
use entities::{
    app_user, mail_preference, match_transition, matching_event, membership, need, need_match, organisation, product,
    product_category, room_event, session_registration, wg_session, working_group,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use uuid::Uuid;

use super::ConsoleError;
use super::funnel::MatchHistory;
use crate::catalog::store::{level_of, record_dates};
use crate::catalog::verification_status::{Level, current_badge};
use crate::i18n::Locale;
use crate::identity::actor::Actor;
use crate::identity::audit::{self, Entry};
use crate::mail::outbox::{self as mail_outbox, NewMail};

/// How far ahead the console looks for expiring verifications.
pub const EXPIRY_WINDOW_DAYS: i64 = 60;
/// Most failed mails listed.
pub const FAILED_MAIL_LIMIT: u64 = 100;

/// The current verification level of every product that has one.
async fn current_levels(db: &DatabaseConnection, today: NaiveDate) -> Result<HashMap<Uuid, Level>, DbErr> {
    let mut by_product: HashMap<Uuid, Vec<_>> = HashMap::new();
    for v in verification::Entity::find().all(db).await? {
        by_product.entry(v.product_id).or_default().push(record_dates(&v));
    }
    Ok(by_product
        .into_iter()
        .filter_map(|(id, records)| current_badge(&records, today).map(|b| (id, b.level)))
        .collect())
}

/// Every match with the facts the funnel counts and filters on.
pub async fn match_histories(db: &DatabaseConnection, today: NaiveDate) -> Result<Vec<MatchHistory>, DbErr> {
    // Only the columns counted: whole rows (reasons, notes) cost more than the counting itself.
    let matches: Vec<(Uuid, Uuid, Uuid, need_match::MatchState, chrono::DateTime<chrono::Utc>)> =
        need_match::Entity::find()
            .select_only()
            .columns([
                need_match::Column::Id,
                need_match::Column::NeedId,
                need_match::Column::ProductId,
                need_match::Column::State,
                need_match::Column::CreatedAt,
            ])
            .into_tuple()
            .all(db)
            .await?;
    let transitions: Vec<(Uuid, need_match::MatchState)> = match_transition::Entity::find()
        .select_only()
        .columns([match_transition::Column::MatchId, match_transition::Column::ToState])
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut states: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (match_id, to) in transitions {
        states.entry(match_id).or_default().push(state_code(to));
    }
    let prefectures: HashMap<Uuid, i16> = need::Entity::find()
        .select_only()
        .columns([need::Column::Id, need::Column::PrefectureCode])
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut categories: HashMap<Uuid, Vec<String>> = HashMap::new();
    for pc in product_category::Entity::find().order_by_asc(product_category::Column::CategoryCode).all(db).await? {
        categories.entry(pc.product_id).or_default().push(pc.category_code);
    }
    let levels = current_levels(db, today).await?;
    let published: HashSet<Uuid> = case_study::Entity::find()
        .select_only()
        .column(case_study::Column::MatchId)
        .filter(case_study::Column::Status.eq(CaseStudyStatus::Published))
        .filter(case_study::Column::MatchId.is_not_null())
        .into_tuple::<Option<Uuid>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    Ok(matches
        .into_iter()
        .map(|(id, need_id, product_id, state, created_at)| {
            let mut reached = states.remove(&id).unwrap_or_default();
            reached.push(state_code(state));
            MatchHistory {
                created_at,
                categories: categories.get(&product_id).cloned().unwrap_or_default(),
                prefecture: prefectures.get(&need_id).copied().unwrap_or_default(),
                level: levels.get(&product_id).copied(),
                states: reached,
                case_published: published.contains(&id),
            }
        })
        .collect())
}

fn state_code(state: need_match::MatchState) -> String {
    serde_json::to_value(state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// An organisation waiting for approval (no contact data: the approvals page has that).
#[derive(Debug)]
pub struct PendingOrganisation {
    pub org: organisation::Model,
}

pub async fn pending_organisations(db: &DatabaseConnection) -> Result<Vec<PendingOrganisation>, DbErr> {
    let waiting = crate::identity::organisations::store::awaiting_approval(db).await?;
    Ok(waiting.into_iter().map(|(org, _owners)| PendingOrganisation { org }).collect())
}

/// Published products that no current green or blue result makes matchable: the organiser's
/// review queue (arrange a verification, or check the listing).
pub async fn products_to_review(
    db: &DatabaseConnection,
    today: NaiveDate,
) -> Result<Vec<(product::Model, String)>, DbErr> {
    let levels = current_levels(db, today).await?;
    let products = product::Entity::find()
        .filter(product::Column::Status.eq(product::ProductStatus::Published))
        .order_by_asc(product::Column::Name)
        .find_also_related(organisation::Entity)
        .all(db)
        .await?;
    Ok(products
        .into_iter()
        .filter(|(p, _)| !levels.get(&p.id).is_some_and(|l| l.is_matchable()))
        .map(|(p, org)| (p, org.map(|o| o.name).unwrap_or_default()))
        .collect())
}

/// A verification that lapses soon, with its product and vendor.
#[derive(Debug)]
pub struct Expiring {
    pub verification: verification::Model,
    pub product: product::Model,
    pub vendor_name: String,
    pub reminded_today: bool,
}

fn reminder_prefix(verification: Uuid, today: NaiveDate) -> String {
    format!("verification-expiry:{verification}:{today}:")
}

pub async fn expiring(db: &DatabaseConnection, today: NaiveDate) -> Result<Vec<Expiring>, DbErr> {
    let until = today + chrono::Duration::days(EXPIRY_WINDOW_DAYS);
    let rows = verification::Entity::find()
        .filter(verification::Column::Status.eq(VerificationStatus::Active))
        .filter(verification::Column::ValidUntil.between(today, until))
        .order_by_asc(verification::Column::ValidUntil)
        .find_also_related(product::Entity)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for (v, p) in rows {
        let Some(p) = p else { continue };
        let vendor_name =
            organisation::Entity::find_by_id(p.organisation_id).one(db).await?.map(|o| o.name).unwrap_or_default();
        let reminded_today = outbox::Entity::find()
            .filter(outbox::Column::IdempotencyKey.starts_with(reminder_prefix(v.id, today)))
            .count(db)
            .await?
            > 0;
        out.push(Expiring { verification: v, product: p, vendor_name, reminded_today });
    }
    Ok(out)
}

/// Mails the members of the product's vendor that verification `id` lapses soon. Once per
/// verification per day: a second press the same day writes nothing and says so (`false`).
pub async fn remind(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    today: NaiveDate,
    base_url: &url::Url,
) -> Result<bool, ConsoleError> {
    let (v, p) = verification::Entity::find_by_id(id)
        .filter(verification::Column::Status.eq(VerificationStatus::Active))
        .filter(verification::Column::ValidUntil.gte(today))
        .find_also_related(product::Entity)
        .one(db)
        .await?
        .ok_or(ConsoleError::NotFound)?;
    let p = p.ok_or(ConsoleError::NotFound)?;
    let txn = db.begin().await?;
    let prefix = reminder_prefix(v.id, today);
    let already =
        outbox::Entity::find().filter(outbox::Column::IdempotencyKey.starts_with(&prefix)).count(&txn).await?;
    if already > 0 {
        return Ok(false);
    }
    let members = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(p.organisation_id))
        .find_also_related(app_user::Entity)
        .all(&txn)
        .await?;
    let link = base_url.join(&format!("/products/{}", p.id)).map_err(|e| ConsoleError::Internal(e.to_string()))?;
    let level = level_of(v.level).code();
    for (_, user) in members.into_iter() {
        let Some(user) = user else { continue };
        let locale = if user.locale == app_user::Locale::En { Locale::En } else { Locale::Ja };
        mail_outbox::enqueue(
            &txn,
            NewMail {
                template: crate::mail::templates::VERIFICATION_EXPIRY.name,
                to: user.email.clone(),
                user_id: Some(user.id),
                locale,
                payload: serde_json::json!({
                    "product_name": p.name,
                    "level": level,
                    "valid_until": v.valid_until.to_string(),
                    "link": link.as_str(),
                }),
                essential: false,
                idempotency_key: format!("{prefix}{}", user.id),
            },
        )
        .await?;
    }
    let detail = serde_json::json!({ "product_id": p.id, "valid_until": v.valid_until.to_string() });
    audit::record(
        &txn,
        Entry::new("verification.reminder_sent", "verification").by(Some(actor)).object(v.id).detail(detail),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// A working-group session with its participation figures.
#[derive(Debug)]
pub struct SessionFigures {
    pub session: wg_session::Model,
    pub group_name_ja: String,
    pub group_name_en: Option<String>,
    pub registrations: u64,
    pub attended: u64,
    pub messages: u64,
    pub polls: u64,
}

pub async fn sessions(db: &DatabaseConnection) -> Result<Vec<SessionFigures>, DbErr> {
    let groups: HashMap<Uuid, working_group::Model> =
        working_group::Entity::find().all(db).await?.into_iter().map(|g| (g.id, g)).collect();
    let mut registrations: HashMap<Uuid, (u64, u64)> = HashMap::new();
    for r in session_registration::Entity::find().all(db).await? {
        let counted = matches!(
            r.status,
            session_registration::RegistrationStatus::Approved | session_registration::RegistrationStatus::Pending
        );
        let entry = registrations.entry(r.session_id).or_default();
        entry.0 += u64::from(counted);
        entry.1 += u64::from(r.attended_at.is_some());
    }
    // Rooms are `session:<id>` (and breakout rooms `session:<id>:group:<n>`).
    let counts: Vec<(String, String, i64)> = room_event::Entity::find()
        .select_only()
        .column(room_event::Column::RoomId)
        .column(room_event::Column::Kind)
        .column_as(Expr::col(room_event::Column::Id).count(), "n")
        .filter(room_event::Column::Kind.is_in(["chat", "poll_opened"]))
        .group_by(room_event::Column::RoomId)
        .group_by(room_event::Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    let mut events: HashMap<Uuid, (u64, u64)> = HashMap::new();
    for (room, kind, n) in counts {
        let Some(id) = room.strip_prefix("session:").and_then(|r| r.split(':').next()).and_then(|r| r.parse().ok())
        else {
            continue;
        };
        let entry = events.entry(id).or_default();
        let n = u64::try_from(n).unwrap_or_default();
        if kind == "chat" { entry.0 += n } else { entry.1 += n }
    }
    let sessions = wg_session::Entity::find().order_by_asc(wg_session::Column::StartsAt).all(db).await?;
    Ok(sessions
        .into_iter()
        .map(|s| {
            let group = groups.get(&s.working_group_id);
            let (registered, attended) = registrations.get(&s.id).copied().unwrap_or_default();
            let (messages, polls) = events.get(&s.id).copied().unwrap_or_default();
            SessionFigures {
                group_name_ja: group.map(|g| g.name_ja.clone()).unwrap_or_default(),
                group_name_en: group.and_then(|g| g.name_en.clone()),
                registrations: registered,
                attended,
                messages,
                polls,
                session: s,
            }
        })
        .collect())
}

/// A matching event with its request and meeting figures.
#[derive(Debug)]
pub struct EventFigures {
    pub event: matching_event::Model,
    pub requests: u64,
    pub accepted: u64,
    pub declined: u64,
    pub meetings_held: u64,
    pub agreement: u64,
    pub negotiating: u64,
    pub no_contact: u64,
}

pub async fn events(db: &DatabaseConnection) -> Result<Vec<EventFigures>, DbErr> {
    let mut requests: HashMap<Uuid, (u64, u64, u64)> = HashMap::new();
    for r in meeting_request::Entity::find().all(db).await? {
        let e = requests.entry(r.event_id).or_default();
        e.0 += 1;
        e.1 += u64::from(r.state == MeetingRequestState::Accepted);
        e.2 += u64::from(r.state == MeetingRequestState::Declined);
    }
    let mut meetings: HashMap<Uuid, [u64; 4]> = HashMap::new();
    for m in meeting::Entity::find().all(db).await? {
        let e = meetings.entry(m.event_id).or_default();
        e[0] += u64::from(m.status == MeetingStatus::Held);
        match m.outcome {
            Some(MeetingOutcome::Agreement) => e[1] += 1,
            Some(MeetingOutcome::Negotiating) => e[2] += 1,
            Some(MeetingOutcome::NoContact) => e[3] += 1,
            None => {}
        }
    }
    let events = matching_event::Entity::find().order_by_asc(matching_event::Column::StartsOn).all(db).await?;
    Ok(events
        .into_iter()
        .map(|event| {
            let (requests, accepted, declined) = requests.get(&event.id).copied().unwrap_or_default();
            let [held, agreement, negotiating, no_contact] = meetings.get(&event.id).copied().unwrap_or_default();
            EventFigures {
                event,
                requests,
                accepted,
                declined,
                meetings_held: held,
                agreement,
                negotiating,
                no_contact,
            }
        })
        .collect())
}

/// The outbox and preferences in numbers, and the latest failures with their reasons.
#[derive(Debug)]
pub struct MailFigures {
    pub pending: u64,
    pub sending: u64,
    pub retrying: u64,
    pub sent: u64,
    pub failed: u64,
    pub unsubscribed_all: u64,
    pub leads_off: u64,
    pub reminders_off: u64,
    pub digests_off: u64,
    /// The latest failed mails (newest first).
    pub failures: Vec<outbox::Model>,
}

pub async fn mail(db: &DatabaseConnection) -> Result<MailFigures, DbErr> {
    let count_state = |state: OutboxState| outbox::Entity::find().filter(outbox::Column::State.eq(state)).count(db);
    let retrying = outbox::Entity::find()
        .filter(outbox::Column::State.eq(OutboxState::Pending))
        .filter(outbox::Column::Attempts.gt(0))
        .count(db)
        .await?;
    let prefs = mail_preference::Entity::find();
    let failures = outbox::Entity::find()
        .filter(outbox::Column::State.eq(OutboxState::Failed))
        .order_by_desc(outbox::Column::CreatedAt)
        .limit(FAILED_MAIL_LIMIT)
        .all(db)
        .await?;
    Ok(MailFigures {
        pending: count_state(OutboxState::Pending).await?,
        sending: count_state(OutboxState::Sending).await?,
        retrying,
        sent: count_state(OutboxState::Sent).await?,
        failed: count_state(OutboxState::Failed).await?,
        unsubscribed_all: prefs
            .clone()
            .filter(mail_preference::Column::UnsubscribedAllAt.is_not_null())
            .count(db)
            .await?,
        leads_off: prefs.clone().filter(mail_preference::Column::Leads.eq(false)).count(db).await?,
        reminders_off: prefs.clone().filter(mail_preference::Column::Reminders.eq(false)).count(db).await?,
        digests_off: prefs.filter(mail_preference::Column::Digests.eq(false)).count(db).await?,
        failures,
    })
}
