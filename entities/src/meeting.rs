//! The `meeting` table. A meeting placed in the schedule of a matching event for an accepted
//! request: a slot and a table.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a scheduled meeting is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    /// Placed by the scheduler, not yet published.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// On the published schedule.
    #[sea_orm(string_value = "published")]
    Published,
    /// Took place.
    #[sea_orm(string_value = "held")]
    Held,
    /// Called off.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// What came of a meeting, as reported afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum MeetingOutcome {
    /// No further contact.
    #[sea_orm(string_value = "no_contact")]
    NoContact,
    /// Talks continue (商談中).
    #[sea_orm(string_value = "negotiating")]
    Negotiating,
    /// An agreement was reached.
    #[sea_orm(string_value = "agreement")]
    Agreement,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meeting")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "meeting_event_id_slot_id_table_no")]
    pub event_id: Uuid,
    /// The accepted request; one meeting per request.
    #[sea_orm(unique)]
    pub request_id: Uuid,
    #[sea_orm(unique_key = "meeting_event_id_slot_id_table_no", indexed)]
    pub slot_id: Option<Uuid>,
    #[sea_orm(unique_key = "meeting_event_id_slot_id_table_no")]
    pub table_no: Option<i32>,
    #[sea_orm(column_type = "String(StringLen::N(2048))")]
    pub join_url: Option<String>,
    pub status: MeetingStatus,
    pub outcome: Option<MeetingOutcome>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::matching_event::Entity",
        from = "Column::EventId",
        to = "super::matching_event::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_meeting_event_id"
    )]
    MatchingEvent,
    #[sea_orm(
        belongs_to = "super::meeting_request::Entity",
        from = "Column::RequestId",
        to = "super::meeting_request::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_meeting_request_id"
    )]
    MeetingRequest,
    #[sea_orm(
        belongs_to = "super::event_slot::Entity",
        from = "Column::SlotId",
        to = "super::event_slot::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_meeting_slot_id"
    )]
    EventSlot,
}

impl Related<super::matching_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MatchingEvent.def()
    }
}

impl Related<super::meeting_request::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingRequest.def()
    }
}

impl Related<super::event_slot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EventSlot.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
