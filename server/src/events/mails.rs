//! The event's mail, always through the outbox with an idempotency key per recipient and
//! occasion: the schedule is out, tomorrow's meetings, a meeting in half an hour, and the outcome
//! survey after the event and again about three months later.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entities::app_user;
use entities::event_participant::{self, ParticipantStatus};
use entities::matching_event::{self, MatchingEventStatus as Status};
use entities::meeting::{self, MeetingOutcome, MeetingStatus};
use entities::{event_slot, meeting_request, organisation};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::EventError;
use super::rules::reminders;
use super::store;
use crate::i18n::{Locale, format_date, format_datetime};
use crate::mail::{NewMail, enqueue};

/// Who hears about a participant's meetings: its contact person.
#[derive(Debug, Clone)]
struct Contact {
    participant: event_participant::Model,
    organisation: String,
    user: Option<app_user::Model>,
}

impl Contact {
    fn locale(&self) -> Locale {
        match self.user.as_ref().map(|u| u.locale) {
            Some(app_user::Locale::En) => Locale::En,
            _ => Locale::Ja,
        }
    }

    fn zone(&self, event_zone: Tz) -> Tz {
        self.user.as_ref().and_then(|u| u.time_zone.parse().ok()).unwrap_or(event_zone)
    }
}

fn title(event: &matching_event::Model, locale: Locale) -> String {
    match (locale, &event.title_en) {
        (Locale::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => event.title_ja.clone(),
    }
}

fn agenda_url(base_url: &url::Url, event_id: Uuid) -> String {
    base_url.join(&format!("/events/{event_id}/agenda")).map(|u| u.to_string()).unwrap_or_default()
}

async fn contacts<C: ConnectionTrait>(conn: &C, event_id: Uuid) -> Result<HashMap<Uuid, Contact>, EventError> {
    let rows = store::participants(conn, event_id).await?;
    let users: Vec<Uuid> = rows.iter().filter_map(|(p, _)| p.user_id).collect();
    let users: HashMap<Uuid, app_user::Model> = if users.is_empty() {
        HashMap::new()
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(users))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect()
    };
    Ok(rows
        .into_iter()
        .filter(|(p, _)| p.status == ParticipantStatus::Registered)
        .map(|(p, o): (event_participant::Model, Option<organisation::Model>)| {
            let user = p.user_id.and_then(|id| users.get(&id).cloned());
            (p.id, Contact { organisation: o.map(|o| o.name).unwrap_or_default(), user, participant: p })
        })
        .collect())
}

async fn send<C: ConnectionTrait>(
    conn: &C,
    contact: &Contact,
    template: &'static str,
    payload: serde_json::Value,
    key: String,
) -> Result<bool, EventError> {
    let Some(user) = &contact.user else { return Ok(false) };
    enqueue(
        conn,
        NewMail {
            template,
            to: user.email.clone(),
            user_id: Some(user.id),
            locale: contact.locale(),
            payload,
            essential: false,
            idempotency_key: key,
        },
    )
    .await?;
    Ok(true)
}

/// One mail a registered participant: the schedule is out, and how many meetings they have.
pub async fn on_publication<C: ConnectionTrait>(
    conn: &C,
    event: &matching_event::Model,
    base_url: &url::Url,
) -> Result<(), EventError> {
    let meetings = scheduled(conn, event.id).await?;
    for contact in contacts(conn, event.id).await?.values() {
        let count = meetings.iter().filter(|m| m.sides.contains(&contact.participant.id)).count();
        let locale = contact.locale();
        let payload = json!({
            "event_title": title(event, locale),
            "organisation": contact.organisation,
            "meetings": count,
            "agenda_url": agenda_url(base_url, event.id),
        });
        let key = format!("event-published:{}:{}", event.id, contact.participant.id);
        send(conn, contact, "event_published", payload, key).await?;
    }
    Ok(())
}

/// A published meeting with its slot and both sides.
#[derive(Debug, Clone)]
struct Scheduled {
    meeting: meeting::Model,
    slot: event_slot::Model,
    sides: [Uuid; 2],
}

async fn scheduled<C: ConnectionTrait>(conn: &C, event_id: Uuid) -> Result<Vec<Scheduled>, EventError> {
    let slots: HashMap<Uuid, event_slot::Model> =
        store::slots(conn, event_id).await?.into_iter().map(|s| (s.id, s)).collect();
    let requests: HashMap<Uuid, meeting_request::Model> =
        store::requests(conn, event_id).await?.into_iter().map(|r| (r.id, r)).collect();
    Ok(store::meetings(conn, event_id)
        .await?
        .into_iter()
        .filter(|m| matches!(m.status, MeetingStatus::Published | MeetingStatus::Held))
        .filter_map(|m| {
            let slot = slots.get(&m.slot_id?)?.clone();
            let r = requests.get(&m.request_id)?;
            Some(Scheduled { sides: [r.from_participant_id, r.to_participant_id], meeting: m, slot })
        })
        .collect())
}

