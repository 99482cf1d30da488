//! The changes people make to an event and its requests, each in one transaction, each checked
//! against the access rules and the pure flow rules on facts loaded inside that transaction.

use chrono::{DateTime, Utc};
use entities::event_participant::{self, ParticipantRole, ParticipantStatus};
use entities::event_preference::{self, PreferenceKind};
use entities::matching_event::{self, MatchingEventStatus as Status};
use entities::meeting::{self, MeetingOutcome, MeetingStatus};
use entities::meeting_request::{self, MeetingRequestState};
use entities::organisation::{self, OrganisationKind, OrganisationStatus};
use entities::{event_slot, participant_unavailability, product, verification};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::EventError;
use super::rules::access;
use super::rules::flow::{self, Refusal, RequestFacts, Response};
use super::rules::setup::{EventDraft, WhoMeetsWho};
use super::store::{self, EventContext};
use crate::catalog::store::record_dates;
use crate::http::FieldError;
use crate::identity::actor::{Actor, OrgKind};
use crate::identity::policy::Decision;

pub const MESSAGE_MAX: usize = 500;
pub const JOIN_URL_MAX: usize = 2048;
/// At most this many counterparts in one preference list.
pub const PREFERENCES_MAX: usize = 500;

fn fields(draft: &EventDraft) -> (serde_json::Value, serde_json::Value) {
    (serde_json::Value::Array(draft.breaks.iter().map(|b| b.to_json()).collect()), draft.who_meets_who.to_json())
}

/// Creates an event in draft, with its slots, for the actor's organiser organisation.
pub async fn create_event(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &EventDraft,
    now: DateTime<Utc>,
) -> Result<matching_event::Model, EventError> {
    let organiser =
        actor.active().find(|m| m.kind == OrgKind::Organiser).ok_or(EventError::refused(Decision::Forbidden))?;
    let (breaks, who_meets_who) = fields(draft);
    let txn = db.begin().await?;
    let event = matching_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        organiser_organisation_id: Set(organiser.organisation_id),
        title_ja: Set(draft.title_ja.clone()),
        title_en: Set(draft.title_en.clone()),
        description: Set(draft.description.clone()),
        time_zone: Set(draft.time_zone.name().to_owned()),
        starts_on: Set(draft.starts_on),
        ends_on: Set(draft.ends_on),
        slot_minutes: Set(draft.slot_minutes),
        day_start_time: Set(draft.day_start.format("%H:%M").to_string()),
        day_end_time: Set(draft.day_end.format("%H:%M").to_string()),
        breaks: Set(breaks),
        tables: Set(draft.tables),
        online: Set(draft.online),
        booking_opens_at: Set(draft.booking_opens_at),
        booking_closes_at: Set(draft.booking_closes_at),
        participation: Set(draft.participation),
        who_meets_who: Set(who_meets_who),
        request_limit: Set(draft.request_limit),
        status: Set(Status::Draft),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    write_slots(&txn, event.id, draft).await?;
    txn.commit().await?;
    Ok(event)
}

async fn write_slots<C: ConnectionTrait>(conn: &C, event_id: Uuid, draft: &EventDraft) -> Result<(), EventError> {
    let rows: Vec<event_slot::ActiveModel> = draft
        .slots
        .iter()
        .enumerate()
        .map(|(position, slot)| event_slot::ActiveModel {
            id: Set(Uuid::now_v7()),
            event_id: Set(event_id),
            starts_at: Set(slot.starts_at),
            ends_at: Set(slot.ends_at),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        })
        .collect();
    for chunk in rows.chunks(200) {
        event_slot::Entity::insert_many(chunk.to_vec()).exec_without_returning(conn).await?;
    }
    Ok(())
}

