//! The `company_size_band` table. A band of company sizes by number of employees, used by products
//! (target sizes) and organisations. Reference data.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "company_size_band")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(32))")]
    pub code: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name_ja: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name_en: String,
    /// Smallest head count in the band, inclusive.
    pub min_employees: i32,
    /// Largest head count in the band, inclusive; `None` for the open top band.
    pub max_employees: Option<i32>,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::organisation::Entity")]
    Organisation,
    #[sea_orm(has_many = "super::product_size_band::Entity")]
    ProductSizeBand,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::product_size_band::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductSizeBand.def()
    }
}

/// Many-to-many through `product_size_band`.
impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        super::product_size_band::Relation::Product.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::product_size_band::Relation::CompanySizeBand.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
