//! Demo matching events: registered participants, slots made by the events rules, and a few
//! requests, so a visitor can click through booking as vendor@, gifu@ or organiser@.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use entities::event_participant::{self, ParticipantRole, ParticipantStatus};
use entities::matching_event::{self, MatchingEventStatus, Participation};
use entities::meeting_request::{self, MeetingRequestState};
use entities::{event_slot, membership, organisation};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::DemoError;
use super::model::DemoMatchingEvent;
use crate::events::rules::setup::{Break, WhoMeetsWho, make_slots};

fn time(field: &'static str, text: &str) -> Result<NaiveTime, DemoError> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| DemoError::Invalid { field, value: text.to_owned() })
}

pub async fn load(
    txn: &DatabaseTransaction,
    events: &[DemoMatchingEvent],
    org_id: &dyn Fn(&str) -> Result<Uuid, DemoError>,
    now: DateTime<Utc>,
) -> Result<usize, DemoError> {
    let organiser = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(organisation::OrganisationKind::Organiser))
        .one(txn)
        .await?;
    let Some(organiser) = organiser else { return Ok(0) };
    let tz = crate::i18n::DEFAULT_TIME_ZONE;
    for e in events {
        let starts_on = (now + Duration::days(e.starts_in_days)).with_timezone(&tz).date_naive();
        let ends_on = starts_on + Duration::days(e.days.max(1) - 1);
        let (day_start, day_end) = (time("day_start", &e.day_start)?, time("day_end", &e.day_end)?);
        let breaks = e
            .breaks
            .iter()
            .map(|b| {
                let (start, end) = b.split_once('-').ok_or(DemoError::Invalid { field: "breaks", value: b.clone() })?;
                Ok(Break { start: time("breaks", start)?, end: time("breaks", end)? })
            })
            .collect::<Result<Vec<_>, DemoError>>()?;
        let slots = make_slots(tz, starts_on, ends_on, day_start, day_end, e.slot_minutes, &breaks);
        let Some(first) = slots.first() else { continue };
        let event = matching_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            organiser_organisation_id: Set(organiser.id),
            title_ja: Set(e.title_ja.clone()),
            title_en: Set(e.title_en.clone()),
            description: Set(e.description.clone()),
            time_zone: Set(tz.name().to_owned()),
            starts_on: Set(starts_on),
            ends_on: Set(ends_on),
            slot_minutes: Set(e.slot_minutes),
            day_start_time: Set(e.day_start.clone()),
            day_end_time: Set(e.day_end.clone()),
            breaks: Set(serde_json::Value::Array(breaks.iter().map(|b| b.to_json()).collect())),
            tables: Set(e.tables),
            online: Set(e.online),
            booking_opens_at: Set(now - Duration::days(1)),
            booking_closes_at: Set(first.starts_at - Duration::days(2)),
            participation: Set(Participation::Open),
            who_meets_who: Set(WhoMeetsWho::VendorUserCompany.to_json()),
            request_limit: Set(e.request_limit),
            status: Set(MatchingEventStatus::Booking),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        for (position, slot) in slots.iter().enumerate() {
            event_slot::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(event.id),
                starts_at: Set(slot.starts_at),
                ends_at: Set(slot.ends_at),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            }
            .insert(txn)
            .await?;
        }
        let mut participant_of = std::collections::HashMap::new();
        for key in &e.participants {
            let org = organisation::Entity::find_by_id(org_id(key)?).one(txn).await?;
            let Some(org) = org else { continue };
            let role = match org.kind {
                organisation::OrganisationKind::Vendor => ParticipantRole::Vendor,
                organisation::OrganisationKind::UserCompany => ParticipantRole::UserCompany,
                _ => return Err(DemoError::Invalid { field: "participants", value: key.clone() }),
            };
            let contact = membership::Entity::find()
                .filter(membership::Column::OrganisationId.eq(org.id))
                .order_by_asc(membership::Column::CreatedAt)
                .one(txn)
                .await?;
            let participant = event_participant::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(event.id),
                organisation_id: Set(org.id),
                user_id: Set(contact.map(|m| m.user_id)),
                role: Set(role),
                status: Set(ParticipantStatus::Registered),
                video_url: Set(None),
                created_at: Set(now),
            }
            .insert(txn)
            .await?;
            participant_of.insert(key.as_str(), participant.id);
        }
        for r in &e.requests {
            let find = |key: &str| {
                participant_of
                    .get(key)
                    .copied()
                    .ok_or_else(|| DemoError::UnknownKey { what: "participant", key: key.to_owned() })
            };
            let state: MeetingRequestState = serde_json::from_value(serde_json::Value::String(r.state.clone()))
                .map_err(|_| DemoError::Invalid { field: "request state", value: r.state.clone() })?;
            meeting_request::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(event.id),
                from_participant_id: Set(find(&r.from)?),
                to_participant_id: Set(find(&r.to)?),
                message: Set(r.message.clone()),
                must_meet: Set(false),
                state: Set(state),
                created_at: Set(now),
                responded_at: Set((state != MeetingRequestState::Pending).then_some(now)),
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(events.len())
}
