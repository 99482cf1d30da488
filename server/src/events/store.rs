//! Reading a matching event and the actor's place in it. Every handler starts with [`load`],
//! which also expires requests left pending after booking closed, so no reader ever sees one as
//! still answerable (the timer job does the same for events nobody opens).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::event_participant::{self, ParticipantStatus};
use entities::matching_event::{self, MatchingEventStatus};
use entities::meeting_request::{self, MeetingRequestState};
use entities::{event_preference, event_slot, meeting, organisation, participant_unavailability};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::EventError;
use super::rules::access::{self, EventFacts};
use crate::identity::actor::Actor;
use crate::identity::policy::Decision;

/// An event as one actor meets it.
#[derive(Debug, Clone)]
pub struct EventContext {
    pub event: matching_event::Model,
    /// The actor's own participant row (the first of their organisations that takes part).
    pub mine: Option<event_participant::Model>,
}

impl EventContext {
    pub fn facts(&self) -> EventFacts {
        EventFacts { status: self.event.status, participation: self.event.participation }
    }

    pub fn my_status(&self) -> Option<ParticipantStatus> {
        self.mine.as_ref().map(|p| p.status)
    }

    /// Asks one of the access rules; a refusal becomes the error to return.
    pub fn require(
        &self,
        actor: Option<&Actor>,
        rule: fn(Option<&Actor>, EventFacts, Option<ParticipantStatus>) -> Decision,
    ) -> Result<(), EventError> {
        let decision = rule(actor, self.facts(), self.my_status());
        if decision.allowed() { Ok(()) } else { Err(EventError::refused(decision)) }
    }

    /// The actor's registered participant row (after `require(.., access::participate)`).
    pub fn me(&self) -> Result<&event_participant::Model, EventError> {
        self.mine
            .as_ref()
            .filter(|p| p.status == ParticipantStatus::Registered)
            .ok_or(EventError::refused(Decision::Forbidden))
    }
}

/// The event `id` for `actor`, if they may see it (404 otherwise).
pub async fn load<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
) -> Result<EventContext, EventError> {
    let event = matching_event::Entity::find_by_id(id).one(db).await?.ok_or(EventError::NotFound)?;
    expire_pending(db, &event, now).await?;
    let mine = match actor {
        Some(actor) => my_participant(db, event.id, actor).await?,
        None => None,
    };
    let context = EventContext { event, mine };
    context.require(actor, access::view)?;
    Ok(context)
}

/// The participant row of the actor's organisations at `event_id`, registered ones first.
pub async fn my_participant<C: ConnectionTrait>(
    db: &C,
    event_id: Uuid,
    actor: &Actor,
) -> Result<Option<event_participant::Model>, DbErr> {
    let orgs: Vec<Uuid> = actor.active().map(|m| m.organisation_id).collect();
    if orgs.is_empty() {
        return Ok(None);
    }
    let rows = event_participant::Entity::find()
        .filter(event_participant::Column::EventId.eq(event_id))
        .filter(event_participant::Column::OrganisationId.is_in(orgs))
        .all(db)
        .await?;
    let registered = rows.iter().find(|p| p.status == ParticipantStatus::Registered).cloned();
    Ok(registered.or_else(|| rows.into_iter().next()))
}

