//! From accepted requests to a published timetable, around the pure scheduler: build its
//! instance from the database, run it into draft `meeting` rows, let the organiser move and swap
//! (each edit re-validated by `scheduler::review`), then publish with the participants' mail.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use entities::event_participant::{ParticipantRole, ParticipantStatus};
use entities::event_preference::PreferenceKind;
use entities::matching_event::{self, MatchingEventStatus as Status};
use entities::meeting::{self, MeetingStatus};
use entities::meeting_request::MeetingRequestState;
use entities::{event_slot, meeting_request};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::EventError;
use super::mails;
use super::rules::flow::Refusal;
use super::scheduler::{self, Assignment, Instance, Method, Participant, ScheduleResult, Side, Slots, Violation};
use super::store::{self, EventContext};

/// The scheduler's view of an event, and the way back to database ids.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub instance: Instance,
    pub slots: Vec<event_slot::Model>,
    /// Participant id → the name the scheduler knows them by (unique, readable in reasons).
    pub names: HashMap<Uuid, String>,
    /// Request id → its two participants.
    pub pairs: HashMap<Uuid, (Uuid, Uuid)>,
}

impl Prepared {
    pub fn slot_index(&self, slot_id: Uuid) -> Option<usize> {
        self.slots.iter().position(|s| s.id == slot_id)
    }
}

fn slot_label(slot: &event_slot::Model, tz: Tz) -> String {
    slot.starts_at.with_timezone(&tz).format("%m/%d %H:%M").to_string()
}

pub fn time_zone(event: &matching_event::Model) -> Tz {
    event.time_zone.parse().unwrap_or(crate::i18n::DEFAULT_TIME_ZONE)
}

/// Builds the instance: registered participants, accepted requests between them (must-meet when
/// the sender said so or either side listed the other), the slots and the tables.
pub async fn prepare<C: ConnectionTrait>(conn: &C, event: &matching_event::Model) -> Result<Prepared, EventError> {
    let participants: Vec<_> = store::participants(conn, event.id)
        .await?
        .into_iter()
        .filter(|(p, _)| p.status == ParticipantStatus::Registered)
        .collect();
    let slots = store::slots(conn, event.id).await?;
    let ids: Vec<Uuid> = participants.iter().map(|(p, _)| p.id).collect();
    let unavailable = store::unavailability(conn, ids.clone()).await?;
    let preferences = store::preferences(conn, ids).await?;
    let must_pairs: Vec<(Uuid, Uuid)> = preferences
        .iter()
        .filter(|p| p.kind == PreferenceKind::MustMeet)
        .map(|p| (p.participant_id, p.counterpart_id))
        .collect();
    let mut names = HashMap::new();
    let mut instance_participants = Vec::new();
    for (n, (participant, organisation)) in participants.iter().enumerate() {
        let name = organisation.as_ref().map_or("?", |o| o.name.as_str());
        let name = format!("{name} #{}", n + 1);
        names.insert(participant.id, name.clone());
        let positions = unavailable.get(&participant.id).map(Vec::as_slice).unwrap_or_default();
        instance_participants.push(Participant {
            id: name,
            side: match participant.role {
                ParticipantRole::Vendor => Side::Vendor,
                ParticipantRole::UserCompany => Side::UserCompany,
            },
            unavailable_slots: slots
                .iter()
                .enumerate()
                .filter(|(_, s)| positions.contains(&s.id))
                .map(|(i, _)| i)
                .collect(),
        });
    }
    let mut meetings = Vec::new();
    let mut pairs = HashMap::new();
    for request in store::requests(conn, event.id).await? {
        let (Some(a), Some(b)) = (names.get(&request.from_participant_id), names.get(&request.to_participant_id))
        else {
            continue;
        };
        if request.state != MeetingRequestState::Accepted {
            continue;
        }
        let (from, to) = (request.from_participant_id, request.to_participant_id);
        let must = request.must_meet || must_pairs.contains(&(from, to)) || must_pairs.contains(&(to, from));
        meetings.push(scheduler::Meeting { id: request.id.to_string(), a: a.clone(), b: b.clone(), must_meet: must });
        pairs.insert(request.id, (from, to));
    }
    let tz = time_zone(event);
    let instance = Instance {
        participants: instance_participants,
        meetings,
        slots: Slots::Labels(slots.iter().map(|s| slot_label(s, tz)).collect()),
        tables: usize::try_from(event.tables).unwrap_or(0),
    };
    Ok(Prepared { instance, slots, names, pairs })
}

