//! The `working_group_member` table. A user's membership of a working group.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A member's role in a working group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum WorkingGroupRole {
    /// Runs the group's sessions.
    #[sea_orm(string_value = "moderator")]
    Moderator,
    /// Takes part.
    #[sea_orm(string_value = "member")]
    Member,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "working_group_member")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "working_group_member_working_group_id_user_id")]
    pub working_group_id: Uuid,
    #[sea_orm(unique_key = "working_group_member_working_group_id_user_id", indexed)]
    pub user_id: Uuid,
    pub role: WorkingGroupRole,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::working_group::Entity",
        from = "Column::WorkingGroupId",
        to = "super::working_group::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_working_group_member_working_group_id"
    )]
    WorkingGroup,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_working_group_member_user_id"
    )]
    AppUser,
}

impl Related<super::working_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroup.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
