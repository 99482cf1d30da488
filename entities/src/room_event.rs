//! The `room_event` table. A durable event in a realtime room (chat, hand raised, agenda item,
//! poll, moderation), with its per-room sequence number. The store is the source of truth for
//! reconnects.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "room_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// e.g. `session:<uuid>` or `session:<uuid>:group:2`.
    #[sea_orm(column_type = "String(StringLen::N(128))", unique_key = "room_event_room_id_seq")]
    pub room_id: String,
    /// Per-room sequence number, from 1, without gaps.
    #[sea_orm(unique_key = "room_event_room_id_seq")]
    pub seq: i64,
    /// Event kind, e.g. `chat`, `hand_raised`, `poll_opened`.
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub kind: String,
    pub payload: Json,
    pub author_user_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::AuthorUserId",
        to = "super::app_user::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_room_event_author_user_id"
    )]
    AuthorUser,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AuthorUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
