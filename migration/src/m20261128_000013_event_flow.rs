//! Matching-event preferences: a participant may mark another participant of the same event as a
//! must-meet (the scheduler places those meetings first) or as no-thanks (not recommended, and
//! their requests are refused). One preference per pair, changed in place.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000007_events::EventParticipant;

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(event_preference()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_event_preference_counterpart_id")
                    .table(EventPreference::Table)
                    .col(EventPreference::CounterpartId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(EventPreference::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `event_preference` table.
fn event_preference() -> TableCreateStatement {
    Table::create()
        .table(EventPreference::Table)
        .col(uuid(EventPreference::ParticipantId))
        .col(uuid(EventPreference::CounterpartId))
        .col(string_len(EventPreference::Kind, ENUM_LEN))
        .col(timestamp_with_time_zone(EventPreference::CreatedAt))
        .primary_key(
            Index::create()
                .name("pk_event_preference")
                .col(EventPreference::ParticipantId)
                .col(EventPreference::CounterpartId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_event_preference_participant_id")
                .from(EventPreference::Table, EventPreference::ParticipantId)
                .to(EventParticipant::Table, EventParticipant::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_event_preference_counterpart_id")
                .from(EventPreference::Table, EventPreference::CounterpartId)
                .to(EventParticipant::Table, EventParticipant::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum EventPreference {
    Table,
    ParticipantId,
    CounterpartId,
    Kind,
    CreatedAt,
}
