//! The `event_slot` table. A time slot of a matching event, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "event_slot")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "event_slot_event_id_position")]
    pub event_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    /// Order within the event, unique within the event.
    #[sea_orm(unique_key = "event_slot_event_id_position")]
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::matching_event::Entity",
        from = "Column::EventId",
        to = "super::matching_event::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_event_slot_event_id"
    )]
    MatchingEvent,
    #[sea_orm(has_many = "super::participant_unavailability::Entity")]
    ParticipantUnavailability,
    #[sea_orm(has_many = "super::meeting::Entity")]
    Meeting,
}

impl Related<super::matching_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MatchingEvent.def()
    }
}

impl Related<super::participant_unavailability::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ParticipantUnavailability.def()
    }
}

impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meeting.def()
    }
}

/// Many-to-many through `participant_unavailability`.
impl Related<super::event_participant::Entity> for Entity {
    fn to() -> RelationDef {
        super::participant_unavailability::Relation::EventParticipant.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::participant_unavailability::Relation::EventSlot.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
