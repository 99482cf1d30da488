//! Sign-in: browser sessions, single-use e-mail sign-in tokens, OAuth flows in progress, and
//! invitations to organisations. Secrets are never stored: only SHA-256 hashes of tokens.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000003_identity::{AppUser, Organisation};

/// Length of the short strings that hold enumerated values (`snake_case` names).
const ENUM_LEN: u32 = 32;
/// A SHA-256 digest in lower-case hex.
const HASH_LEN: u32 = 64;

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(web_session()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_web_session_user_id")
                    .table(WebSession::Table)
                    .col(WebSession::UserId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(sign_in_token()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sign_in_token_email_created_at")
                    .table(SignInToken::Table)
                    .col(SignInToken::Email)
                    .col(SignInToken::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sign_in_token_requested_ip_created_at")
                    .table(SignInToken::Table)
                    .col(SignInToken::RequestedIp)
                    .col(SignInToken::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager.create_table(oauth_flow()).await?;
        manager.create_table(invitation()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invitation_organisation_id")
                    .table(Invitation::Table)
                    .col(Invitation::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_invitation_email").table(Invitation::Table).col(Invitation::Email).to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Invitation::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OauthFlow::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SignInToken::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WebSession::Table).to_owned()).await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

fn web_session() -> TableCreateStatement {
    Table::create()
        .table(WebSession::Table)
        .col(string_len(WebSession::IdHash, HASH_LEN).primary_key())
        .col(uuid(WebSession::UserId))
        .col(string_len(WebSession::CsrfToken, HASH_LEN))
        .col(timestamp_with_time_zone(WebSession::CreatedAt))
        .col(timestamp_with_time_zone(WebSession::LastSeenAt))
        .col(timestamp_with_time_zone(WebSession::IdleExpiresAt))
        .col(timestamp_with_time_zone(WebSession::AbsoluteExpiresAt))
        .col(string_len(WebSession::SignedInWith, ENUM_LEN))
        .col(string_len_null(WebSession::UserAgent, 200))
        .foreign_key(
            ForeignKey::create()
                .name("fk_web_session_user_id")
                .from(WebSession::Table, WebSession::UserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn sign_in_token() -> TableCreateStatement {
    Table::create()
        .table(SignInToken::Table)
        .col(pk_uuid(SignInToken::Id))
        .col(string_len(SignInToken::TokenHash, HASH_LEN).unique_key())
        .col(string_len(SignInToken::Email, 320))
        .col(string_len(SignInToken::Next, 2048).default("/"))
        .col(string_len_null(SignInToken::RequestedIp, 64))
        .col(timestamp_with_time_zone(SignInToken::CreatedAt))
        .col(timestamp_with_time_zone(SignInToken::ExpiresAt))
        .col(timestamp_with_time_zone_null(SignInToken::UsedAt))
        .to_owned()
}

fn oauth_flow() -> TableCreateStatement {
    Table::create()
        .table(OauthFlow::Table)
        .col(string_len(OauthFlow::StateHash, HASH_LEN).primary_key())
        .col(string_len(OauthFlow::Provider, 64))
        .col(string_len(OauthFlow::BrowserHash, HASH_LEN))
        .col(string_len(OauthFlow::PkceVerifier, 128))
        .col(string_len(OauthFlow::Nonce, 64))
        .col(string_len(OauthFlow::Next, 2048).default("/"))
        .col(timestamp_with_time_zone(OauthFlow::CreatedAt))
        .col(timestamp_with_time_zone(OauthFlow::ExpiresAt))
        .to_owned()
}

fn invitation() -> TableCreateStatement {
    Table::create()
        .table(Invitation::Table)
        .col(pk_uuid(Invitation::Id))
        .col(uuid(Invitation::OrganisationId))
        .col(string_len(Invitation::Email, 320))
        .col(string_len(Invitation::Role, ENUM_LEN))
        .col(string_len(Invitation::TokenHash, HASH_LEN).unique_key())
        .col(uuid_null(Invitation::InvitedByUserId))
        .col(string_len(Invitation::Status, ENUM_LEN))
        .col(timestamp_with_time_zone(Invitation::CreatedAt))
        .col(timestamp_with_time_zone(Invitation::ExpiresAt))
        .col(timestamp_with_time_zone_null(Invitation::RespondedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_invitation_organisation_id")
                .from(Invitation::Table, Invitation::OrganisationId)
                .to(Organisation::Table, Organisation::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_invitation_invited_by_user_id")
                .from(Invitation::Table, Invitation::InvitedByUserId)
                .to(AppUser::Table, AppUser::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

#[derive(DeriveIden)]
pub enum WebSession {
    Table,
    IdHash,
    UserId,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
    IdleExpiresAt,
    AbsoluteExpiresAt,
    SignedInWith,
    UserAgent,
}

#[derive(DeriveIden)]
pub enum SignInToken {
    Table,
    Id,
    TokenHash,
    Email,
    Next,
    RequestedIp,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
pub enum OauthFlow {
    Table,
    StateHash,
    Provider,
    BrowserHash,
    PkceVerifier,
    Nonce,
    Next,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
pub enum Invitation {
    Table,
    Id,
    OrganisationId,
    Email,
    Role,
    TokenHash,
    InvitedByUserId,
    Status,
    CreatedAt,
    ExpiresAt,
    RespondedAt,
}
