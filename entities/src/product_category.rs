//! The `product_category` table. The categories a product belongs to (many-to-many).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "product_category")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(32))")]
    pub category_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_product_category_product_id"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryCode",
        to = "super::category::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_product_category_category_code"
    )]
    Category,
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