/// The schedule as stored: draft (or published) meetings read back into the scheduler's terms,
/// with its figures and reasons recomputed.
pub async fn current<C: ConnectionTrait>(
    conn: &C,
    event: &matching_event::Model,
) -> Result<(Prepared, ScheduleResult, Vec<meeting::Model>), EventError> {
    let prepared = prepare(conn, event).await?;
    let rows = store::meetings(conn, event.id).await?;
    let assignments = assignments_of(&prepared, &rows);
    let result = scheduler::evaluate(&prepared.instance, assignments, Method::EquitableColouring)
        .map_err(|v| EventError::ScheduleRule(describe(&v)))?;
    Ok((prepared, result, rows))
}

fn assignments_of(prepared: &Prepared, rows: &[meeting::Model]) -> Vec<Assignment> {
    rows.iter()
        .filter(|m| m.status != MeetingStatus::Cancelled && prepared.pairs.contains_key(&m.request_id))
        .filter_map(|m| {
            let slot = prepared.slot_index(m.slot_id?)?;
            let table = usize::try_from(m.table_no? - 1).ok()?;
            Some(Assignment {
                meeting: m.request_id.to_string(),
                slot,
                table,
                slot_label: prepared.instance.slots.label(slot).map(str::to_owned),
            })
        })
        .collect()
}

/// The violations, as one sentence for the organiser.
pub fn describe(violations: &[Violation]) -> String {
    violations.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join("; ")
}

/// Runs the scheduler (in the scheduling status) and replaces the draft meetings with its result.
pub async fn run(
    db: &DatabaseConnection,
    context: &EventContext,
    now: DateTime<Utc>,
) -> Result<ScheduleResult, EventError> {
    if context.event.status != Status::Scheduling {
        return Err(Refusal::WrongStatus.into());
    }
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    let prepared = prepare(&txn, &context.event).await?;
    let result = scheduler::schedule(&prepared.instance).map_err(|e| EventError::Unschedulable(e.to_string()))?;
    meeting::Entity::delete_many().filter(meeting::Column::EventId.eq(context.event.id)).exec(&txn).await?;
    let placed: HashMap<&str, &Assignment> = result.assignments.iter().map(|a| (a.meeting.as_str(), a)).collect();
    let rows: Vec<meeting::ActiveModel> = prepared
        .instance
        .meetings
        .iter()
        .filter_map(|m| {
            let request_id: Uuid = m.id.parse().ok()?;
            let assignment = placed.get(m.id.as_str());
            Some(meeting::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(context.event.id),
                request_id: Set(request_id),
                slot_id: Set(assignment.map(|a| prepared.slots[a.slot].id)),
                table_no: Set(assignment.and_then(|a| i32::try_from(a.table + 1).ok())),
                join_url: Set(None),
                status: Set(MeetingStatus::Draft),
                outcome: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            })
        })
        .collect();
    for chunk in rows.chunks(200) {
        meeting::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(result)
}

/// An organiser's edit of the draft schedule.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    Move { meeting_id: Uuid, slot_id: Uuid, table_no: i32 },
    Swap { a: Uuid, b: Uuid },
}

