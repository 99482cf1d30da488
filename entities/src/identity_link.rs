//! The `identity_link` table. Links a user to an external OpenID Connect / OAuth2 identity
//! (provider + subject).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "identity_link")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(indexed)]
    pub user_id: Uuid,
    /// Provider name from configuration, e.g. `google`.
    #[sea_orm(column_type = "String(StringLen::N(64))", unique_key = "identity_link_provider_subject")]
    pub provider: String,
    /// The provider's stable subject (`sub`) for this user.
    #[sea_orm(column_type = "String(StringLen::N(255))", unique_key = "identity_link_provider_subject")]
    pub subject: String,
    /// The address the provider reported, for information.
    #[sea_orm(column_type = "String(StringLen::N(320))")]
    pub email: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_identity_link_user_id"
    )]
    AppUser,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