/// Changes an event's settings while in draft or booking. When the days, hours or breaks change
/// the slots are made again (marks of unavailability on the old slots go with them).
pub async fn update_event(
    db: &DatabaseConnection,
    context: &EventContext,
    draft: &EventDraft,
    now: DateTime<Utc>,
) -> Result<matching_event::Model, EventError> {
    if !flow::may_edit(context.event.status) {
        return Err(Refusal::WrongStatus.into());
    }
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    let old_slots = store::slots(&txn, context.event.id).await?;
    let same_slots = old_slots.len() == draft.slots.len()
        && old_slots
            .iter()
            .zip(&draft.slots)
            .all(|(old, new)| old.starts_at == new.starts_at && old.ends_at == new.ends_at);
    if !same_slots {
        event_slot::Entity::delete_many().filter(event_slot::Column::EventId.eq(context.event.id)).exec(&txn).await?;
        write_slots(&txn, context.event.id, draft).await?;
    }
    let (breaks, who_meets_who) = fields(draft);
    let mut event = context.event.clone().into_active_model();
    event.title_ja = Set(draft.title_ja.clone());
    event.title_en = Set(draft.title_en.clone());
    event.description = Set(draft.description.clone());
    event.time_zone = Set(draft.time_zone.name().to_owned());
    event.starts_on = Set(draft.starts_on);
    event.ends_on = Set(draft.ends_on);
    event.slot_minutes = Set(draft.slot_minutes);
    event.day_start_time = Set(draft.day_start.format("%H:%M").to_string());
    event.day_end_time = Set(draft.day_end.format("%H:%M").to_string());
    event.breaks = Set(breaks);
    event.tables = Set(draft.tables);
    event.online = Set(draft.online);
    event.booking_opens_at = Set(draft.booking_opens_at);
    event.booking_closes_at = Set(draft.booking_closes_at);
    event.participation = Set(draft.participation);
    event.who_meets_who = Set(who_meets_who);
    event.request_limit = Set(draft.request_limit);
    event.updated_at = Set(now);
    let event = event.update(&txn).await?;
    txn.commit().await?;
    Ok(event)
}

/// The organiser moves the event along (see [`flow::may_change_status`]). Closing booking expires
/// what is still pending.
pub async fn change_status(
    db: &DatabaseConnection,
    context: &EventContext,
    to: Status,
    now: DateTime<Utc>,
) -> Result<matching_event::Model, EventError> {
    if !flow::may_change_status(context.event.status, to) {
        return Err(Refusal::WrongStatus.into());
    }
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    let mut event = context.event.clone().into_active_model();
    event.status = Set(to);
    event.updated_at = Set(now);
    let event = event.update(&txn).await?;
    if to == Status::Scheduling {
        let closed = matching_event::Model { booking_closes_at: now.min(event.booking_closes_at), ..event.clone() };
        store::expire_pending(&txn, &closed, now).await?;
    }
    txn.commit().await?;
    Ok(event)
}

/// Whether the organisation may take part: user companies always, vendors with a published
/// product holding a current green or blue verification.
pub async fn eligible<C: ConnectionTrait>(
    conn: &C,
    organisation: &organisation::Model,
    today: chrono::NaiveDate,
) -> Result<bool, EventError> {
    if organisation.status != OrganisationStatus::Active {
        return Ok(false);
    }
    match organisation.kind {
        OrganisationKind::UserCompany => Ok(true),
        OrganisationKind::Vendor => {
            let products: Vec<Uuid> = product::Entity::find()
                .filter(product::Column::OrganisationId.eq(organisation.id))
                .filter(product::Column::Status.eq(product::ProductStatus::Published))
                .all(conn)
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect();
            if products.is_empty() {
                return Ok(false);
            }
            let records =
                verification::Entity::find().filter(verification::Column::ProductId.is_in(products)).all(conn).await?;
            Ok(records.iter().map(record_dates).any(|r| r.level.is_matchable() && r.is_current(today)))
        }
        _ => Ok(false),
    }
}

fn role_of(kind: OrganisationKind) -> Option<ParticipantRole> {
    match kind {
        OrganisationKind::Vendor => Some(ParticipantRole::Vendor),
        OrganisationKind::UserCompany => Some(ParticipantRole::UserCompany),
        _ => None,
    }
}

