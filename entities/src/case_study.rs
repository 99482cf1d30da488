//! The `case_study` table. A published adoption case (導入事例): a user company adopted a product.
//! Public only with the user company's approval.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an adoption case study (導入事例) is in its approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum CaseStudyStatus {
    /// Being written.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Waiting for the user company's consent.
    #[sea_orm(string_value = "awaiting_approval")]
    AwaitingApproval,
    /// Consented by the user company, not yet public.
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Public.
    #[sea_orm(string_value = "published")]
    Published,
    /// Taken down.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "case_study")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The match that led to the adoption, if it came through the platform.
    pub match_id: Option<Uuid>,
    #[sea_orm(indexed)]
    pub product_id: Uuid,
    /// The user company that adopted the product.
    #[sea_orm(indexed)]
    pub user_organisation_id: Uuid,
    #[sea_orm(column_type = "String(StringLen::N(32))")]
    pub industry_code: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title_ja: String,
    #[sea_orm(column_type = "Text")]
    pub body_ja: String,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body_en: Option<String>,
    pub status: CaseStudyStatus,
    /// The user-company member who approved publication.
    pub approved_by_user_id: Option<Uuid>,
    pub approved_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::need_match::Entity",
        from = "Column::MatchId",
        to = "super::need_match::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_case_study_match_id"
    )]
    NeedMatch,
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_case_study_product_id"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::UserOrganisationId",
        to = "super::organisation::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_case_study_user_organisation_id"
    )]
    UserOrganisation,
    #[sea_orm(
        belongs_to = "super::industry::Entity",
        from = "Column::IndustryCode",
        to = "super::industry::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_case_study_industry_code"
    )]
    Industry,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::ApprovedByUserId",
        to = "super::app_user::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_case_study_approved_by_user_id"
    )]
    ApprovedByUser,
}

impl Related<super::need_match::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NeedMatch.def()
    }
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserOrganisation.def()
    }
}

impl Related<super::industry::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Industry.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApprovedByUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
