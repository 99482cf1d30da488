//! The `industry` table. An industry (業種) for organisations, needs and case studies. Reference
//! data.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "industry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(32))")]
    pub code: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name_ja: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub name_en: String,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::organisation::Entity")]
    Organisation,
    #[sea_orm(has_many = "super::need::Entity")]
    Need,
    #[sea_orm(has_many = "super::case_study::Entity")]
    CaseStudy,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::need::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Need.def()
    }
}

impl Related<super::case_study::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CaseStudy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
