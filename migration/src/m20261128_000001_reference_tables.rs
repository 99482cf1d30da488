//! Reference tables: regions, prefectures, categories, industries and company size bands.
//! Their rows are seeded by `m20261128_000002_reference_data`.

use sea_orm_migration::{prelude::*, schema::*};

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(region()).await?;
        manager.create_table(prefecture()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_prefecture_region_code")
                    .table(Prefecture::Table)
                    .col(Prefecture::RegionCode)
                    .to_owned(),
            )
            .await?;
        manager.create_table(category()).await?;
        manager.create_table(industry()).await?;
        manager.create_table(company_size_band()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CompanySizeBand::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Industry::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Category::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Prefecture::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Region::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `region` table.
fn region() -> TableCreateStatement {
    Table::create()
        .table(Region::Table)
        .col(string_len(Region::Code, 32).primary_key())
        .col(string_len(Region::NameJa, 100))
        .col(string_len(Region::NameEn, 100))
        .col(integer(Region::SortOrder))
        .to_owned()
}

/// The `prefecture` table.
fn prefecture() -> TableCreateStatement {
    Table::create()
        .table(Prefecture::Table)
        .col(small_integer(Prefecture::Code).primary_key())
        .col(string_len(Prefecture::NameJa, 100))
        .col(string_len(Prefecture::NameEn, 100))
        .col(string_len(Prefecture::RegionCode, 32))
        .foreign_key(
            ForeignKey::create()
                .name("fk_prefecture_region_code")
                .from(Prefecture::Table, Prefecture::RegionCode)
                .to(Region::Table, Region::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `category` table.
fn category() -> TableCreateStatement {
    Table::create()
        .table(Category::Table)
        .col(string_len(Category::Code, 32).primary_key())
        .col(string_len(Category::NameJa, 100))
        .col(string_len(Category::NameEn, 100))
        .col(string_len(Category::Group, ENUM_LEN))
        .col(integer(Category::SortOrder))
        .to_owned()
}

/// The `industry` table.
fn industry() -> TableCreateStatement {
    Table::create()
        .table(Industry::Table)
        .col(string_len(Industry::Code, 32).primary_key())
        .col(string_len(Industry::NameJa, 100))
        .col(string_len(Industry::NameEn, 100))
        .col(integer(Industry::SortOrder))
        .to_owned()
}

/// The `company_size_band` table.
fn company_size_band() -> TableCreateStatement {
    Table::create()
        .table(CompanySizeBand::Table)
        .col(string_len(CompanySizeBand::Code, 32).primary_key())
        .col(string_len(CompanySizeBand::NameJa, 100))
        .col(string_len(CompanySizeBand::NameEn, 100))
        .col(integer(CompanySizeBand::MinEmployees))
        .col(integer_null(CompanySizeBand::MaxEmployees))
        .col(integer(CompanySizeBand::SortOrder))
        .to_owned()
}

#[derive(DeriveIden)]
pub enum Region {
    Table,
    Code,
    NameJa,
    NameEn,
    SortOrder,
}

#[derive(DeriveIden)]
pub enum Prefecture {
    Table,
    Code,
    NameJa,
    NameEn,
    RegionCode,
}

#[derive(DeriveIden)]
pub enum Category {
    Table,
    Code,
    NameJa,
    NameEn,
    Group,
    SortOrder,
}

#[derive(DeriveIden)]
pub enum Industry {
    Table,
    Code,
    NameJa,
    NameEn,
    SortOrder,
}

#[derive(DeriveIden)]
pub enum CompanySizeBand {
    Table,
    Code,
    NameJa,
    NameEn,
    MinEmployees,
    MaxEmployees,
    SortOrder,
}
