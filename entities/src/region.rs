//! The `region` table. A region of Japan (地方), used to group prefectures and to scope regional
//! working groups. Reference data: natural key `code`, seeded by migration and never edited by the
//! application.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "region")]
pub struct Model {
    /// Stable code, e.g. `kanto`, `kyushu_okinawa`.
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
    #[sea_orm(has_many = "super::prefecture::Entity")]
    Prefecture,
    #[sea_orm(has_many = "super::working_group::Entity")]
    WorkingGroup,
}

impl Related<super::prefecture::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Prefecture.def()
    }
}

impl Related<super::working_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroup.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
