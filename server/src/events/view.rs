//! What the API (and, the same values, the pages) show of an event: plain serialisable views.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::event_participant;
use entities::event_slot;
use entities::matching_event;
use entities::meeting;
use entities::meeting_request;
use serde::Serialize;
use uuid::Uuid;

use super::rules::setup::{WhoMeetsWho, breaks_from_json};
use super::schedule::Prepared;
use super::scheduler::ScheduleResult;

pub fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SlotView {
    pub id: Uuid,
    pub position: i32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl From<&event_slot::Model> for SlotView {
    fn from(s: &event_slot::Model) -> Self {
        Self { id: s.id, position: s.position, starts_at: s.starts_at, ends_at: s.ends_at }
    }
}

/// A matching event.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: Uuid,
    pub title_ja: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    /// IANA zone the days and hours are given in.
    pub time_zone: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub day_start_time: String,
    pub day_end_time: String,
    pub slot_minutes: i16,
    /// `HH:MM-HH:MM` each.
    pub breaks: Vec<String>,
    pub tables: i32,
    pub online: bool,
    pub booking_opens_at: DateTime<Utc>,
    pub booking_closes_at: DateTime<Utc>,
    /// open | invitation
    pub participation: String,
    /// vendor_user_company | anyone
    pub who_meets_who: String,
    pub request_limit: Option<i32>,
    /// draft | booking | scheduling | published | closed
    pub status: String,
    pub slots: Vec<SlotView>,
}

