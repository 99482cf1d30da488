//! The match lifecycle: every state change of a need-product match is kept as a row in
//! `match_transition` (who moved it, from what, to what, when), so the organiser's funnel can count
//! how far each match got even after it was declined or expired. A match also remembers when its
//! business meeting is planned (for the "meeting tomorrow" reminder) and when its vendor was told
//! about it in a lead digest (so each lead is mailed once, in at most one digest a day).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000003_identity::AppUser;
use super::m20261128_000005_matching::NeedMatch;

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(match_transition()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_match_transition_match_id")
                    .table(MatchTransition::Table)
                    .col(MatchTransition::MatchId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_match_transition_to_state_created_at")
                    .table(MatchTransition::Table)
                    .col(MatchTransition::ToState)
                    .col(MatchTransition::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // One column a statement: SQLite's ALTER TABLE adds one at a time.
        manager
            .alter_table(
                Table::alter().table(NeedMatch::Table).add_column(timestamp_with_time_zone_null(MeetingAt)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(NeedMatch::Table)
                    .add_column(timestamp_with_time_zone_null(LeadMailedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(NeedMatch::Table).drop_column(LeadMailedAt).to_owned()).await?;
        manager.alter_table(Table::alter().table(NeedMatch::Table).drop_column(MeetingAt).to_owned()).await?;
        manager.drop_table(Table::drop().table(MatchTransition::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `need_match.meeting_at` column: when the business meeting is planned.
#[derive(DeriveIden)]
struct MeetingAt;

/// The `need_match.lead_mailed_at` column: when the vendor got this lead in a digest.
#[derive(DeriveIden)]
struct LeadMailedAt;

/// The `match_transition` table.
fn match_transition() -> TableCreateStatement {
    Table::create()
        .table(MatchTransition::Table)
        .col(pk_uuid(MatchTransition::Id))
        .col(uuid(MatchTransition::MatchId))
        .col(string_len_null(MatchTransition::FromState, ENUM_LEN))
        .col(string_len(MatchTransition::ToState, ENUM_LEN))
        .col(string_len(MatchTransition::Side, ENUM_LEN))
        .col(uuid_null(MatchTransition::ActorUserId))
        .col(text_null(MatchTransition::Note))
        .col(timestamp_with_time_zone(MatchTransition::CreatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_match_transition_match_id")
                .from(MatchTransition::Table, MatchTransition::MatchId)
                .to(NeedMatch::Table, NeedMatch::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_match_transition_actor_user_id")
                .from(MatchTransition::Table, MatchTransition::ActorUserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum MatchTransition {
    Table,
    Id,
    MatchId,
    FromState,
    ToState,
    Side,
    ActorUserId,
    Note,
    CreatedAt,
}
