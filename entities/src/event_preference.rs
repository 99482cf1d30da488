//! The `event_preference` table. One participant's wish about another participant of the same
//! matching event: meet them for sure, or not at all.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a participant wants of a counterpart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum PreferenceKind {
    /// Place a meeting with them first.
    #[sea_orm(string_value = "must_meet")]
    MustMeet,
    /// Do not recommend them, and refuse their requests.
    #[sea_orm(string_value = "no_thanks")]
    NoThanks,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "event_preference")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub participant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, indexed)]
    pub counterpart_id: Uuid,
    pub kind: PreferenceKind,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::event_participant::Entity",
        from = "Column::ParticipantId",
        to = "super::event_participant::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_event_preference_participant_id"
    )]
    Participant,
    #[sea_orm(
        belongs_to = "super::event_participant::Entity",
        from = "Column::CounterpartId",
        to = "super::event_participant::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_event_preference_counterpart_id"
    )]
    Counterpart,
}

impl ActiveModelBehavior for ActiveModel {}
