//! The `outbox` table. Outgoing mail, written in the same transaction as the change it reports and
//! sent later by a worker. The idempotency key makes each mail be enqueued once; the lease makes it
//! be sent once even with several workers.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::app_user::Locale;

/// Where an outgoing mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting to be sent (at `next_attempt_at`).
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Leased by a worker until `lease_until`.
    #[sea_orm(string_value = "sending")]
    Sending,
    /// Handed to the transport.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Gave up after too many attempts.
    #[sea_orm(string_value = "failed")]
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(column_type = "String(StringLen::N(255))", unique)]
    pub idempotency_key: String,
    /// RFC 5322 Message-ID used when sending.
    #[sea_orm(column_type = "String(StringLen::N(255))", unique)]
    pub message_id: String,
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub template: String,
    #[sea_orm(column_type = "String(StringLen::N(320))")]
    pub recipient_email: String,
    pub recipient_user_id: Option<Uuid>,
    pub locale: Locale,
    /// Values for the template.
    pub payload: Json,
    /// Sent even to users who unsubscribed (sign-in links, security notices).
    #[sea_orm(default_value = false)]
    pub essential: bool,
    pub state: OutboxState,
    #[sea_orm(default_value = 0)]
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    #[sea_orm(column_type = "String(StringLen::N(128))")]
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::RecipientUserId",
        to = "super::app_user::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_outbox_recipient_user_id"
    )]
    RecipientUser,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RecipientUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