/// Registers the actor's vendor or user company (or accepts its invitation) while booking is
/// open. Registering again changes nothing.
pub async fn register(
    db: &DatabaseConnection,
    context: &EventContext,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<event_participant::Model, EventError> {
    context.require(Some(actor), access::register)?;
    flow::booking_open(context.event.status, context.event.booking_opens_at, context.event.booking_closes_at, now)?;
    let membership = match &context.mine {
        Some(mine) => actor.active().find(|m| m.organisation_id == mine.organisation_id),
        None => actor.active().find(|m| matches!(m.kind, OrgKind::Vendor | OrgKind::UserCompany)),
    }
    .ok_or(EventError::NotEligible)?;
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    let organisation =
        organisation::Entity::find_by_id(membership.organisation_id).one(&txn).await?.ok_or(EventError::NotEligible)?;
    let today = now.with_timezone(&crate::i18n::DEFAULT_TIME_ZONE).date_naive();
    let Some(role) = role_of(organisation.kind) else { return Err(EventError::NotEligible) };
    if !eligible(&txn, &organisation, today).await? {
        return Err(EventError::NotEligible);
    }
    let participant = match context.mine.clone() {
        Some(existing) if existing.status == ParticipantStatus::Registered => existing,
        Some(existing) => {
            let mut row = existing.into_active_model();
            row.status = Set(ParticipantStatus::Registered);
            row.user_id = Set(Some(actor.user_id));
            row.update(&txn).await?
        }
        None => {
            event_participant::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(context.event.id),
                organisation_id: Set(organisation.id),
                user_id: Set(Some(actor.user_id)),
                role: Set(role),
                status: Set(ParticipantStatus::Registered),
                video_url: Set(None),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?
        }
    };
    txn.commit().await?;
    Ok(participant)
}

/// The organiser invites an organisation (before or during booking).
pub async fn invite(
    db: &DatabaseConnection,
    context: &EventContext,
    organisation_id: Uuid,
    now: DateTime<Utc>,
) -> Result<event_participant::Model, EventError> {
    if !matches!(context.event.status, Status::Draft | Status::Booking) {
        return Err(Refusal::WrongStatus.into());
    }
    let organisation = organisation::Entity::find_by_id(organisation_id)
        .one(db)
        .await?
        .ok_or_else(|| EventError::Invalid(vec![FieldError::new("organisation_id", "unknown")]))?;
    let Some(role) = role_of(organisation.kind) else {
        return Err(EventError::Invalid(vec![FieldError::new("organisation_id", "unknown")]));
    };
    let existing = event_participant::Entity::find()
        .filter(event_participant::Column::EventId.eq(context.event.id))
        .filter(event_participant::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await?;
    if let Some(existing) = existing {
        return Ok(existing);
    }
    Ok(event_participant::ActiveModel {
        id: Set(Uuid::now_v7()),
        event_id: Set(context.event.id),
        organisation_id: Set(organisation_id),
        user_id: Set(None),
        role: Set(role),
        status: Set(ParticipantStatus::Invited),
        video_url: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?)
}

/// A meeting request as sent.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub to_participant_id: Uuid,
    pub message: Option<String>,
    pub must_meet: bool,
}

/// Checks the request fields (the rest is checked against the event in [`send_request`]).
pub fn check_message(message: &str) -> Result<Option<String>, EventError> {
    let message = message.trim();
    if message.chars().count() > MESSAGE_MAX {
        return Err(EventError::Invalid(vec![FieldError::new("message", "too_long").with("max", MESSAGE_MAX)]));
    }
    Ok((!message.is_empty()).then(|| message.to_owned()))
}

pub async fn send_request(
    db: &DatabaseConnection,
    context: &EventContext,
    request: NewRequest,
    now: DateTime<Utc>,
) -> Result<meeting_request::Model, EventError> {
    let me = context.me()?.clone();
    let event = &context.event;
    flow::booking_open(event.status, event.booking_opens_at, event.booking_closes_at, now)?;
    let txn = db.begin().await?;
    store::lock_event(&txn, event.id).await?;
    let to = event_participant::Entity::find_by_id(request.to_participant_id)
        .one(&txn)
        .await?
        .filter(|p| p.event_id == event.id)
        .ok_or_else(|| EventError::Invalid(vec![FieldError::new("to_participant_id", "unknown")]))?;
    let between = |a: Uuid, b: Uuid| {
        meeting_request::Entity::find()
            .filter(meeting_request::Column::EventId.eq(event.id))
            .filter(meeting_request::Column::FromParticipantId.eq(a))
            .filter(meeting_request::Column::ToParticipantId.eq(b))
    };
    let mine = between(me.id, to.id).one(&txn).await?;
    let theirs = between(to.id, me.id).one(&txn).await?;
    let live =
        |r: &Option<meeting_request::Model>| r.as_ref().is_some_and(|r| r.state != MeetingRequestState::Withdrawn);
    let sent_so_far = meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event.id))
        .filter(meeting_request::Column::FromParticipantId.eq(me.id))
        .filter(meeting_request::Column::State.ne(MeetingRequestState::Withdrawn))
        .count(&txn)
        .await?;
    let pair = |a: Uuid, b: Uuid| {
        sea_orm::Condition::all()
            .add(event_preference::Column::ParticipantId.eq(a))
            .add(event_preference::Column::CounterpartId.eq(b))
    };
    let no_thanks = event_preference::Entity::find()
        .filter(event_preference::Column::Kind.eq(PreferenceKind::NoThanks))
        .filter(sea_orm::Condition::any().add(pair(me.id, to.id)).add(pair(to.id, me.id)))
        .count(&txn)
        .await?
        > 0;
    flow::check_request(&RequestFacts {
        rule: WhoMeetsWho::from_json(&event.who_meets_who),
        from_role: me.role,
        to_role: to.role,
        to_status: to.status,
        same_participant: me.id == to.id,
        existing_live_request: live(&mine) || live(&theirs),
        sent_so_far: usize::try_from(sent_so_far).unwrap_or(usize::MAX),
        limit: event.request_limit,
        no_thanks,
    })?;
    let saved = match mine {
        // A withdrawn request is sent again in place (the pair is unique).
        Some(old) => {
            let mut row = old.into_active_model();
            row.message = Set(request.message);
            row.must_meet = Set(request.must_meet);
            row.state = Set(MeetingRequestState::Pending);
            row.created_at = Set(now);
            row.responded_at = Set(None);
            row.update(&txn).await?
        }
        None => {
            meeting_request::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(event.id),
                from_participant_id: Set(me.id),
                to_participant_id: Set(to.id),
                message: Set(request.message),
                must_meet: Set(request.must_meet),
                state: Set(MeetingRequestState::Pending),
                created_at: Set(now),
                responded_at: Set(None),
            }
            .insert(&txn)
            .await?
        }
    };
    txn.commit().await?;
    Ok(saved)
}

