//! The `mail_preference` table. A user's mail preferences. A missing row means the defaults (all
//! on).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "mail_preference")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// Mail about matches and leads.
    #[sea_orm(default_value = true)]
    pub leads: bool,
    /// Reminders of sessions, meetings and pending answers.
    #[sea_orm(default_value = true)]
    pub reminders: bool,
    /// Periodic digests.
    #[sea_orm(default_value = true)]
    pub digests: bool,
    /// Set when the user unsubscribed from all non-essential mail.
    pub unsubscribed_all_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_mail_preference_user_id"
    )]
    AppUser,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
