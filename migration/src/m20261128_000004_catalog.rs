//! Catalog: products, their categories, sizes and regions, their history and verifications.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000001_reference_tables::{Category, CompanySizeBand, Prefecture};
use super::m20261128_000003_identity::{AppUser, Organisation};

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(product()).await?;
        manager
            .create_index(
                Index::create().name("idx_product_status").table(Product::Table).col(Product::Status).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_product_organisation_id")
                    .table(Product::Table)
                    .col(Product::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(product_category()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_product_category_category_code")
                    .table(ProductCategory::Table)
                    .col(ProductCategory::CategoryCode)
                    .to_owned(),
            )
            .await?;
        manager.create_table(product_size_band()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_product_size_band_size_band_code")
                    .table(ProductSizeBand::Table)
                    .col(ProductSizeBand::SizeBandCode)
                    .to_owned(),
            )
            .await?;
        manager.create_table(product_region()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_product_region_prefecture_code")
                    .table(ProductRegion::Table)
                    .col(ProductRegion::PrefectureCode)
                    .to_owned(),
            )
            .await?;
        manager.create_table(product_history()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_product_history_product_id_at")
                    .table(ProductHistory::Table)
                    .col(ProductHistory::ProductId)
                    .col(ProductHistory::At)
                    .to_owned(),
            )
            .await?;
        manager.create_table(verification()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_verification_product_id")
                    .table(Verification::Table)
                    .col(Verification::ProductId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_verification_valid_until")
                    .table(Verification::Table)
                    .col(Verification::ValidUntil)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_verification_verifier_organisation_id")
                    .table(Verification::Table)
                    .col(Verification::VerifierOrganisationId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Verification::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ProductHistory::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ProductRegion::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ProductSizeBand::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ProductCategory::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Product::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `product` table.
fn product() -> TableCreateStatement {
    Table::create()
        .table(Product::Table)
        .col(pk_uuid(Product::Id))
        .col(uuid(Product::OrganisationId))
        .col(string_len(Product::Name, 200))
        .col(text(Product::DescriptionJa))
        .col(text_null(Product::DescriptionEn))
        .col(text(Product::StrongPointsJa))
        .col(text_null(Product::StrongPointsEn))
        .col(big_integer(Product::InitialYen).check(("ck_product_initial_yen", Expr::col(Product::InitialYen).gte(0))))
        .col(big_integer(Product::MonthlyYen).check(("ck_product_monthly_yen", Expr::col(Product::MonthlyYen).gte(0))))
        .col(
            big_integer(Product::PerDeviceMonthlyYen)
                .check(("ck_product_per_device_monthly_yen", Expr::col(Product::PerDeviceMonthlyYen).gte(0))),
        )
        .col(string_len(Product::Deployment, ENUM_LEN))
        .col(boolean(Product::Nationwide).default(false))
        .col(string_len(Product::SupportLanguages, 64).default("ja"))
        .col(string_len_null(Product::Website, 2048))
        .col(
            small_integer_null(Product::EaseOfIntroduction)
                .check(("ck_product_ease_of_introduction", Expr::col(Product::EaseOfIntroduction).between(1, 5))),
        )
        .col(
            small_integer_null(Product::EaseOfOperation)
                .check(("ck_product_ease_of_operation", Expr::col(Product::EaseOfOperation).between(1, 5))),
        )
        .col(string_len(Product::Status, ENUM_LEN))
        .col(timestamp_with_time_zone(Product::CreatedAt))
        .col(timestamp_with_time_zone(Product::UpdatedAt))
        .col(timestamp_with_time_zone_null(Product::PublishedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_organisation_id")
                .from(Product::Table, Product::OrganisationId)
                .to(Organisation::Table, Organisation::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `product_category` table.
fn product_category() -> TableCreateStatement {
    Table::create()
        .table(ProductCategory::Table)
        .col(uuid(ProductCategory::ProductId))
        .col(string_len(ProductCategory::CategoryCode, 32))
        .primary_key(
            Index::create()
                .name("pk_product_category")
                .col(ProductCategory::ProductId)
                .col(ProductCategory::CategoryCode),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_category_product_id")
                .from(ProductCategory::Table, ProductCategory::ProductId)
                .to(Product::Table, Product::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_category_category_code")
                .from(ProductCategory::Table, ProductCategory::CategoryCode)
                .to(Category::Table, Category::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `product_size_band` table.
fn product_size_band() -> TableCreateStatement {
    Table::create()
        .table(ProductSizeBand::Table)
        .col(uuid(ProductSizeBand::ProductId))
        .col(string_len(ProductSizeBand::SizeBandCode, 32))
        .primary_key(
            Index::create()
                .name("pk_product_size_band")
                .col(ProductSizeBand::ProductId)
                .col(ProductSizeBand::SizeBandCode),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_size_band_product_id")
                .from(ProductSizeBand::Table, ProductSizeBand::ProductId)
                .to(Product::Table, Product::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_size_band_size_band_code")
                .from(ProductSizeBand::Table, ProductSizeBand::SizeBandCode)
                .to(CompanySizeBand::Table, CompanySizeBand::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `product_region` table.
fn product_region() -> TableCreateStatement {
    Table::create()
        .table(ProductRegion::Table)
        .col(uuid(ProductRegion::ProductId))
        .col(small_integer(ProductRegion::PrefectureCode))
        .primary_key(
            Index::create().name("pk_product_region").col(ProductRegion::ProductId).col(ProductRegion::PrefectureCode),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_region_product_id")
                .from(ProductRegion::Table, ProductRegion::ProductId)
                .to(Product::Table, Product::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_region_prefecture_code")
                .from(ProductRegion::Table, ProductRegion::PrefectureCode)
                .to(Prefecture::Table, Prefecture::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `product_history` table.
fn product_history() -> TableCreateStatement {
    Table::create()
        .table(ProductHistory::Table)
        .col(pk_uuid(ProductHistory::Id))
        .col(uuid(ProductHistory::ProductId))
        .col(uuid_null(ProductHistory::ActorUserId))
        .col(string_len(ProductHistory::Action, 64))
        .col(json(ProductHistory::Snapshot))
        .col(timestamp_with_time_zone(ProductHistory::At))
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_history_product_id")
                .from(ProductHistory::Table, ProductHistory::ProductId)
                .to(Product::Table, Product::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_product_history_actor_user_id")
                .from(ProductHistory::Table, ProductHistory::ActorUserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

/// The `verification` table.
fn verification() -> TableCreateStatement {
    Table::create()
        .table(Verification::Table)
        .col(pk_uuid(Verification::Id))
        .col(uuid(Verification::ProductId))
        .col(string_len(Verification::Level, ENUM_LEN))
        .col(uuid(Verification::VerifierOrganisationId))
        .col(date(Verification::VerifiedOn))
        .col(date(Verification::ValidUntil))
        .col(text(Verification::SummaryJa))
        .col(text_null(Verification::SummaryEn))
        .col(string_len_null(Verification::EvidenceUrl, 2048))
        .col(small_integer_null(Verification::FiscalYear))
        .col(string_len(Verification::Status, ENUM_LEN))
        .col(text_null(Verification::AmendedReason))
        .col(text_null(Verification::WithdrawnReason))
        .col(uuid_null(Verification::RecordedByUserId))
        .col(timestamp_with_time_zone(Verification::CreatedAt))
        .col(timestamp_with_time_zone(Verification::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_verification_product_id")
                .from(Verification::Table, Verification::ProductId)
                .to(Product::Table, Product::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_verification_verifier_organisation_id")
                .from(Verification::Table, Verification::VerifierOrganisationId)
                .to(Organisation::Table, Organisation::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_verification_recorded_by_user_id")
                .from(Verification::Table, Verification::RecordedByUserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum Product {
    Table,
    Id,
    OrganisationId,
    Name,
    DescriptionJa,
    DescriptionEn,
    StrongPointsJa,
    StrongPointsEn,
    InitialYen,
    MonthlyYen,
    PerDeviceMonthlyYen,
    Deployment,
    Nationwide,
    SupportLanguages,
    Website,
    EaseOfIntroduction,
    EaseOfOperation,
    Status,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
pub enum ProductCategory {
    Table,
    ProductId,
    CategoryCode,
}

#[derive(DeriveIden)]
pub enum ProductSizeBand {
    Table,
    ProductId,
    SizeBandCode,
}

#[derive(DeriveIden)]
pub enum ProductRegion {
    Table,
    ProductId,
    PrefectureCode,
}

#[derive(DeriveIden)]
pub enum ProductHistory {
    Table,
    Id,
    ProductId,
    ActorUserId,
    Action,
    Snapshot,
    At,
}

#[derive(DeriveIden)]
pub enum Verification {
    Table,
    Id,
    ProductId,
    Level,
    VerifierOrganisationId,
    VerifiedOn,
    ValidUntil,
    SummaryJa,
    SummaryEn,
    EvidenceUrl,
    FiscalYear,
    Status,
    AmendedReason,
    WithdrawnReason,
    RecordedByUserId,
    CreatedAt,
    UpdatedAt,
}
