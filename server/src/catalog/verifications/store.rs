//! Storage of verification results: recording, amending and withdrawing, each in one
//! transaction with its audit entry (`verification.recorded` / `amended` / `withdrawn`).
//! `updated_at` moves on every change so the search index picks the record up.

use chrono::Utc;
use entities::{organisation, verification};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::form::{VerificationInput, fiscal_year};
use crate::identity::actor::Actor;
use crate::identity::audit::{self, Entry};
use crate::identity::organisations::store::begin_write;

#[derive(Debug, thiserror::Error)]
pub enum VerificationError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("not found")]
    NotFound,
    /// Withdrawn records stay as they are: history, not something to edit.
    #[error("already withdrawn")]
    Withdrawn,
}

pub async fn find<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<verification::Model>, DbErr> {
    verification::Entity::find_by_id(id).one(db).await
}

pub async fn of_product<C: ConnectionTrait>(db: &C, product_id: Uuid) -> Result<Vec<verification::Model>, DbErr> {
    verification::Entity::find()
        .filter(verification::Column::ProductId.eq(product_id))
        .order_by_desc(verification::Column::VerifiedOn)
        .all(db)
        .await
}

/// Active verifier organisations, by name: the organiser records on behalf of one of them.
pub async fn active_verifiers<C: ConnectionTrait>(db: &C) -> Result<Vec<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(organisation::OrganisationKind::Verifier))
        .filter(organisation::Column::Status.eq(organisation::OrganisationStatus::Active))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await
}

fn level_code(level: verification::VerificationLevel) -> &'static str {
    crate::catalog::store::level_of(level).code()
}

fn summary(v: &verification::Model) -> serde_json::Value {
    json!({
        "product_id": v.product_id,
        "level": level_code(v.level),
        "verified_on": v.verified_on,
        "valid_until": v.valid_until,
        "verifier_organisation_id": v.verifier_organisation_id,
    })
}

pub async fn record(
    db: &DatabaseConnection,
    actor: &Actor,
    product_id: Uuid,
    verifier: Uuid,
    input: &VerificationInput,
    ip: Option<String>,
) -> Result<verification::Model, VerificationError> {
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let v = verification::Model {
        id: Uuid::now_v7(),
        product_id,
        level: input.level,
        verifier_organisation_id: verifier,
        verified_on: input.verified_on,
        valid_until: input.valid_until,
        summary_ja: input.summary_ja.clone(),
        summary_en: input.summary_en.clone(),
        evidence_url: input.evidence_url.clone(),
        fiscal_year: Some(fiscal_year(input.verified_on)),
        status: verification::VerificationStatus::Active,
        amended_reason: None,
        withdrawn_reason: None,
        recorded_by_user_id: Some(actor.user_id),
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::new("verification.recorded", "verification").by(Some(actor)).object(v.id).ip(ip).detail(summary(&v)),
    )
    .await?;
    txn.commit().await?;
    Ok(v)
}

/// Corrects a record (the verifier organisation stays), keeping the reason.
pub async fn amend(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    input: &VerificationInput,
    reason: &str,
    ip: Option<String>,
) -> Result<verification::Model, VerificationError> {
    let txn = begin_write(db).await?;
    let current =
        verification::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or(VerificationError::NotFound)?;
    if current.status == verification::VerificationStatus::Withdrawn {
        return Err(VerificationError::Withdrawn);
    }
    let before = summary(&current);
    let mut active = current.into_active_model();
    active.level = Set(input.level);
    active.verified_on = Set(input.verified_on);
    active.valid_until = Set(input.valid_until);
    active.summary_ja = Set(input.summary_ja.clone());
    active.summary_en = Set(input.summary_en.clone());
    active.evidence_url = Set(input.evidence_url.clone());
    active.fiscal_year = Set(Some(fiscal_year(input.verified_on)));
    active.amended_reason = Set(Some(reason.to_owned()));
    active.updated_at = Set(Utc::now());
    let v = active.update(&txn).await?;
    audit::record(
        &txn,
        Entry::new("verification.amended", "verification")
            .by(Some(actor))
            .object(v.id)
            .ip(ip)
            .detail(json!({ "before": before, "after": summary(&v), "reason": reason })),
    )
    .await?;
    txn.commit().await?;
    Ok(v)
}

/// Withdraws a record: it stays in the history, marked withdrawn, and no longer counts.
pub async fn withdraw(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    reason: &str,
    ip: Option<String>,
) -> Result<verification::Model, VerificationError> {
    let txn = begin_write(db).await?;
    let current =
        verification::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or(VerificationError::NotFound)?;
    if current.status == verification::VerificationStatus::Withdrawn {
        return Err(VerificationError::Withdrawn);
    }
    let mut active = current.into_active_model();
    active.status = Set(verification::VerificationStatus::Withdrawn);
    active.withdrawn_reason = Set(Some(reason.to_owned()));
    active.updated_at = Set(Utc::now());
    let v = active.update(&txn).await?;
    audit::record(
        &txn,
        Entry::new("verification.withdrawn", "verification")
            .by(Some(actor))
            .object(v.id)
            .ip(ip)
            .detail(json!({ "record": summary(&v), "reason": reason })),
    )
    .await?;
    txn.commit().await?;
    Ok(v)
}
