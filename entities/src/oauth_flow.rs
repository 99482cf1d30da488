//! The `oauth_flow` table. An OAuth / OpenID Connect sign-in in progress: keyed by the hash of
//! its single-use `state`, bound to the browser that started it, holding the PKCE verifier until
//! the provider calls back (ten minutes at most).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "oauth_flow")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(64))")]
    pub state_hash: String,
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub provider: String,
    /// SHA-256 of the random value in the browser's flow cookie.
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub browser_hash: String,
    #[sea_orm(column_type = "String(StringLen::N(128))")]
    pub pkce_verifier: String,
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub nonce: String,
    #[sea_orm(column_type = "String(StringLen::N(2048))")]
    pub next: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
