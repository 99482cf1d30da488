//! The `product_history` table. An append-only history of a product listing: who did what, with a
//! snapshot of the listing.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "product_history")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub product_id: Uuid,
    pub actor_user_id: Option<Uuid>,
    /// What happened, e.g. `created`, `updated`, `published`, `archived`.
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub action: String,
    /// The product (with its categories, sizes, regions) after the action.
    pub snapshot: Json,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_product_history_product_id"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::ActorUserId",
        to = "super::app_user::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_product_history_actor_user_id"
    )]
    ActorUser,
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActorUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