/// Accept, decline or withdraw. The state changes only if it is still the one read, so two
/// answers at once cannot both win.
pub async fn respond(
    db: &DatabaseConnection,
    context: &EventContext,
    request_id: Uuid,
    response: Response,
    now: DateTime<Utc>,
) -> Result<meeting_request::Model, EventError> {
    let event = &context.event;
    let request = meeting_request::Entity::find_by_id(request_id)
        .one(db)
        .await?
        .filter(|r| r.event_id == event.id)
        .ok_or(EventError::NotFound)?;
    let me = context.me()?;
    if me.id != request.from_participant_id && me.id != request.to_participant_id {
        // Someone else's request: it does not exist for this participant.
        return Err(EventError::NotFound);
    }
    flow::booking_open(event.status, event.booking_opens_at, event.booking_closes_at, now)?;
    let new_state = flow::respond(request.state, response, me.id == request.to_participant_id)?;
    let updated = meeting_request::Entity::update_many()
        .col_expr(meeting_request::Column::State, Expr::value(new_state.to_value()))
        .col_expr(meeting_request::Column::RespondedAt, Expr::value(now))
        .filter(meeting_request::Column::Id.eq(request.id))
        .filter(meeting_request::Column::State.eq(request.state))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Refusal::NotPending.into());
    }
    Ok(meeting_request::Model { state: new_state, responded_at: Some(now), ..request })
}

