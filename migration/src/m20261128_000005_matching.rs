//! Matching: needs, their categories, need-product matches and adoption case studies.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000001_reference_tables::{Category, Industry, Prefecture};
use super::m20261128_000003_identity::{AppUser, Organisation};
use super::m20261128_000004_catalog::Product;

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(need()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_need_organisation_id")
                    .table(Need::Table)
                    .col(Need::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_need_status").table(Need::Table).col(Need::Status).to_owned())
            .await?;
        manager.create_table(need_category()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_need_category_category_code")
                    .table(NeedCategory::Table)
                    .col(NeedCategory::CategoryCode)
                    .to_owned(),
            )
            .await?;
        manager.create_table(need_match()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_need_match_product_id")
                    .table(NeedMatch::Table)
                    .col(NeedMatch::ProductId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_need_match_state").table(NeedMatch::Table).col(NeedMatch::State).to_owned(),
            )
            .await?;
        manager.create_table(case_study()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_study_product_id")
                    .table(CaseStudy::Table)
                    .col(CaseStudy::ProductId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_study_user_organisation_id")
                    .table(CaseStudy::Table)
                    .col(CaseStudy::UserOrganisationId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CaseStudy::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NeedMatch::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NeedCategory::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Need::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `need` table.
fn need() -> TableCreateStatement {
    Table::create()
        .table(Need::Table)
        .col(pk_uuid(Need::Id))
        .col(uuid(Need::OrganisationId))
        .col(uuid_null(Need::CreatedByUserId))
        .col(string_len(Need::Title, 200))
        .col(text(Need::Body))
        .col(text(Need::Worries))
        .col(
            big_integer(Need::BudgetInitialYen)
                .check(("ck_need_budget_initial_yen", Expr::col(Need::BudgetInitialYen).gte(0))),
        )
        .col(
            big_integer(Need::BudgetMonthlyYen)
                .check(("ck_need_budget_monthly_yen", Expr::col(Need::BudgetMonthlyYen).gte(0))),
        )
        .col(integer(Need::Employees).check(("ck_need_employees", Expr::col(Need::Employees).gte(0))))
        .col(integer(Need::Devices).check(("ck_need_devices", Expr::col(Need::Devices).gte(0))))
        .col(small_integer(Need::PrefectureCode))
        .col(string_len_null(Need::IndustryCode, 32))
        .col(text(Need::Keywords))
        .col(string_len(Need::Visibility, ENUM_LEN))
        .col(string_len(Need::Status, ENUM_LEN))
        .col(date_null(Need::Deadline))
        .col(timestamp_with_time_zone(Need::CreatedAt))
        .col(timestamp_with_time_zone(Need::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_need_organisation_id")
                .from(Need::Table, Need::OrganisationId)
                .to(Organisation::Table, Organisation::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_need_created_by_user_id")
                .from(Need::Table, Need::CreatedByUserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_need_prefecture_code")
                .from(Need::Table, Need::PrefectureCode)
                .to(Prefecture::Table, Prefecture::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_need_industry_code")
                .from(Need::Table, Need::IndustryCode)
                .to(Industry::Table, Industry::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `need_category` table.
fn need_category() -> TableCreateStatement {
    Table::create()
        .table(NeedCategory::Table)
        .col(uuid(NeedCategory::NeedId))
        .col(string_len(NeedCategory::CategoryCode, 32))
        .primary_key(Index::create().name("pk_need_category").col(NeedCategory::NeedId).col(NeedCategory::CategoryCode))
        .foreign_key(
            ForeignKey::create()
                .name("fk_need_category_need_id")
                .from(NeedCategory::Table, NeedCategory::NeedId)
                .to(Need::Table, Need::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_need_category_category_code")
                .from(NeedCategory::Table, NeedCategory::CategoryCode)
                .to(Category::Table, Category::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `need_match` table.
fn need_match() -> TableCreateStatement {
    Table::create()
        .table(NeedMatch::Table)
        .col(pk_uuid(NeedMatch::Id))
        .col(uuid(NeedMatch::NeedId))
        .col(uuid(NeedMatch::ProductId))
        .col(big_integer(NeedMatch::Score))
        .col(json(NeedMatch::Reasons))
        .col(string_len(NeedMatch::State, ENUM_LEN))
        .col(timestamp_with_time_zone_null(NeedMatch::UserInterestedAt))
        .col(timestamp_with_time_zone_null(NeedMatch::VendorInterestedAt))
        .col(timestamp_with_time_zone_null(NeedMatch::IntroducedAt))
        .col(timestamp_with_time_zone(NeedMatch::StateChangedAt))
        .col(timestamp_with_time_zone(NeedMatch::CreatedAt))
        .col(timestamp_with_time_zone(NeedMatch::UpdatedAt))
        .index(
            Index::create()
                .name("uq_need_match_need_id_product_id")
                .unique()
                .col(NeedMatch::NeedId)
                .col(NeedMatch::ProductId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_need_match_need_id")
                .from(NeedMatch::Table, NeedMatch::NeedId)
                .to(Need::Table, Need::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_need_match_product_id")
                .from(NeedMatch::Table, NeedMatch::ProductId)
                .to(Product::Table, Product::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `case_study` table.
fn case_study() -> TableCreateStatement {
    Table::create()
        .table(CaseStudy::Table)
        .col(pk_uuid(CaseStudy::Id))
        .col(uuid_null(CaseStudy::MatchId))
        .col(uuid(CaseStudy::ProductId))
        .col(uuid(CaseStudy::UserOrganisationId))
        .col(string_len_null(CaseStudy::IndustryCode, 32))
        .col(string_len(CaseStudy::TitleJa, 200))
        .col(text(CaseStudy::BodyJa))
        .col(string_len_null(CaseStudy::TitleEn, 200))
        .col(text_null(CaseStudy::BodyEn))
        .col(string_len(CaseStudy::Status, ENUM_LEN))
        .col(uuid_null(CaseStudy::ApprovedByUserId))
        .col(timestamp_with_time_zone_null(CaseStudy::ApprovedAt))
        .col(timestamp_with_time_zone_null(CaseStudy::PublishedAt))
        .col(timestamp_with_time_zone_null(CaseStudy::WithdrawnAt))
        .col(timestamp_with_time_zone(CaseStudy::CreatedAt))
        .col(timestamp_with_time_zone(CaseStudy::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_study_match_id")
                .from(CaseStudy::Table, CaseStudy::MatchId)
                .to(NeedMatch::Table, NeedMatch::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_study_product_id")
                .from(CaseStudy::Table, CaseStudy::ProductId)
                .to(Product::Table, Product::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_study_user_organisation_id")
                .from(CaseStudy::Table, CaseStudy::UserOrganisationId)
                .to(Organisation::Table, Organisation::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_study_industry_code")
                .from(CaseStudy::Table, CaseStudy::IndustryCode)
                .to(Industry::Table, Industry::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_study_approved_by_user_id")
                .from(CaseStudy::Table, CaseStudy::ApprovedByUserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum Need {
    Table,
    Id,
    OrganisationId,
    CreatedByUserId,
    Title,
    Body,
    Worries,
    BudgetInitialYen,
    BudgetMonthlyYen,
    Employees,
    Devices,
    PrefectureCode,
    IndustryCode,
    Keywords,
    Visibility,
    Status,
    Deadline,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum NeedCategory {
    Table,
    NeedId,
    CategoryCode,
}

#[derive(DeriveIden)]
pub enum NeedMatch {
    Table,
    Id,
    NeedId,
    ProductId,
    Score,
    Reasons,
    State,
    UserInterestedAt,
    VendorInterestedAt,
    IntroducedAt,
    StateChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum CaseStudy {
    Table,
    Id,
    MatchId,
    ProductId,
    UserOrganisationId,
    IndustryCode,
    TitleJa,
    BodyJa,
    TitleEn,
    BodyEn,
    Status,
    ApprovedByUserId,
    ApprovedAt,
    PublishedAt,
    WithdrawnAt,
    CreatedAt,
    UpdatedAt,
}
