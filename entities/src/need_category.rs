//! The `need_category` table. The categories a need asks for (many-to-many).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "need_category")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub need_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(32))")]
    pub category_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::need::Entity",
        from = "Column::NeedId",
        to = "super::need::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_need_category_need_id"
    )]
    Need,
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryCode",
        to = "super::category::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_need_category_category_code"
    )]
    Category,
}

impl Related<super::need::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Need.def()
    }
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
