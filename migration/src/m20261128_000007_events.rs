//! Matching events: participants, slots, unavailability, meeting requests and meetings.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000003_identity::{AppUser, Organisation};

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(matching_event()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_matching_event_starts_on")
                    .table(MatchingEvent::Table)
                    .col(MatchingEvent::StartsOn)
                    .to_owned(),
            )
            .await?;
        manager.create_table(event_participant()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_event_participant_organisation_id")
                    .table(EventParticipant::Table)
                    .col(EventParticipant::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(event_slot()).await?;
        manager.create_table(participant_unavailability()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_participant_unavailability_slot_id")
                    .table(ParticipantUnavailability::Table)
                    .col(ParticipantUnavailability::SlotId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(meeting_request()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_meeting_request_from_participant_id")
                    .table(MeetingRequest::Table)
                    .col(MeetingRequest::FromParticipantId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_meeting_request_to_participant_id")
                    .table(MeetingRequest::Table)
                    .col(MeetingRequest::ToParticipantId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(meeting()).await?;
        manager
            .create_index(
                Index::create().name("idx_meeting_slot_id").table(Meeting::Table).col(Meeting::SlotId).to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Meeting::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(MeetingRequest::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ParticipantUnavailability::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(EventSlot::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(EventParticipant::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(MatchingEvent::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `matching_event` table.
fn matching_event() -> TableCreateStatement {
    Table::create()
        .table(MatchingEvent::Table)
        .col(pk_uuid(MatchingEvent::Id))
        .col(uuid(MatchingEvent::OrganiserOrganisationId))
        .col(string_len(MatchingEvent::TitleJa, 200))
        .col(string_len_null(MatchingEvent::TitleEn, 200))
        .col(text_null(MatchingEvent::Description))
        .col(string_len(MatchingEvent::TimeZone, 64).default("Asia/Tokyo"))
        .col(date(MatchingEvent::StartsOn))
        .col(date(MatchingEvent::EndsOn))
        .col(
            small_integer(MatchingEvent::SlotMinutes)
                .check(("ck_matching_event_slot_minutes", Expr::col(MatchingEvent::SlotMinutes).gt(0))),
        )
        .col(string_len(MatchingEvent::DayStartTime, 5))
        .col(string_len(MatchingEvent::DayEndTime, 5))
        .col(json(MatchingEvent::Breaks))
        .col(
            integer(MatchingEvent::Tables).check(("ck_matching_event_tables", Expr::col(MatchingEvent::Tables).gte(0))),
        )
        .col(boolean(MatchingEvent::Online).default(false))
        .col(timestamp_with_time_zone(MatchingEvent::BookingOpensAt))
        .col(timestamp_with_time_zone(MatchingEvent::BookingClosesAt))
        .col(string_len(MatchingEvent::Participation, ENUM_LEN))
        .col(json(MatchingEvent::WhoMeetsWho))
        .col(
            integer_null(MatchingEvent::RequestLimit)
                .check(("ck_matching_event_request_limit", Expr::col(MatchingEvent::RequestLimit).gte(0))),
        )
        .col(string_len(MatchingEvent::Status, ENUM_LEN))
        .col(timestamp_with_time_zone(MatchingEvent::CreatedAt))
        .col(timestamp_with_time_zone(MatchingEvent::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_matching_event_organiser_organisation_id")
                .from(MatchingEvent::Table, MatchingEvent::OrganiserOrganisationId)
                .to(Organisation::Table, Organisation::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

/// The `event_participant` table.
fn event_participant() -> TableCreateStatement {
    Table::create()
        .table(EventParticipant::Table)
        .col(pk_uuid(EventParticipant::Id))
        .col(uuid(EventParticipant::EventId))
        .col(uuid(EventParticipant::OrganisationId))
        .col(uuid_null(EventParticipant::UserId))
        .col(string_len(EventParticipant::Role, ENUM_LEN))
        .col(string_len(EventParticipant::Status, ENUM_LEN))
        .col(string_len_null(EventParticipant::VideoUrl, 2048))
        .col(timestamp_with_time_zone(EventParticipant::CreatedAt))
        .index(
            Index::create()
                .name("uq_event_participant_event_id_organisation_id")
                .unique()
                .col(EventParticipant::EventId)
                .col(EventParticipant::OrganisationId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_event_participant_event_id")
                .from(EventParticipant::Table, EventParticipant::EventId)
                .to(MatchingEvent::Table, MatchingEvent::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_event_participant_organisation_id")
                .from(EventParticipant::Table, EventParticipant::OrganisationId)
                .to(Organisation::Table, Organisation::Id)
                .on_delete(ForeignKeyAction::Restrict),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_event_participant_user_id")
                .from(EventParticipant::Table, EventParticipant::UserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

/// The `event_slot` table.
fn event_slot() -> TableCreateStatement {
    Table::create()
        .table(EventSlot::Table)
        .col(pk_uuid(EventSlot::Id))
        .col(uuid(EventSlot::EventId))
        .col(timestamp_with_time_zone(EventSlot::StartsAt))
        .col(timestamp_with_time_zone(EventSlot::EndsAt))
        .col(integer(EventSlot::Position))
        .index(
            Index::create()
                .name("uq_event_slot_event_id_position")
                .unique()
                .col(EventSlot::EventId)
                .col(EventSlot::Position),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_event_slot_event_id")
                .from(EventSlot::Table, EventSlot::EventId)
                .to(MatchingEvent::Table, MatchingEvent::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `participant_unavailability` table.
fn participant_unavailability() -> TableCreateStatement {
    Table::create()
        .table(ParticipantUnavailability::Table)
        .col(uuid(ParticipantUnavailability::ParticipantId))
        .col(uuid(ParticipantUnavailability::SlotId))
        .primary_key(
            Index::create()
                .name("pk_participant_unavailability")
                .col(ParticipantUnavailability::ParticipantId)
                .col(ParticipantUnavailability::SlotId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_participant_unavailability_participant_id")
                .from(ParticipantUnavailability::Table, ParticipantUnavailability::ParticipantId)
                .to(EventParticipant::Table, EventParticipant::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_participant_unavailability_slot_id")
                .from(ParticipantUnavailability::Table, ParticipantUnavailability::SlotId)
                .to(EventSlot::Table, EventSlot::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `meeting_request` table.
fn meeting_request() -> TableCreateStatement {
    Table::create()
        .table(MeetingRequest::Table)
        .col(pk_uuid(MeetingRequest::Id))
        .col(uuid(MeetingRequest::EventId))
        .col(uuid(MeetingRequest::FromParticipantId))
        .col(uuid(MeetingRequest::ToParticipantId))
        .col(text_null(MeetingRequest::Message))
        .col(boolean(MeetingRequest::MustMeet).default(false))
        .col(string_len(MeetingRequest::State, ENUM_LEN))
        .col(timestamp_with_time_zone(MeetingRequest::CreatedAt))
        .col(timestamp_with_time_zone_null(MeetingRequest::RespondedAt))
        .index(
            Index::create()
                .name("uq_meeting_request_event_id_from_participant_id_to_participant_id")
                .unique()
                .col(MeetingRequest::EventId)
                .col(MeetingRequest::FromParticipantId)
                .col(MeetingRequest::ToParticipantId),
        )
        .check((
            "ck_meeting_request_not_self",
            Expr::col(MeetingRequest::FromParticipantId).ne(Expr::col(MeetingRequest::ToParticipantId)),
        ))
        .foreign_key(
            ForeignKey::create()
                .name("fk_meeting_request_event_id")
                .from(MeetingRequest::Table, MeetingRequest::EventId)
                .to(MatchingEvent::Table, MatchingEvent::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_meeting_request_from_participant_id")
                .from(MeetingRequest::Table, MeetingRequest::FromParticipantId)
                .to(EventParticipant::Table, EventParticipant::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_meeting_request_to_participant_id")
                .from(MeetingRequest::Table, MeetingRequest::ToParticipantId)
                .to(EventParticipant::Table, EventParticipant::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `meeting` table.
fn meeting() -> TableCreateStatement {
    Table::create()
        .table(Meeting::Table)
        .col(pk_uuid(Meeting::Id))
        .col(uuid(Meeting::EventId))
        .col(uuid(Meeting::RequestId).unique_key())
        .col(uuid_null(Meeting::SlotId))
        .col(integer_null(Meeting::TableNo))
        .col(string_len_null(Meeting::JoinUrl, 2048))
        .col(string_len(Meeting::Status, ENUM_LEN))
        .col(string_len_null(Meeting::Outcome, ENUM_LEN))
        .col(timestamp_with_time_zone(Meeting::CreatedAt))
        .col(timestamp_with_time_zone(Meeting::UpdatedAt))
        .index(
            Index::create()
                .name("uq_meeting_event_id_slot_id_table_no")
                .unique()
                .col(Meeting::EventId)
                .col(Meeting::SlotId)
                .col(Meeting::TableNo),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_meeting_event_id")
                .from(Meeting::Table, Meeting::EventId)
                .to(MatchingEvent::Table, MatchingEvent::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_meeting_request_id")
                .from(Meeting::Table, Meeting::RequestId)
                .to(MeetingRequest::Table, MeetingRequest::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_meeting_slot_id")
                .from(Meeting::Table, Meeting::SlotId)
                .to(EventSlot::Table, EventSlot::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum MatchingEvent {
    Table,
    Id,
    OrganiserOrganisationId,
    TitleJa,
    TitleEn,
    Description,
    TimeZone,
    StartsOn,
    EndsOn,
    SlotMinutes,
    DayStartTime,
    DayEndTime,
    Breaks,
    Tables,
    Online,
    BookingOpensAt,
    BookingClosesAt,
    Participation,
    WhoMeetsWho,
    RequestLimit,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum EventParticipant {
    Table,
    Id,
    EventId,
    OrganisationId,
    UserId,
    Role,
    Status,
    VideoUrl,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum EventSlot {
    Table,
    Id,
    EventId,
    StartsAt,
    EndsAt,
    Position,
}

#[derive(DeriveIden)]
pub enum ParticipantUnavailability {
    Table,
    ParticipantId,
    SlotId,
}

#[derive(DeriveIden)]
pub enum MeetingRequest {
    Table,
    Id,
    EventId,
    FromParticipantId,
    ToParticipantId,
    Message,
    MustMeet,
    State,
    CreatedAt,
    RespondedAt,
}

#[derive(DeriveIden)]
pub enum Meeting {
    Table,
    Id,
    EventId,
    RequestId,
    SlotId,
    TableNo,
    JoinUrl,
    Status,
    Outcome,
    CreatedAt,
    UpdatedAt,
}