pub fn event(e: &matching_event::Model, slots: &[event_slot::Model]) -> EventView {
    EventView {
        id: e.id,
        title_ja: e.title_ja.clone(),
        title_en: e.title_en.clone(),
        description: e.description.clone(),
        time_zone: e.time_zone.clone(),
        starts_on: e.starts_on,
        ends_on: e.ends_on,
        day_start_time: e.day_start_time.clone(),
        day_end_time: e.day_end_time.clone(),
        slot_minutes: e.slot_minutes,
        breaks: breaks_from_json(&e.breaks).into_iter().map(|b| b.text()).collect(),
        tables: e.tables,
        online: e.online,
        booking_opens_at: e.booking_opens_at,
        booking_closes_at: e.booking_closes_at,
        participation: code(&e.participation),
        who_meets_who: WhoMeetsWho::from_json(&e.who_meets_who).code().to_owned(),
        request_limit: e.request_limit,
        status: code(&e.status),
        slots: slots.iter().map(SlotView::from).collect(),
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventSummary {
    pub id: Uuid,
    pub title: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub status: String,
    pub online: bool,
    pub participation: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventList {
    pub items: Vec<EventSummary>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParticipantView {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    /// vendor | user_company
    pub role: String,
    /// invited | registered | declined
    pub status: String,
}

pub fn participant(p: &event_participant::Model, name: &str) -> ParticipantView {
    ParticipantView {
        id: p.id,
        organisation_id: p.organisation_id,
        name: name.to_owned(),
        role: code(&p.role),
        status: code(&p.status),
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestView {
    pub id: Uuid,
    pub from_participant_id: Uuid,
    pub from_name: String,
    pub to_participant_id: Uuid,
    pub to_name: String,
    pub message: Option<String>,
    pub must_meet: bool,
    /// pending | accepted | declined | expired | withdrawn
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
}

pub fn request(r: &meeting_request::Model, names: &HashMap<Uuid, String>) -> RequestView {
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    RequestView {
        id: r.id,
        from_participant_id: r.from_participant_id,
        from_name: name(&r.from_participant_id),
        to_participant_id: r.to_participant_id,
        to_name: name(&r.to_participant_id),
        message: r.message.clone(),
        must_meet: r.must_meet,
        state: code(&r.state),
        created_at: r.created_at,
        responded_at: r.responded_at,
    }
}

/// A participant's own view of the event.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyEventView {
    pub participant: ParticipantView,
    /// Who this participant may meet, recommended ones (with reasons) first.
    pub counterparts: Vec<super::recommend::Counterpart>,
    pub sent: Vec<RequestView>,
    pub received: Vec<RequestView>,
    /// Requests this participant may still send, when the event has a limit.
    pub requests_left: Option<i64>,
    pub unavailable_slot_ids: Vec<Uuid>,
}

/// One meeting on the organiser's schedule.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScheduledMeetingView {
    pub meeting_id: Uuid,
    pub request_id: Uuid,
    pub a: String,
    pub b: String,
    pub must_meet: bool,
    pub slot_id: Option<Uuid>,
    pub slot_position: Option<i32>,
    pub starts_at: Option<DateTime<Utc>>,
    pub table_no: Option<i32>,
    /// draft | published | held | cancelled
    pub status: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnplacedView {
    pub meeting_id: Option<Uuid>,
    pub request_id: String,
    /// no_common_free_slot | participant_fully_booked | not_enough_slots | no_table_free
    pub reason: String,
    pub detail: String,
}

/// The schedule with its figures: slots used against the lower bound max(Δ, ⌈m/T⌉).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScheduleView {
    /// The algorithm, right after a run (absent when read back from storage).
    pub method: Option<String>,
    pub slots_total: usize,
    pub slots_used: usize,
    pub lower_bound: usize,
    pub meetings_placed: usize,
    pub meetings_total: usize,
    pub must_meets_placed: usize,
    pub must_meets_total: usize,
    pub optimal: bool,
    pub meetings: Vec<ScheduledMeetingView>,
    pub unplaced: Vec<UnplacedView>,
}

pub fn schedule(
    prepared: &Prepared,
    result: &ScheduleResult,
    rows: &[meeting::Model],
    method_known: bool,
) -> ScheduleView {
    let by_request: HashMap<String, &meeting::Model> = rows.iter().map(|m| (m.request_id.to_string(), m)).collect();
    let mut meetings: Vec<ScheduledMeetingView> = prepared
        .instance
        .meetings
        .iter()
        .filter_map(|m| {
            let row = by_request.get(&m.id)?;
            let placed = result.assignments.iter().find(|a| a.meeting == m.id);
            let slot = placed.map(|a| &prepared.slots[a.slot]);
            Some(ScheduledMeetingView {
                meeting_id: row.id,
                request_id: row.request_id,
                a: m.a.clone(),
                b: m.b.clone(),
                must_meet: m.must_meet,
                slot_id: slot.map(|s| s.id),
                slot_position: slot.map(|s| s.position),
                starts_at: slot.map(|s| s.starts_at),
                table_no: placed.and_then(|a| i32::try_from(a.table + 1).ok()),
                status: code(&row.status),
            })
        })
        .collect();
    meetings.sort_by_key(|m| (m.slot_position.unwrap_or(i32::MAX), m.table_no));
    ScheduleView {
        method: method_known.then(|| result.method.name().to_owned()),
        slots_total: prepared.slots.len(),
        slots_used: result.slots_used,
        lower_bound: result.lower_bound,
        meetings_placed: result.meetings_placed,
        meetings_total: result.meetings_total,
        must_meets_placed: result.must_meets_placed,
        must_meets_total: result.must_meets_total,
        optimal: result.optimal,
        meetings,
        unplaced: result
            .unplaced
            .iter()
            .map(|u| UnplacedView {
                meeting_id: by_request.get(&u.meeting).map(|m| m.id),
                request_id: u.meeting.clone(),
                reason: code(&u.reason),
                detail: u.detail.clone(),
            })
            .collect(),
    }
}

/// One meeting on a participant's agenda.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgendaItem {
    pub meeting_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub counterpart: String,
    pub table_no: Option<i32>,
    /// The external video link, when the participants set one.
    pub join_url: Option<String>,
    /// no_contact | negotiating | agreement, once reported.
    pub outcome: Option<String>,
    /// True once the meeting has begun: its outcome may be reported.
    pub begun: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgendaView {
    pub event_id: Uuid,
    pub title: String,
    pub time_zone: String,
    pub online: bool,
    pub participant: ParticipantView,
    pub items: Vec<AgendaItem>,
}
