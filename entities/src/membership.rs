//! The `membership` table. A user's membership of an organisation, with a role.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A user's role inside an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum MembershipRole {
    /// Full control, including members.
    #[sea_orm(string_value = "owner")]
    Owner,
    /// Manages the organisation's content.
    #[sea_orm(string_value = "admin")]
    Admin,
    /// Acts for the organisation.
    #[sea_orm(string_value = "member")]
    Member,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "membership")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "membership_organisation_id_user_id")]
    pub organisation_id: Uuid,
    #[sea_orm(unique_key = "membership_organisation_id_user_id", indexed)]
    pub user_id: Uuid,
    pub role: MembershipRole,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_membership_organisation_id"
    )]
    Organisation,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_membership_user_id"
    )]
    AppUser,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
