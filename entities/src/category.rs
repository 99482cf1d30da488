//! The `category` table. A product or service category. Reference data: the important fields
//! (重要分野), the categories small firms search by, and the registered service kinds.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Which list a category belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum CategoryGroup {
    /// 重要分野: the important product fields of the verification programme.
    #[sea_orm(string_value = "important_field")]
    ImportantField,
    /// Categories small firms search by (UTM, EDR, ...).
    #[sea_orm(string_value = "small_firm")]
    SmallFirm,
    /// Services rather than products (お助け隊, audit, diagnosis, ...).
    #[sea_orm(string_value = "service")]
    Service,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "category")]
pub struct Model {
    /// Stable code, e.g. `utm`, `threat_visualisation`.
    #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(32))")]
    pub code: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name_ja: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name_en: String,
    pub group: CategoryGroup,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::product_category::Entity")]
    ProductCategory,
    #[sea_orm(has_many = "super::need_category::Entity")]
    NeedCategory,
}

impl Related<super::product_category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductCategory.def()
    }
}

impl Related<super::need_category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NeedCategory.def()
    }
}

/// Many-to-many through `product_category`.
impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        super::product_category::Relation::Product.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::product_category::Relation::Category.def().rev())
    }
}

/// Many-to-many through `need_category`.
impl Related<super::need::Entity> for Entity {
    fn to() -> RelationDef {
        super::need_category::Relation::Need.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::need_category::Relation::Category.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
