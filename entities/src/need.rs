//! The `need` table. A user company's need: what it worries about, in which categories, for how
//! many devices and what budget.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Who can see a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum NeedVisibility {
    /// Only the posting organisation (and matching, without revealing it).
    #[sea_orm(string_value = "private")]
    Private,
    /// Vendors see the need without the organisation's name.
    #[sea_orm(string_value = "anonymous")]
    Anonymous,
    /// Vendors see the need with the organisation's name.
    #[sea_orm(string_value = "named")]
    Named,
}

/// Whether a need is still sought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum NeedStatus {
    /// Matching and leads are live.
    #[sea_orm(string_value = "open")]
    Open,
    /// No longer sought.
    #[sea_orm(string_value = "closed")]
    Closed,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "need")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(indexed)]
    pub organisation_id: Uuid,
    pub created_by_user_id: Option<Uuid>,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// Comma-separated worry codes, e.g. `ransomware,telework`.
    #[sea_orm(column_type = "Text")]
    pub worries: String,
    pub budget_initial_yen: i64,
    pub budget_monthly_yen: i64,
    pub employees: i32,
    pub devices: i32,
    pub prefecture_code: i16,
    #[sea_orm(column_type = "String(StringLen::N(32))")]
    pub industry_code: Option<String>,
    /// Free keywords typed by the user, space- or comma-separated.
    #[sea_orm(column_type = "Text")]
    pub keywords: String,
    pub visibility: NeedVisibility,
    #[sea_orm(indexed)]
    pub status: NeedStatus,
    pub deadline: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_need_organisation_id"
    )]
    Organisation,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::CreatedByUserId",
        to = "super::app_user::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_need_created_by_user_id"
    )]
    CreatedByUser,
    #[sea_orm(
        belongs_to = "super::prefecture::Entity",
        from = "Column::PrefectureCode",
        to = "super::prefecture::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_need_prefecture_code"
    )]
    Prefecture,
    #[sea_orm(
        belongs_to = "super::industry::Entity",
        from = "Column::IndustryCode",
        to = "super::industry::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_need_industry_code"
    )]
    Industry,
    #[sea_orm(has_many = "super::need_category::Entity")]
    NeedCategory,
    #[sea_orm(has_many = "super::need_match::Entity")]
    NeedMatch,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatedByUser.def()
    }
}

impl Related<super::prefecture::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Prefecture.def()
    }
}

impl Related<super::industry::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Industry.def()
    }
}

impl Related<super::need_category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NeedCategory.def()
    }
}

impl Related<super::need_match::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NeedMatch.def()
    }
}

/// Many-to-many through `need_category`.
impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        super::need_category::Relation::Category.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::need_category::Relation::Need.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
