//! Rooms: working groups, their members and sessions, agendas, registrations and the
//! durable events of realtime rooms.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000001_reference_tables::Region;
use super::m20261128_000003_identity::AppUser;

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(working_group()).await?;
        manager.create_table(working_group_member()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_working_group_member_user_id")
                    .table(WorkingGroupMember::Table)
                    .col(WorkingGroupMember::UserId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(wg_session()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_wg_session_working_group_id_starts_at")
                    .table(WgSession::Table)
                    .col(WgSession::WorkingGroupId)
                    .col(WgSession::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_wg_session_starts_at")
                    .table(WgSession::Table)
                    .col(WgSession::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager.create_table(agenda_item()).await?;
        manager.create_table(session_registration()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_registration_user_id")
                    .table(SessionRegistration::Table)
                    .col(SessionRegistration::UserId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(room_event()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RoomEvent::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SessionRegistration::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AgendaItem::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WgSession::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WorkingGroupMember::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WorkingGroup::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `working_group` table.
fn working_group() -> TableCreateStatement {
    Table::create()
        .table(WorkingGroup::Table)
        .col(pk_uuid(WorkingGroup::Id))
        .col(string_len(WorkingGroup::Kind, ENUM_LEN))
        .col(string_len(WorkingGroup::NameJa, 200))
        .col(string_len_null(WorkingGroup::NameEn, 200))
        .col(text(WorkingGroup::DescriptionJa))
        .col(text_null(WorkingGroup::DescriptionEn))
        .col(string_len_null(WorkingGroup::RegionCode, 32))
        .col(string_len(WorkingGroup::Status, ENUM_LEN))
        .col(timestamp_with_time_zone(WorkingGroup::CreatedAt))
        .col(timestamp_with_time_zone(WorkingGroup::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_working_group_region_code")
                .from(WorkingGroup::Table, WorkingGroup::RegionCode)
                .to(Region::Table, Region::Code)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `working_group_member` table.
fn working_group_member() -> TableCreateStatement {
    Table::create()
        .table(WorkingGroupMember::Table)
        .col(pk_uuid(WorkingGroupMember::Id))
        .col(uuid(WorkingGroupMember::WorkingGroupId))
        .col(uuid(WorkingGroupMember::UserId))
        .col(string_len(WorkingGroupMember::Role, ENUM_LEN))
        .col(timestamp_with_time_zone(WorkingGroupMember::CreatedAt))
        .index(
            Index::create()
                .name("uq_working_group_member_working_group_id_user_id")
                .unique()
                .col(WorkingGroupMember::WorkingGroupId)
                .col(WorkingGroupMember::UserId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_working_group_member_working_group_id")
                .from(WorkingGroupMember::Table, WorkingGroupMember::WorkingGroupId)
                .to(WorkingGroup::Table, WorkingGroup::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_working_group_member_user_id")
                .from(WorkingGroupMember::Table, WorkingGroupMember::UserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `wg_session` table.
fn wg_session() -> TableCreateStatement {
    Table::create()
        .table(WgSession::Table)
        .col(pk_uuid(WgSession::Id))
        .col(uuid(WgSession::WorkingGroupId))
        .col(string_len(WgSession::TitleJa, 200))
        .col(string_len_null(WgSession::TitleEn, 200))
        .col(text_null(WgSession::Description))
        .col(timestamp_with_time_zone(WgSession::StartsAt))
        .col(timestamp_with_time_zone(WgSession::EndsAt))
        .col(integer(WgSession::Capacity).check(("ck_wg_session_capacity", Expr::col(WgSession::Capacity).gte(0))))
        .col(boolean(WgSession::RequiresApproval).default(false))
        .col(string_len(WgSession::Status, ENUM_LEN))
        .col(integer_null(WgSession::ReportedParticipants))
        .col(text_null(WgSession::MinutesMarkdown))
        .col(timestamp_with_time_zone_null(WgSession::MinutesPublishedAt))
        .col(timestamp_with_time_zone(WgSession::CreatedAt))
        .col(timestamp_with_time_zone(WgSession::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_wg_session_working_group_id")
                .from(WgSession::Table, WgSession::WorkingGroupId)
                .to(WorkingGroup::Table, WorkingGroup::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `agenda_item` table.
fn agenda_item() -> TableCreateStatement {
    Table::create()
        .table(AgendaItem::Table)
        .col(pk_uuid(AgendaItem::Id))
        .col(uuid(AgendaItem::SessionId))
        .col(integer(AgendaItem::Position))
        .col(string_len(AgendaItem::TitleJa, 200))
        .col(string_len_null(AgendaItem::TitleEn, 200))
        .col(
            integer(AgendaItem::PlannedMinutes)
                .check(("ck_agenda_item_planned_minutes", Expr::col(AgendaItem::PlannedMinutes).gte(0))),
        )
        .index(
            Index::create()
                .name("uq_agenda_item_session_id_position")
                .unique()
                .col(AgendaItem::SessionId)
                .col(AgendaItem::Position),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_agenda_item_session_id")
                .from(AgendaItem::Table, AgendaItem::SessionId)
                .to(WgSession::Table, WgSession::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `session_registration` table.
fn session_registration() -> TableCreateStatement {
    Table::create()
        .table(SessionRegistration::Table)
        .col(pk_uuid(SessionRegistration::Id))
        .col(uuid(SessionRegistration::SessionId))
        .col(uuid(SessionRegistration::UserId))
        .col(string_len(SessionRegistration::Role, ENUM_LEN))
        .col(string_len(SessionRegistration::Status, ENUM_LEN))
        .col(timestamp_with_time_zone_null(SessionRegistration::AttendedAt))
        .col(timestamp_with_time_zone(SessionRegistration::CreatedAt))
        .col(timestamp_with_time_zone(SessionRegistration::UpdatedAt))
        .index(
            Index::create()
                .name("uq_session_registration_session_id_user_id")
                .unique()
                .col(SessionRegistration::SessionId)
                .col(SessionRegistration::UserId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_session_registration_session_id")
                .from(SessionRegistration::Table, SessionRegistration::SessionId)
                .to(WgSession::Table, WgSession::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_session_registration_user_id")
                .from(SessionRegistration::Table, SessionRegistration::UserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `room_event` table.
fn room_event() -> TableCreateStatement {
    Table::create()
        .table(RoomEvent::Table)
        .col(big_pk_auto(RoomEvent::Id))
        .col(string_len(RoomEvent::RoomId, 128))
        .col(big_integer(RoomEvent::Seq))
        .col(string_len(RoomEvent::Kind, 64))
        .col(json(RoomEvent::Payload))
        .col(uuid_null(RoomEvent::AuthorUserId))
        .col(timestamp_with_time_zone(RoomEvent::CreatedAt))
        .index(Index::create().name("uq_room_event_room_id_seq").unique().col(RoomEvent::RoomId).col(RoomEvent::Seq))
        .foreign_key(
            ForeignKey::create()
                .name("fk_room_event_author_user_id")
                .from(RoomEvent::Table, RoomEvent::AuthorUserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum WorkingGroup {
    Table,
    Id,
    Kind,
    NameJa,
    NameEn,
    DescriptionJa,
    DescriptionEn,
    RegionCode,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum WorkingGroupMember {
    Table,
    Id,
    WorkingGroupId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum WgSession {
    Table,
    Id,
    WorkingGroupId,
    TitleJa,
    TitleEn,
    Description,
    StartsAt,
    EndsAt,
    Capacity,
    RequiresApproval,
    Status,
    ReportedParticipants,
    MinutesMarkdown,
    MinutesPublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum AgendaItem {
    Table,
    Id,
    SessionId,
    Position,
    TitleJa,
    TitleEn,
    PlannedMinutes,
}

#[derive(DeriveIden)]
pub enum SessionRegistration {
    Table,
    Id,
    SessionId,
    UserId,
    Role,
    Status,
    AttendedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum RoomEvent {
    Table,
    Id,
    RoomId,
    Seq,
    Kind,
    Payload,
    AuthorUserId,
    CreatedAt,
}