/// Applies a move or a swap if the whole schedule still keeps the hard rules; nothing is written
/// otherwise.
pub async fn edit(
    db: &DatabaseConnection,
    context: &EventContext,
    edit: Edit,
    now: DateTime<Utc>,
) -> Result<ScheduleResult, EventError> {
    if context.event.status != Status::Scheduling {
        return Err(Refusal::WrongStatus.into());
    }
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    let (prepared, before, rows) = current(&txn, &context.event).await?;
    let request_of = |meeting_id: Uuid| {
        rows.iter().find(|m| m.id == meeting_id).map(|m| m.request_id.to_string()).ok_or(EventError::NotFound)
    };
    let after = match edit {
        Edit::Move { meeting_id, slot_id, table_no } => {
            let slot = prepared.slot_index(slot_id).ok_or(EventError::NotFound)?;
            let table = usize::try_from(table_no - 1).map_err(|_| EventError::ScheduleRule("no such table".into()))?;
            scheduler::move_meeting(&prepared.instance, &before, &request_of(meeting_id)?, slot, table)
        }
        Edit::Swap { a, b } => scheduler::swap_meetings(&prepared.instance, &before, &request_of(a)?, &request_of(b)?),
    }
    .map_err(|v| EventError::ScheduleRule(describe(&v)))?;
    let wanted: HashMap<String, (Uuid, i32)> = after
        .assignments
        .iter()
        .map(|a| (a.meeting.clone(), (prepared.slots[a.slot].id, i32::try_from(a.table + 1).unwrap_or(i32::MAX))))
        .collect();
    let changed: Vec<&meeting::Model> = rows
        .iter()
        .filter(|m| {
            let target = wanted.get(&m.request_id.to_string()).copied();
            target != m.slot_id.zip(m.table_no)
        })
        .collect();
    // Clear first, then place: a swap would otherwise meet the (slot, table) key half-way.
    for m in &changed {
        meeting::Entity::update_many()
            .col_expr(meeting::Column::SlotId, Expr::value(Option::<Uuid>::None))
            .col_expr(meeting::Column::TableNo, Expr::value(Option::<i32>::None))
            .filter(meeting::Column::Id.eq(m.id))
            .exec(&txn)
            .await?;
    }
    for m in &changed {
        if let Some((slot_id, table_no)) = wanted.get(&m.request_id.to_string()) {
            meeting::Entity::update_many()
                .col_expr(meeting::Column::SlotId, Expr::value(*slot_id))
                .col_expr(meeting::Column::TableNo, Expr::value(*table_no))
                .col_expr(meeting::Column::UpdatedAt, Expr::value(now))
                .filter(meeting::Column::Id.eq(m.id))
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(after)
}

/// Publishes the schedule: placed meetings are published, unplaced ones cancelled, and each
/// registered participant is told, in the same transaction.
pub async fn publish(
    db: &DatabaseConnection,
    context: &EventContext,
    base_url: &url::Url,
    now: DateTime<Utc>,
) -> Result<matching_event::Model, EventError> {
    if context.event.status != Status::Scheduling {
        return Err(Refusal::WrongStatus.into());
    }
    let txn = db.begin().await?;
    store::lock_event(&txn, context.event.id).await?;
    // Re-check the stored schedule as a whole before anyone relies on it.
    current(&txn, &context.event).await?;
    for (placed, status) in [(true, MeetingStatus::Published), (false, MeetingStatus::Cancelled)] {
        let column = meeting::Column::SlotId;
        meeting::Entity::update_many()
            .col_expr(meeting::Column::Status, Expr::value(status.to_value()))
            .col_expr(meeting::Column::UpdatedAt, Expr::value(now))
            .filter(meeting::Column::EventId.eq(context.event.id))
            .filter(meeting::Column::Status.eq(MeetingStatus::Draft))
            .filter(if placed { column.is_not_null() } else { column.is_null() })
            .exec(&txn)
            .await?;
    }
    let mut event = context.event.clone().into_active_model();
    event.status = Set(Status::Published);
    event.updated_at = Set(now);
    let event = event.update(&txn).await?;
    mails::on_publication(&txn, &event, base_url).await?;
    txn.commit().await?;
    Ok(event)
}

/// A participant's published meetings, in time order, with the slot and the other side.
pub async fn agenda<C: ConnectionTrait>(
    conn: &C,
    event_id: Uuid,
    participant_id: Uuid,
) -> Result<Vec<(meeting::Model, event_slot::Model, Uuid)>, EventError> {
    let requests = meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(
            sea_orm::Condition::any()
                .add(meeting_request::Column::FromParticipantId.eq(participant_id))
                .add(meeting_request::Column::ToParticipantId.eq(participant_id)),
        )
        .all(conn)
        .await?;
    let other: HashMap<Uuid, Uuid> = requests
        .iter()
        .map(|r| {
            (r.id, if r.from_participant_id == participant_id { r.to_participant_id } else { r.from_participant_id })
        })
        .collect();
    let slots: HashMap<Uuid, event_slot::Model> =
        store::slots(conn, event_id).await?.into_iter().map(|s| (s.id, s)).collect();
    let mut items: Vec<(meeting::Model, event_slot::Model, Uuid)> = meeting::Entity::find()
        .filter(meeting::Column::EventId.eq(event_id))
        .filter(meeting::Column::Status.is_in([MeetingStatus::Published, MeetingStatus::Held]))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|m| {
            let counterpart = *other.get(&m.request_id)?;
            let slot = slots.get(&m.slot_id?)?.clone();
            Some((m, slot, counterpart))
        })
        .collect();
    items.sort_by_key(|(_, slot, _)| slot.position);
    Ok(items)
}
