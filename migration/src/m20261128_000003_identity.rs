//! Identity: organisations, users, their external identities and memberships.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000001_reference_tables::{CompanySizeBand, Industry, Prefecture};

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(organisation()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_kind")
                    .table(Organisation::Table)
                    .col(Organisation::Kind)
                    .to_owned(),
            )
            .await?;
        manager.create_table(app_user()).await?;
        manager.create_table(identity_link()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_identity_link_user_id")
                    .table(IdentityLink::Table)
                    .col(IdentityLink::UserId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(membership()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_membership_user_id")
                    .table(Membership::Table)
                    .col(Membership::UserId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Membership::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(IdentityLink::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AppUser::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Organisation::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `organisation` table.
fn organisation() -> TableCreateStatement {
    Table::create()
        .table(Organisation::Table)
        .col(pk_uuid(Organisation::Id))
        .col(string_len(Organisation::Kind, ENUM_LEN))
        .col(string_len(Organisation::Status, ENUM_LEN))
        .col(string_len(Organisation::Name, 200))
        .col(string_len_null(Organisation::NameEn, 200))
        .col(small_integer_null(Organisation::PrefectureCode))
        .col(string_len_null(Organisation::IndustryCode, 32))
        .col(string_len_null(Organisation::SizeBandCode, 32))
        .col(
            integer_null(Organisation::Employees)
                .check(("ck_organisation_employees", Expr::col(Organisation::Employees).gte(0))),
        )
        .col(string_len_null(Organisation::Website, 2048))
        .col(text_null(Organisation::Description))
        .col(timestamp_with_time_zone(Organisation::CreatedAt))
        .col(timestamp_with_time_zone(Organisation::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_organisation_prefecture_code")
                .from(Organisation::Table, Organisation::PrefectureCode)
                .to(Prefecture::Table, Prefecture::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_organisation_industry_code")
                .from(Organisation::Table, Organisation::IndustryCode)
                .to(Industry::Table, Industry::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_organisation_size_band_code")
                .from(Organisation::Table, Organisation::SizeBandCode)
                .to(CompanySizeBand::Table, CompanySizeBand::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `app_user` table.
fn app_user() -> TableCreateStatement {
    Table::create()
        .table(AppUser::Table)
        .col(pk_uuid(AppUser::Id))
        .col(string_len(AppUser::Email, 320).unique_key())
        .col(string_len(AppUser::DisplayName, 100))
        .col(string_len(AppUser::Locale, ENUM_LEN))
        .col(string_len(AppUser::TimeZone, 64).default("Asia/Tokyo"))
        .col(timestamp_with_time_zone(AppUser::CreatedAt))
        .col(timestamp_with_time_zone(AppUser::UpdatedAt))
        .col(timestamp_with_time_zone_null(AppUser::LastSignInAt))
        .to_owned()
}

/// The `identity_link` table.
fn identity_link() -> TableCreateStatement {
    Table::create()
        .table(IdentityLink::Table)
        .col(pk_uuid(IdentityLink::Id))
        .col(uuid(IdentityLink::UserId))
        .col(string_len(IdentityLink::Provider, 64))
        .col(string_len(IdentityLink::Subject, 255))
        .col(string_len_null(IdentityLink::Email, 320))
        .col(timestamp_with_time_zone(IdentityLink::CreatedAt))
        .index(
            Index::create()
                .name("uq_identity_link_provider_subject")
                .unique()
                .col(IdentityLink::Provider)
                .col(IdentityLink::Subject),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_identity_link_user_id")
                .from(IdentityLink::Table, IdentityLink::UserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `membership` table.
fn membership() -> TableCreateStatement {
    Table::create()
        .table(Membership::Table)
        .col(pk_uuid(Membership::Id))
        .col(uuid(Membership::OrganisationId))
        .col(uuid(Membership::UserId))
        .col(string_len(Membership::Role, ENUM_LEN))
        .col(timestamp_with_time_zone(Membership::CreatedAt))
        .index(
            Index::create()
                .name("uq_membership_organisation_id_user_id")
                .unique()
                .col(Membership::OrganisationId)
                .col(Membership::UserId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_membership_organisation_id")
                .from(Membership::Table, Membership::OrganisationId)
                .to(Organisation::Table, Organisation::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_membership_user_id")
                .from(Membership::Table, Membership::UserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum Organisation {
    Table,
    Id,
    Kind,
    Status,
    Name,
    NameEn,
    PrefectureCode,
    IndustryCode,
    SizeBandCode,
    Employees,
    Website,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum AppUser {
    Table,
    Id,
    Email,
    DisplayName,
    Locale,
    TimeZone,
    CreatedAt,
    UpdatedAt,
    LastSignInAt,
}

#[derive(DeriveIden)]
pub enum IdentityLink {
    Table,
    Id,
    UserId,
    Provider,
    Subject,
    Email,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Membership {
    Table,
    Id,
    OrganisationId,
    UserId,
    Role,
    CreatedAt,
}
