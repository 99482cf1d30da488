//! The `wg_session` table. A session of a working group: a time, a capacity, an agenda and a
//! realtime room. Named `wg_session` because `session` is an SQL keyword.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a working-group session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Planned.
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    /// The room is open.
    #[sea_orm(string_value = "live")]
    Live,
    /// Over.
    #[sea_orm(string_value = "ended")]
    Ended,
    /// Called off.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "wg_session")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub working_group_id: Uuid,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title_ja: String,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    #[sea_orm(indexed)]
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub capacity: i32,
    /// Registrations wait for a moderator's approval.
    #[sea_orm(default_value = false)]
    pub requires_approval: bool,
    pub status: SessionStatus,
    /// For sessions held before colapla recorded attendance (the FY2021 online sessions, say):
    /// the participant count the organiser reported. Attendance rows count otherwise.
    pub reported_participants: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub minutes_markdown: Option<String>,
    pub minutes_published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::working_group::Entity",
        from = "Column::WorkingGroupId",
        to = "super::working_group::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_wg_session_working_group_id"
    )]
    WorkingGroup,
    #[sea_orm(has_many = "super::agenda_item::Entity")]
    AgendaItem,
    #[sea_orm(has_many = "super::session_registration::Entity")]
    SessionRegistration,
}

impl Related<super::working_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroup.def()
    }
}

impl Related<super::agenda_item::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgendaItem.def()
    }
}

impl Related<super::session_registration::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SessionRegistration.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
