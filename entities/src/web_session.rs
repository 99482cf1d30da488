//! The `web_session` table. A signed-in browser. The cookie carries a random token; only its
//! SHA-256 hash is stored, so a copy of the database cannot sign anyone in.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "web_session")]
pub struct Model {
    /// SHA-256 of the cookie token, lower-case hex.
    #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(64))")]
    pub id_hash: String,
    #[sea_orm(indexed)]
    pub user_id: Uuid,
    /// The token forms of this session must carry.
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub csrf_token: String,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    /// Signed out after this much idleness; moved forward as the session is used.
    pub idle_expires_at: DateTimeUtc,
    /// Signed out at the latest then, however active.
    pub absolute_expires_at: DateTimeUtc,
    /// `email` or `oauth:<provider>` or `demo`.
    #[sea_orm(column_type = "String(StringLen::N(32))")]
    pub signed_in_with: String,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub user_agent: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_web_session_user_id"
    )]
    AppUser,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
