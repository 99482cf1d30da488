//! The `product` table. A security product or service listed by a vendor: description, strong
//! points (ストロングポイント), pricing in yen, and how easy it is for a small firm to introduce and run.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How a product is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Deployment {
    /// SaaS / cloud service.
    #[sea_orm(string_value = "cloud")]
    Cloud,
    /// Software installed on the customer's machines.
    #[sea_orm(string_value = "on_premises")]
    OnPremises,
    /// A hardware appliance.
    #[sea_orm(string_value = "appliance")]
    Appliance,
    /// A managed or professional service.
    #[sea_orm(string_value = "service")]
    Service,
}

/// Where a product listing is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// Being written; visible to its vendor only.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Listed and matchable.
    #[sea_orm(string_value = "published")]
    Published,
    /// No longer listed; kept for history.
    #[sea_orm(string_value = "archived")]
    Archived,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "product")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The vendor organisation.
    #[sea_orm(indexed)]
    pub organisation_id: Uuid,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description_ja: String,
    #[sea_orm(column_type = "Text")]
    pub description_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub strong_points_ja: String,
    #[sea_orm(column_type = "Text")]
    pub strong_points_en: Option<String>,
    /// Initial cost in yen, tax excluded.
    pub initial_yen: i64,
    /// Fixed monthly cost in yen, tax excluded.
    pub monthly_yen: i64,
    /// Monthly cost per device in yen, tax excluded.
    pub per_device_monthly_yen: i64,
    pub deployment: Deployment,
    /// Served everywhere in Japan; `product_region` lists prefectures otherwise.
    #[sea_orm(default_value = false)]
    pub nationwide: bool,
    /// Comma-separated locale codes, e.g. `ja,en`.
    #[sea_orm(column_type = "String(StringLen::N(64))", default_value = "ja")]
    pub support_languages: String,
    #[sea_orm(column_type = "String(StringLen::N(2048))")]
    pub website: Option<String>,
    /// 導入のし易さ, 1 (hard) to 5 (easy).
    pub ease_of_introduction: Option<i16>,
    /// 運用のし易さ, 1 (hard) to 5 (easy).
    pub ease_of_operation: Option<i16>,
    #[sea_orm(indexed)]
    pub status: ProductStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_product_organisation_id"
    )]
    Organisation,
    #[sea_orm(has_many = "super::product_category::Entity")]
    ProductCategory,
    #[sea_orm(has_many = "super::product_size_band::Entity")]
    ProductSizeBand,
    #[sea_orm(has_many = "super::product_region::Entity")]
    ProductRegion,
    #[sea_orm(has_many = "super::product_history::Entity")]
    ProductHistory,
    #[sea_orm(has_many = "super::verification::Entity")]
    Verification,
    #[sea_orm(has_many = "super::need_match::Entity")]
    NeedMatch,
    #[sea_orm(has_many = "super::case_study::Entity")]
    CaseStudy,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::product_category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductCategory.def()
    }
}

impl Related<super::product_size_band::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductSizeBand.def()
    }
}

impl Related<super::product_region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductRegion.def()
    }
}

impl Related<super::product_history::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductHistory.def()
    }
}

impl Related<super::verification::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Verification.def()
    }
}

impl Related<super::need_match::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NeedMatch.def()
    }
}

impl Related<super::case_study::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CaseStudy.def()
    }
}

/// Many-to-many through `product_category`.
impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        super::product_category::Relation::Category.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::product_category::Relation::Product.def().rev())
    }
}

/// Many-to-many through `product_size_band`.
impl Related<super::company_size_band::Entity> for Entity {
    fn to() -> RelationDef {
        super::product_size_band::Relation::CompanySizeBand.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::product_size_band::Relation::Product.def().rev())
    }
}

/// Many-to-many through `product_region`.
impl Related<super::prefecture::Entity> for Entity {
    fn to() -> RelationDef {
        super::product_region::Relation::Prefecture.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::product_region::Relation::Product.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
