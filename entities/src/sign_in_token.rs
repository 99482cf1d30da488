//! The `sign_in_token` table. A single-use e-mail sign-in link: only the SHA-256 hash of its
//! token is stored; it expires after 15 minutes and is spent by its first use.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sign_in_token")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique, column_type = "String(StringLen::N(64))")]
    pub token_hash: String,
    /// Lower-case address the link was sent to.
    #[sea_orm(column_type = "String(StringLen::N(320))")]
    pub email: String,
    /// Local path to go to after signing in.
    #[sea_orm(column_type = "String(StringLen::N(2048))")]
    pub next: String,
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub requested_ip: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