/// What one run of the timer did for one event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    pub mails: usize,
    pub held: u64,
}

/// The due reminders and surveys of a published (or closed) event, and meetings whose slot has
/// ended marked held. Safe to run any number of times.
pub async fn due<C: ConnectionTrait>(
    conn: &C,
    event: &matching_event::Model,
    base_url: &url::Url,
    now: DateTime<Utc>,
) -> Result<Sent, EventError> {
    let mut sent = Sent::default();
    if !matches!(event.status, Status::Published | Status::Closed) {
        return Ok(sent);
    }
    let zone = super::schedule::time_zone(event);
    let contacts = contacts(conn, event.id).await?;
    let meetings = scheduled(conn, event.id).await?;
    let agenda = agenda_url(base_url, event.id);
    let name_of = |id: Uuid| contacts.get(&id).map(|c| c.organisation.clone()).unwrap_or_default();
    let place = |m: &Scheduled, locale: Locale| match (&m.meeting.join_url, event.online) {
        (Some(url), _) => url.clone(),
        (None, true) => agenda.clone(),
        (None, false) => match locale {
            Locale::Ja => format!("テーブル {}", m.meeting.table_no.unwrap_or_default()),
            Locale::En => format!("Table {}", m.meeting.table_no.unwrap_or_default()),
        },
    };
    let mut first_of_day: HashMap<Uuid, BTreeMap<NaiveDate, (DateTime<Utc>, usize)>> = HashMap::new();
    for m in &meetings {
        for (i, side) in m.sides.iter().enumerate() {
            let day = m.slot.starts_at.with_timezone(&zone).date_naive();
            let entry = first_of_day.entry(*side).or_default().entry(day).or_insert((m.slot.starts_at, 0));
            entry.0 = entry.0.min(m.slot.starts_at);
            entry.1 += 1;
            let Some(contact) = contacts.get(side) else { continue };
            let locale = contact.locale();
            let counterpart = name_of(m.sides[1 - i]);
            let at = format_datetime(m.slot.starts_at, contact.zone(zone), locale);
            if reminders::meeting_reminder_due(m.slot.starts_at, now) {
                let payload = json!({
                    "event_title": title(event, locale), "counterpart": counterpart, "starts_at": at,
                    "place": place(m, locale), "agenda_url": agenda,
                });
                let key = format!("event-meeting-reminder:{}:{side}", m.meeting.id);
                sent.mails += usize::from(send(conn, contact, "event_meeting_reminder", payload, key).await?);
            }
            let last_slot_end = meetings.iter().map(|x| x.slot.ends_at).max().unwrap_or(m.slot.ends_at);
            let round = reminders::survey_round(last_slot_end, now);
            let wanted = match (round, m.meeting.outcome) {
                (Some(1), None) => true,
                (Some(2), outcome) => outcome != Some(MeetingOutcome::Agreement),
                _ => false,
            };
            if wanted && let Some(round) = round {
                let payload = json!({
                    "event_title": title(event, locale), "counterpart": counterpart, "meeting_at": at,
                    "survey_url": format!("{agenda}#meeting-{}", m.meeting.id), "round": round,
                });
                let key = format!("event-survey:{}:{side}:{round}", m.meeting.id);
                sent.mails += usize::from(send(conn, contact, "event_survey", payload, key).await?);
            }
        }
    }
    for (side, days) in &first_of_day {
        let Some(contact) = contacts.get(side) else { continue };
        let locale = contact.locale();
        for (day, (first, count)) in days {
            if reminders::day_reminder_due(*first, now) {
                let payload = json!({
                    "event_title": title(event, locale), "day": format_date(*day, locale),
                    "first_at": format_datetime(*first, contact.zone(zone), locale), "meetings": count,
                    "agenda_url": agenda,
                });
                let key = format!("event-day-reminder:{}:{day}:{side}", event.id);
                sent.mails += usize::from(send(conn, contact, "event_day_reminder", payload, key).await?);
            }
        }
    }
    let ended: Vec<Uuid> = meetings
        .iter()
        .filter(|m| m.meeting.status == MeetingStatus::Published && m.slot.ends_at <= now)
        .map(|m| m.meeting.id)
        .collect();
    if !ended.is_empty() {
        sent.held = meeting::Entity::update_many()
            .col_expr(meeting::Column::Status, Expr::value(MeetingStatus::Held.to_value()))
            .col_expr(meeting::Column::UpdatedAt, Expr::value(now))
            .filter(meeting::Column::Id.is_in(ended))
            .exec(conn)
            .await?
            .rows_affected;
    }
    Ok(sent)
}
