//! The `product_size_band` table. The company sizes a product targets (many-to-many).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "product_size_band")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(32))")]
    pub size_band_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_product_size_band_product_id"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::company_size_band::Entity",
        from = "Column::SizeBandCode",
        to = "super::company_size_band::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_product_size_band_size_band_code"
    )]
    CompanySizeBand,
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::company_size_band::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompanySizeBand.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
