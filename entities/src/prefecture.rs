//! The `prefecture` table. One of the 47 prefectures, keyed by its JIS X 0401 code (1 北海道 .. 47
//! 沖縄県). Reference data.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "prefecture")]
pub struct Model {
    /// JIS X 0401 code, 1..47.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: i16,
    /// e.g. 東京都.
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name_ja: String,
    /// e.g. Tokyo.
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name_en: String,
    #[sea_orm(column_type = "String(StringLen::N(32))", indexed)]
    pub region_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionCode",
        to = "super::region::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_prefecture_region_code"
    )]
    Region,
    #[sea_orm(has_many = "super::organisation::Entity")]
    Organisation,
    #[sea_orm(has_many = "super::product_region::Entity")]
    ProductRegion,
    #[sea_orm(has_many = "super::need::Entity")]
    Need,
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::product_region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductRegion.def()
    }
}

impl Related<super::need::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Need.def()
    }
}

/// Many-to-many through `product_region`.
impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        super::product_region::Relation::Product.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::product_region::Relation::Prefecture.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
