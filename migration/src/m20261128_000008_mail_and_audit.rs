//! Mail and audit: the mail outbox, users' mail preferences and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000003_identity::AppUser;

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(outbox()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_state_next_attempt_at")
                    .table(Outbox::Table)
                    .col(Outbox::State)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager.create_table(mail_preference()).await?;
        manager.create_table(audit_log()).await?;
        manager
            .create_index(Index::create().name("idx_audit_log_at").table(AuditLog::Table).col(AuditLog::At).to_owned())
            .await?;
        manager
            .create_index(
                Index::create().name("idx_audit_log_action").table(AuditLog::Table).col(AuditLog::Action).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_object_type_object_id")
                    .table(AuditLog::Table)
                    .col(AuditLog::ObjectType)
                    .col(AuditLog::ObjectId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(MailPreference::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Outbox::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The `outbox` table.
fn outbox() -> TableCreateStatement {
    Table::create()
        .table(Outbox::Table)
        .col(big_pk_auto(Outbox::Id))
        .col(string_len(Outbox::IdempotencyKey, 255).unique_key())
        .col(string_len(Outbox::MessageId, 255).unique_key())
        .col(string_len(Outbox::Template, 64))
        .col(string_len(Outbox::RecipientEmail, 320))
        .col(uuid_null(Outbox::RecipientUserId))
        .col(string_len(Outbox::Locale, ENUM_LEN))
        .col(json(Outbox::Payload))
        .col(boolean(Outbox::Essential).default(false))
        .col(string_len(Outbox::State, ENUM_LEN))
        .col(integer(Outbox::Attempts).default(0))
        .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
        .col(string_len_null(Outbox::LeaseOwner, 128))
        .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
        .col(text_null(Outbox::LastError))
        .col(timestamp_with_time_zone(Outbox::CreatedAt))
        .col(timestamp_with_time_zone_null(Outbox::SentAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_outbox_recipient_user_id")
                .from(Outbox::Table, Outbox::RecipientUserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

/// The `mail_preference` table.
fn mail_preference() -> TableCreateStatement {
    Table::create()
        .table(MailPreference::Table)
        .col(pk_uuid(MailPreference::UserId))
        .col(boolean(MailPreference::Leads).default(true))
        .col(boolean(MailPreference::Reminders).default(true))
        .col(boolean(MailPreference::Digests).default(true))
        .col(timestamp_with_time_zone_null(MailPreference::UnsubscribedAllAt))
        .col(timestamp_with_time_zone(MailPreference::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_mail_preference_user_id")
                .from(MailPreference::Table, MailPreference::UserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The `audit_log` table.
fn audit_log() -> TableCreateStatement {
    Table::create()
        .table(AuditLog::Table)
        .col(big_pk_auto(AuditLog::Id))
        .col(timestamp_with_time_zone(AuditLog::At))
        .col(uuid_null(AuditLog::ActorUserId))
        .col(uuid_null(AuditLog::ActorOrganisationId))
        .col(string_len(AuditLog::Action, 64))
        .col(string_len(AuditLog::ObjectType, 64))
        .col(string_len_null(AuditLog::ObjectId, 128))
        .col(json(AuditLog::Detail))
        .col(string_len_null(AuditLog::Ip, 64))
        .to_owned()
}

#[derive(DeriveIden)]
pub enum Outbox {
    Table,
    Id,
    IdempotencyKey,
    MessageId,
    Template,
    RecipientEmail,
    RecipientUserId,
    Locale,
    Payload,
    Essential,
    State,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
pub enum MailPreference {
    Table,
    UserId,
    Leads,
    Reminders,
    Digests,
    UnsubscribedAllAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorOrganisationId,
    Action,
    ObjectType,
    ObjectId,
    Detail,
    Ip,
}