/// Marks the event's pending requests expired once booking has closed. Idempotent.
pub async fn expire_pending<C: ConnectionTrait>(
    db: &C,
    event: &matching_event::Model,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    if now < event.booking_closes_at {
        return Ok(0);
    }
    let result = meeting_request::Entity::update_many()
        .col_expr(meeting_request::Column::State, Expr::value(MeetingRequestState::Expired.to_value()))
        .col_expr(meeting_request::Column::RespondedAt, Expr::value(now))
        .filter(meeting_request::Column::EventId.eq(event.id))
        .filter(meeting_request::Column::State.eq(MeetingRequestState::Pending))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Events, soonest first: all for the organiser; otherwise those past draft.
pub async fn list<C: ConnectionTrait>(db: &C, organiser: bool) -> Result<Vec<matching_event::Model>, DbErr> {
    let mut query = matching_event::Entity::find().order_by_desc(matching_event::Column::StartsOn);
    if !organiser {
        query = query.filter(matching_event::Column::Status.ne(MatchingEventStatus::Draft));
    }
    query.all(db).await
}

pub async fn participants<C: ConnectionTrait>(
    db: &C,
    event_id: Uuid,
) -> Result<Vec<(event_participant::Model, Option<organisation::Model>)>, DbErr> {
    event_participant::Entity::find()
        .filter(event_participant::Column::EventId.eq(event_id))
        .find_also_related(organisation::Entity)
        .order_by_asc(event_participant::Column::CreatedAt)
        .all(db)
        .await
}

pub async fn slots<C: ConnectionTrait>(db: &C, event_id: Uuid) -> Result<Vec<event_slot::Model>, DbErr> {
    event_slot::Entity::find()
        .filter(event_slot::Column::EventId.eq(event_id))
        .order_by_asc(event_slot::Column::Position)
        .all(db)
        .await
}

pub async fn requests<C: ConnectionTrait>(db: &C, event_id: Uuid) -> Result<Vec<meeting_request::Model>, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .order_by_asc(meeting_request::Column::CreatedAt)
        .all(db)
        .await
}

pub async fn meetings<C: ConnectionTrait>(db: &C, event_id: Uuid) -> Result<Vec<meeting::Model>, DbErr> {
    meeting::Entity::find().filter(meeting::Column::EventId.eq(event_id)).all(db).await
}

/// Each participant's unavailable slots.
pub async fn unavailability<C: ConnectionTrait>(
    db: &C,
    participant_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<Uuid>>, DbErr> {
    let mut by_participant: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if participant_ids.is_empty() {
        return Ok(by_participant);
    }
    for row in participant_unavailability::Entity::find()
        .filter(participant_unavailability::Column::ParticipantId.is_in(participant_ids))
        .all(db)
        .await?
    {
        by_participant.entry(row.participant_id).or_default().push(row.slot_id);
    }
    Ok(by_participant)
}

/// Every preference held by the given participants.
pub async fn preferences<C: ConnectionTrait>(
    db: &C,
    participant_ids: Vec<Uuid>,
) -> Result<Vec<event_preference::Model>, DbErr> {
    if participant_ids.is_empty() {
        return Ok(Vec::new());
    }
    event_preference::Entity::find()
        .filter(event_preference::Column::ParticipantId.is_in(participant_ids))
        .all(db)
        .await
}

/// Active vendors and user companies, by name (at most 1000): those an organiser may invite.
pub async fn invitable<C: ConnectionTrait>(db: &C) -> Result<Vec<organisation::Model>, DbErr> {
    use organisation::{OrganisationKind, OrganisationStatus};
    organisation::Entity::find()
        .filter(organisation::Column::Kind.is_in([OrganisationKind::Vendor, OrganisationKind::UserCompany]))
        .filter(organisation::Column::Status.eq(OrganisationStatus::Active))
        .order_by_asc(organisation::Column::Name)
        .limit(1000)
        .all(db)
        .await
}

/// Takes the event's write lock as the first statement of a transaction (a no-op update of its
/// row): on PostgreSQL it serialises changes to one event; on SQLite the transaction then holds the
/// write lock before it reads, so a concurrent commit cannot invalidate its snapshot halfway.
pub async fn lock_event<C: ConnectionTrait>(conn: &C, event_id: Uuid) -> Result<(), DbErr> {
    matching_event::Entity::update_many()
        .col_expr(matching_event::Column::UpdatedAt, Expr::col(matching_event::Column::UpdatedAt))
        .filter(matching_event::Column::Id.eq(event_id))
        .exec(conn)
        .await?;
    Ok(())
}
