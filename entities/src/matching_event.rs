//! The `matching_event` table. A business-matching event (商談会): days cut into slots, tables, a
//! booking window in which participants request meetings, then a published schedule.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Who may take part in a matching event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Participation {
    /// Anyone eligible may register.
    #[sea_orm(string_value = "open")]
    Open,
    /// Only invited organisations.
    #[sea_orm(string_value = "invitation")]
    Invitation,
}

/// Where a matching event is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum MatchingEventStatus {
    /// Being prepared.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Participants send meeting requests.
    #[sea_orm(string_value = "booking")]
    Booking,
    /// Requests closed; the schedule is being made.
    #[sea_orm(string_value = "scheduling")]
    Scheduling,
    /// The schedule is out.
    #[sea_orm(string_value = "published")]
    Published,
    /// Over.
    #[sea_orm(string_value = "closed")]
    Closed,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "matching_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organiser_organisation_id: Uuid,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title_ja: String,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(64))", default_value = "Asia/Tokyo")]
    pub time_zone: String,
    #[sea_orm(indexed)]
    pub starts_on: Date,
    pub ends_on: Date,
    pub slot_minutes: i16,
    /// Local start of each day, `HH:MM` (e.g. `10:00`).
    #[sea_orm(column_type = "String(StringLen::N(5))")]
    pub day_start_time: String,
    /// Local end of each day, `HH:MM` (e.g. `17:00`).
    #[sea_orm(column_type = "String(StringLen::N(5))")]
    pub day_end_time: String,
    /// Breaks within each day, a list of `{"start": "12:00", "end": "13:00"}`.
    pub breaks: Json,
    /// How many meetings can run at once.
    pub tables: i32,
    #[sea_orm(default_value = false)]
    pub online: bool,
    pub booking_opens_at: DateTimeUtc,
    pub booking_closes_at: DateTimeUtc,
    pub participation: Participation,
    /// Which roles may request meetings with which, e.g. `{"user_company": ["vendor"]}`.
    pub who_meets_who: Json,
    /// Most requests one participant may send, if limited.
    pub request_limit: Option<i32>,
    pub status: MatchingEventStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganiserOrganisationId",
        to = "super::organisation::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_matching_event_organiser_organisation_id"
    )]
    OrganiserOrganisation,
    #[sea_orm(has_many = "super::event_participant::Entity")]
    EventParticipant,
    #[sea_orm(has_many = "super::event_slot::Entity")]
    EventSlot,
    #[sea_orm(has_many = "super::meeting_request::Entity")]
    MeetingRequest,
    #[sea_orm(has_many = "super::meeting::Entity")]
    Meeting,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrganiserOrganisation.def()
    }
}

impl Related<super::event_participant::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EventParticipant.def()
    }
}

impl Related<super::event_slot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EventSlot.def()
    }
}

impl Related<super::meeting_request::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingRequest.def()
    }
}

impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meeting.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
