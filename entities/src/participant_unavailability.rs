//! The `participant_unavailability` table. A slot in which a participant cannot meet
//! (many-to-many).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "participant_unavailability")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub participant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub slot_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::event_participant::Entity",
        from = "Column::ParticipantId",
        to = "super::event_participant::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_participant_unavailability_participant_id"
    )]
    EventParticipant,
    #[sea_orm(
        belongs_to = "super::event_slot::Entity",
        from = "Column::SlotId",
        to = "super::event_slot::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_participant_unavailability_slot_id"
    )]
    EventSlot,
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

impl ActiveModelBehavior for ActiveModel {}
