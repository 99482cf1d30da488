//! A verification record as the API and the verification desk show it.

use chrono::NaiveDate;
use entities::verification;
use serde::Serialize;
use uuid::Uuid;

use crate::catalog::store::{level_of, record_dates};

/// A verification record with its corrections.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecordView {
    pub id: Uuid,
    pub product_id: Uuid,
    /// green | blue | red | dev
    pub level: &'static str,
    pub verified_on: NaiveDate,
    pub valid_until: NaiveDate,
    /// True while valid today and not withdrawn: the badge lapses by itself.
    pub current: bool,
    /// active | withdrawn
    pub status: &'static str,
    pub verifier_organisation_id: Uuid,
    pub summary_ja: String,
    pub summary_en: Option<String>,
    pub evidence_url: Option<String>,
    pub fiscal_year: Option<i16>,
    pub amended_reason: Option<String>,
    pub withdrawn_reason: Option<String>,
}

pub fn record(v: verification::Model, today: NaiveDate) -> RecordView {
    let withdrawn = v.status == verification::VerificationStatus::Withdrawn;
    RecordView {
        id: v.id,
        product_id: v.product_id,
        level: level_of(v.level).code(),
        current: record_dates(&v).is_current(today),
        status: if withdrawn { "withdrawn" } else { "active" },
        verified_on: v.verified_on,
        valid_until: v.valid_until,
        verifier_organisation_id: v.verifier_organisation_id,
        summary_ja: v.summary_ja,
        summary_en: v.summary_en,
        evidence_url: v.evidence_url,
        fiscal_year: v.fiscal_year,
        amended_reason: v.amended_reason,
        withdrawn_reason: v.withdrawn_reason,
    }
}