fn before_publication(status: Status) -> Result<(), EventError> {
    if matches!(status, Status::Draft | Status::Booking | Status::Scheduling) {
        Ok(())
    } else {
        Err(Refusal::WrongStatus.into())
    }
}

/// Replaces the participant's unavailable slots (until the schedule is published).
pub async fn set_unavailability(
    db: &DatabaseConnection,
    context: &EventContext,
    slot_ids: &[Uuid],
) -> Result<Vec<Uuid>, EventError> {
    let me = context.me()?.clone();
    before_publication(context.event.status)?;
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    let slots = store::slots(&txn, context.event.id).await?;
    let mut chosen: Vec<Uuid> = Vec::new();
    for (i, id) in slot_ids.iter().enumerate() {
        if !slots.iter().any(|s| s.id == *id) {
            return Err(EventError::Invalid(vec![FieldError::new(format!("slot_ids[{i}]"), "unknown")]));
        }
        if !chosen.contains(id) {
            chosen.push(*id);
        }
    }
    participant_unavailability::Entity::delete_many()
        .filter(participant_unavailability::Column::ParticipantId.eq(me.id))
        .exec(&txn)
        .await?;
    if !chosen.is_empty() {
        let rows = chosen
            .iter()
            .map(|slot| participant_unavailability::ActiveModel { participant_id: Set(me.id), slot_id: Set(*slot) });
        participant_unavailability::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(chosen)
}

/// Replaces the participant's must-meet and no-thanks lists (until publication).
pub async fn set_preferences(
    db: &DatabaseConnection,
    context: &EventContext,
    must_meet: &[Uuid],
    no_thanks: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), EventError> {
    let me = context.me()?.clone();
    before_publication(context.event.status)?;
    let mut errors = Vec::new();
    for (field, list) in [("must_meet", must_meet), ("no_thanks", no_thanks)] {
        if list.len() > PREFERENCES_MAX {
            errors.push(FieldError::new(field, "too_many").with("max", PREFERENCES_MAX));
        }
    }
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    let others: Vec<Uuid> = store::participants(&txn, context.event.id).await?.into_iter().map(|(p, _)| p.id).collect();
    let mut rows = Vec::new();
    for (field, kind, list) in
        [("must_meet", PreferenceKind::MustMeet, must_meet), ("no_thanks", PreferenceKind::NoThanks, no_thanks)]
    {
        for (i, id) in list.iter().enumerate() {
            let in_both = must_meet.contains(id) && no_thanks.contains(id);
            if *id == me.id || !others.contains(id) || in_both {
                errors.push(FieldError::new(format!("{field}[{i}]"), if in_both { "invalid" } else { "unknown" }));
            } else if !rows.iter().any(|(c, _)| c == id) {
                rows.push((*id, kind));
            }
        }
    }
    if !errors.is_empty() {
        return Err(EventError::Invalid(errors));
    }
    event_preference::Entity::delete_many()
        .filter(event_preference::Column::ParticipantId.eq(me.id))
        .exec(&txn)
        .await?;
    if !rows.is_empty() {
        let models = rows.into_iter().map(|(counterpart, kind)| event_preference::ActiveModel {
            participant_id: Set(me.id),
            counterpart_id: Set(counterpart),
            kind: Set(kind),
            created_at: Set(now),
        });
        event_preference::Entity::insert_many(models).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A meeting of the actor's participant, with the request it came from.
async fn my_meeting(
    db: &DatabaseConnection,
    context: &EventContext,
    meeting_id: Uuid,
) -> Result<(meeting::Model, meeting_request::Model), EventError> {
    let me = context.me()?;
    let (meeting, request) = meeting::Entity::find_by_id(meeting_id)
        .find_also_related(meeting_request::Entity)
        .one(db)
        .await?
        .filter(|(m, _)| m.event_id == context.event.id)
        .ok_or(EventError::NotFound)?;
    let request = request.ok_or(EventError::NotFound)?;
    if request.from_participant_id != me.id && request.to_participant_id != me.id {
        return Err(EventError::NotFound);
    }
    Ok((meeting, request))
}

/// Sets the external video link of an online meeting (either side may).
pub async fn set_join_url(
    db: &DatabaseConnection,
    context: &EventContext,
    meeting_id: Uuid,
    join_url: &str,
    now: DateTime<Utc>,
) -> Result<meeting::Model, EventError> {
    let join_url = join_url.trim();
    let valid = url::Url::parse(join_url).is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some());
    if !join_url.is_empty() && (!valid || join_url.len() > JOIN_URL_MAX) {
        return Err(EventError::Invalid(vec![FieldError::new("join_url", "invalid")]));
    }
    let (meeting, _) = my_meeting(db, context, meeting_id).await?;
    if meeting.status == MeetingStatus::Cancelled {
        return Err(Refusal::WrongStatus.into());
    }
    let mut row = meeting.into_active_model();
    row.join_url = Set((!join_url.is_empty()).then(|| join_url.to_owned()));
    row.updated_at = Set(now);
    Ok(row.update(db).await?)
}

/// Records what came of a meeting once it has begun, and tells the match lifecycle.
pub async fn record_outcome(
    db: &DatabaseConnection,
    context: &EventContext,
    actor: &Actor,
    meeting_id: Uuid,
    outcome: MeetingOutcome,
    now: DateTime<Utc>,
) -> Result<meeting::Model, EventError> {
    let (meeting, request) = my_meeting(db, context, meeting_id).await?;
    if !matches!(meeting.status, MeetingStatus::Published | MeetingStatus::Held) {
        return Err(Refusal::WrongStatus.into());
    }
    let slot = match meeting.slot_id {
        Some(id) => event_slot::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    if slot.is_none_or(|s| now < s.starts_at) {
        return Err(Refusal::WrongStatus.into());
    }
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    let mut row = meeting.into_active_model();
    row.outcome = Set(Some(outcome));
    row.status = Set(MeetingStatus::Held);
    row.updated_at = Set(now);
    let meeting = row.update(&txn).await?;
    let sides = event_participant::Entity::find()
        .filter(event_participant::Column::Id.is_in([request.from_participant_id, request.to_participant_id]))
        .all(&txn)
        .await?;
    let org_of = |role: ParticipantRole| sides.iter().find(|p| p.role == role).map(|p| p.organisation_id);
    if let (Some(user_company), Some(vendor)) = (org_of(ParticipantRole::UserCompany), org_of(ParticipantRole::Vendor))
    {
        feed_match_lifecycle(&txn, user_company, vendor, outcome, actor.user_id, now).await?;
    }
    txn.commit().await?;
    Ok(meeting)
}

/// Hands a meeting's outcome to the match lifecycle of the pair's need-product matches, in the
/// transaction that stores it.
async fn feed_match_lifecycle<C: ConnectionTrait>(
    conn: &C,
    user_organisation_id: Uuid,
    vendor_organisation_id: Uuid,
    outcome: MeetingOutcome,
    actor_user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), EventError> {
    let moved = crate::matching::lifecycle::on_meeting_outcome(
        conn,
        user_organisation_id,
        vendor_organisation_id,
        outcome,
        Some(actor_user_id),
        now,
    )
    .await?;
    tracing::debug!(%user_organisation_id, %vendor_organisation_id, ?outcome, moved, "meeting outcome fed to the match lifecycle");
    Ok(())
}
