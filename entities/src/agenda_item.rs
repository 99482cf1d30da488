//! The `agenda_item` table. An item on a session's agenda, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "agenda_item")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "agenda_item_session_id_position")]
    pub session_id: Uuid,
    /// Order in the agenda, unique within the session.
    #[sea_orm(unique_key = "agenda_item_session_id_position")]
    pub position: i32,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title_ja: String,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title_en: Option<String>,
    pub planned_minutes: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::wg_session::Entity",
        from = "Column::SessionId",
        to = "super::wg_session::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_agenda_item_session_id"
    )]
    WgSession,
}

impl Related<super::wg_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WgSession.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
