//! The `match_transition` table. One state change of a need-product match: from what, to what, by
//! which side and person, when. The funnel counts how far each match got from these rows.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::need_match::MatchState;

/// Who moved a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum TransitionSide {
    /// A member of the user company that posted the need.
    #[sea_orm(string_value = "user")]
    User,
    /// A member of the vendor of the product.
    #[sea_orm(string_value = "vendor")]
    Vendor,
    /// A member of the organiser.
    #[sea_orm(string_value = "organiser")]
    Organiser,
    /// The matching engine or a timer.
    #[sea_orm(string_value = "system")]
    System,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "match_transition")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(indexed)]
    pub match_id: Uuid,
    /// `None` for the row that records the match being proposed.
    pub from_state: Option<MatchState>,
    pub to_state: MatchState,
    pub side: TransitionSide,
    pub actor_user_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::need_match::Entity",
        from = "Column::MatchId",
        to = "super::need_match::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_match_transition_match_id"
    )]
    NeedMatch,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::ActorUserId",
        to = "super::app_user::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_match_transition_actor_user_id"
    )]
    ActorUser,
}

impl Related<super::need_match::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NeedMatch.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
