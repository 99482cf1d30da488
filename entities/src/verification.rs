//! The `verification` table. A verification result for a product, recorded by the organiser or a
//! verifier (never by the vendor itself). Matching uses green and blue results that are active and
//! not past `valid_until`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The colour of a verification result (Proven in Japan 検証基盤).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum VerificationLevel {
    /// 緑検証 (有効性検証): function checked by experts in a verification environment.
    #[sea_orm(string_value = "green")]
    Green,
    /// 青検証 (実環境における試行検証): trialled by a user company in its real environment.
    #[sea_orm(string_value = "blue")]
    Blue,
    /// 赤検証 (ハイレベル検証): high-level verification including attack testing.
    #[sea_orm(string_value = "red")]
    Red,
    /// 開発段階検証: checked during development (security by design).
    #[sea_orm(string_value = "dev")]
    Dev,
}

/// Whether a verification result stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    /// Stands (until `valid_until`).
    #[sea_orm(string_value = "active")]
    Active,
    /// Withdrawn; see `withdrawn_reason`.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "verification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(indexed)]
    pub product_id: Uuid,
    pub level: VerificationLevel,
    /// The organisation that verified (organiser or verifier).
    #[sea_orm(indexed)]
    pub verifier_organisation_id: Uuid,
    pub verified_on: Date,
    #[sea_orm(indexed)]
    pub valid_until: Date,
    #[sea_orm(column_type = "Text")]
    pub summary_ja: String,
    #[sea_orm(column_type = "Text")]
    pub summary_en: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(2048))")]
    pub evidence_url: Option<String>,
    /// Japanese fiscal year of the programme, e.g. 2021 for FY2021.
    pub fiscal_year: Option<i16>,
    pub status: VerificationStatus,
    /// Why the record was last corrected, if it was.
    #[sea_orm(column_type = "Text")]
    pub amended_reason: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub withdrawn_reason: Option<String>,
    pub recorded_by_user_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_verification_product_id"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::VerifierOrganisationId",
        to = "super::organisation::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_verification_verifier_organisation_id"
    )]
    VerifierOrganisation,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::RecordedByUserId",
        to = "super::app_user::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_verification_recorded_by_user_id"
    )]
    RecordedByUser,
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VerifierOrganisation.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RecordedByUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
