//! The `organisation` table. A company or body taking part: a vendor, a user company, the organiser
//! (事務局) or a verifier.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What part an organisation plays on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// ベンダー: lists products and answers leads.
    #[sea_orm(string_value = "vendor")]
    Vendor,
    /// ユーザ企業: posts needs.
    #[sea_orm(string_value = "user_company")]
    UserCompany,
    /// 事務局: runs working groups and events, records verifications.
    #[sea_orm(string_value = "organiser")]
    Organiser,
    /// 検証事業者: records verification results.
    #[sea_orm(string_value = "verifier")]
    Verifier,
}

/// Whether an organisation may act on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum OrganisationStatus {
    /// Registered, waiting for the organiser's approval.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Approved.
    #[sea_orm(string_value = "active")]
    Active,
    /// Blocked by the organiser.
    #[sea_orm(string_value = "suspended")]
    Suspended,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(indexed)]
    pub kind: OrganisationKind,
    pub status: OrganisationStatus,
    /// Name as the organisation writes it (usually Japanese).
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub name: String,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub name_en: Option<String>,
    /// Prefecture of the head office.
    pub prefecture_code: Option<i16>,
    #[sea_orm(column_type = "String(StringLen::N(32))")]
    pub industry_code: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(32))")]
    pub size_band_code: Option<String>,
    pub employees: Option<i32>,
    #[sea_orm(column_type = "String(StringLen::N(2048))")]
    pub website: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::prefecture::Entity",
        from = "Column::PrefectureCode",
        to = "super::prefecture::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_organisation_prefecture_code"
    )]
    Prefecture,
    #[sea_orm(
        belongs_to = "super::industry::Entity",
        from = "Column::IndustryCode",
        to = "super::industry::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_organisation_industry_code"
    )]
    Industry,
    #[sea_orm(
        belongs_to = "super::company_size_band::Entity",
        from = "Column::SizeBandCode",
        to = "super::company_size_band::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_organisation_size_band_code"
    )]
    CompanySizeBand,
    #[sea_orm(has_many = "super::membership::Entity")]
    Membership,
    #[sea_orm(has_many = "super::product::Entity")]
    Product,
    #[sea_orm(has_many = "super::verification::Entity")]
    Verification,
    #[sea_orm(has_many = "super::need::Entity")]
    Need,
    #[sea_orm(has_many = "super::case_study::Entity")]
    CaseStudy,
    #[sea_orm(has_many = "super::matching_event::Entity")]
    MatchingEvent,
    #[sea_orm(has_many = "super::event_participant::Entity")]
    EventParticipant,
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

impl Related<super::company_size_band::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompanySizeBand.def()
    }
}

impl Related<super::membership::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Membership.def()
    }
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::verification::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Verification.def()
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

impl Related<super::matching_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MatchingEvent.def()
    }
}

impl Related<super::event_participant::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EventParticipant.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
