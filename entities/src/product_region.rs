//! The `product_region` table. The prefectures a product serves (regions served, expanded to
//! prefectures). Empty when the product is nationwide.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "product_region")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub prefecture_code: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_product_region_product_id"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::prefecture::Entity",
        from = "Column::PrefectureCode",
        to = "super::prefecture::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_product_region_prefecture_code"
    )]
    Prefecture,
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::prefecture::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Prefecture.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
