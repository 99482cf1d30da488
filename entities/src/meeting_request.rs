//! The `meeting_request` table. One participant's request to meet another at a matching event.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a meeting request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum MeetingRequestState {
    /// Waiting for the other side.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Accepted; to be scheduled.
    #[sea_orm(string_value = "accepted")]
    Accepted,
    /// Declined by the other side.
    #[sea_orm(string_value = "declined")]
    Declined,
    /// Not answered in time.
    #[sea_orm(string_value = "expired")]
    Expired,
    /// Withdrawn by the sender.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meeting_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "meeting_request_event_id_from_participant_id_to_participant_id")]
    pub event_id: Uuid,
    #[sea_orm(unique_key = "meeting_request_event_id_from_participant_id_to_participant_id", indexed)]
    pub from_participant_id: Uuid,
    #[sea_orm(unique_key = "meeting_request_event_id_from_participant_id_to_participant_id", indexed)]
    pub to_participant_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub message: Option<String>,
    /// The sender marked this meeting as a must.
    #[sea_orm(default_value = false)]
    pub must_meet: bool,
    pub state: MeetingRequestState,
    pub created_at: DateTimeUtc,
    pub responded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::matching_event::Entity",
        from = "Column::EventId",
        to = "super::matching_event::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_meeting_request_event_id"
    )]
    MatchingEvent,
    #[sea_orm(
        belongs_to = "super::event_participant::Entity",
        from = "Column::FromParticipantId",
        to = "super::event_participant::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_meeting_request_from_participant_id"
    )]
    FromParticipant,
    #[sea_orm(
        belongs_to = "super::event_participant::Entity",
        from = "Column::ToParticipantId",
        to = "super::event_participant::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_meeting_request_to_participant_id"
    )]
    ToParticipant,
    #[sea_orm(has_many = "super::meeting::Entity")]
    Meeting,
}

impl Related<super::matching_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MatchingEvent.def()
    }
}

impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meeting.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
