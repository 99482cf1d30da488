//! The `audit_log` table. An append-only log of security-relevant actions. Actor ids are plain
//! values, not foreign keys, so that the log outlives the users and organisations it names.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub actor_organisation_id: Option<Uuid>,
    /// What was done, e.g. `verification.recorded`.
    #[sea_orm(column_type = "String(StringLen::N(64))", indexed)]
    pub action: String,
    /// Kind of object acted on, e.g. `product`.
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub object_type: String,
    #[sea_orm(column_type = "String(StringLen::N(128))")]
    pub object_id: Option<String>,
    pub detail: Json,
    /// Client IP address, if the action came over HTTP.
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
