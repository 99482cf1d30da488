//! The `need_match` table. A match between a need and a product, with its score, the reasons shown
//! to people, and its state in the funnel. Named `need_match` because `match` is an SQL keyword.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a need-product match is in the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum MatchState {
    /// Found by the matching engine.
    #[sea_orm(string_value = "proposed")]
    Proposed,
    /// One side said it is interested.
    #[sea_orm(string_value = "interested")]
    Interested,
    /// Both sides interested: contacts revealed.
    #[sea_orm(string_value = "introduced")]
    Introduced,
    /// A business meeting (商談) is arranged or held.
    #[sea_orm(string_value = "meeting")]
    Meeting,
    /// The user company is trialling the product.
    #[sea_orm(string_value = "trial")]
    Trial,
    /// Adopted (導入).
    #[sea_orm(string_value = "adopted")]
    Adopted,
    /// One side declined.
    #[sea_orm(string_value = "declined")]
    Declined,
    /// Nothing happened in time.
    #[sea_orm(string_value = "expired")]
    Expired,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "need_match")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "need_match_need_id_product_id")]
    pub need_id: Uuid,
    #[sea_orm(unique_key = "need_match_need_id_product_id", indexed)]
    pub product_id: Uuid,
    /// Fixed-point score; higher is better.
    pub score: i64,
    /// Why they match, as structured reasons shown to both sides.
    pub reasons: Json,
    #[sea_orm(indexed)]
    pub state: MatchState,
    pub user_interested_at: Option<DateTimeUtc>,
    pub vendor_interested_at: Option<DateTimeUtc>,
    pub introduced_at: Option<DateTimeUtc>,
    pub state_changed_at: DateTimeUtc,
    /// When the business meeting (商談) is planned, for the reminder the day before.
    pub meeting_at: Option<DateTimeUtc>,
    /// When the vendor was told about this lead in a digest; `None` until then.
    pub lead_mailed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::need::Entity",
        from = "Column::NeedId",
        to = "super::need::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_need_match_need_id"
    )]
    Need,
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_need_match_product_id"
    )]
    Product,
    #[sea_orm(has_many = "super::case_study::Entity")]
    CaseStudy,
    #[sea_orm(has_many = "super::match_transition::Entity")]
    MatchTransition,
}

impl Related<super::need::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Need.def()
    }
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::case_study::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CaseStudy.def()
    }
}

impl Related<super::match_transition::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MatchTransition.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
