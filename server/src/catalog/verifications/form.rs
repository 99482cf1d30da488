//! The verification form, checked at the edge: level, dates (valid for two years unless said
//! otherwise), summaries, evidence address, and — for the organiser, who records on behalf of a
//! verifier — the verifier organisation. Amending and withdrawing need a reason. Pure.

use chrono::{Months, NaiveDate};
use entities::verification::VerificationLevel;
use uuid::Uuid;

use crate::catalog::products::fields::Fields;
use crate::catalog::products::form::{check_text, check_url};
use crate::http::FieldError;

pub const SUMMARY_MAX: usize = 2000;
pub const REASON_MAX: usize = 1000;
/// A result stands for two years unless the verifier says otherwise.
pub const DEFAULT_VALIDITY_MONTHS: u32 = 24;
pub const LEVELS: [&str; 4] = ["green", "blue", "red", "dev"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationInput {
    pub level: VerificationLevel,
    pub verified_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub summary_ja: String,
    pub summary_en: Option<String>,
    pub evidence_url: Option<String>,
    /// As sent; whether it may be used is the handler's question (it depends on who asks).
    pub verifier_organisation_id: Option<Uuid>,
}

pub fn level_of(code: &str) -> Option<VerificationLevel> {
    Some(match code {
        "green" => VerificationLevel::Green,
        "blue" => VerificationLevel::Blue,
        "red" => VerificationLevel::Red,
        "dev" => VerificationLevel::Dev,
        _ => return None,
    })
}

/// The Japanese fiscal year (April to March) a date falls in.
pub fn fiscal_year(date: NaiveDate) -> i16 {
    use chrono::Datelike;
    let year = if date.month() >= 4 { date.year() } else { date.year() - 1 };
    i16::try_from(year).unwrap_or(i16::MAX)
}

fn check_date(fields: &Fields, name: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let text = fields.one(name).trim();
    if text.is_empty() {
        return None;
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if date.is_none() {
        errors.push(FieldError::new(name, "invalid"));
    }
    date
}

/// A reason for amending or withdrawing: required, at most [`REASON_MAX`] characters.
pub fn check_reason(fields: &Fields) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    check_text(fields, "reason", REASON_MAX, true, &mut errors).ok_or(errors)
}

/// Checks every field, all errors at once. `today` bounds the date: a result is not recorded ahead.
pub fn validate(fields: &Fields, today: NaiveDate) -> Result<VerificationInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let level = match fields.one("level").trim() {
        "" => {
            errors.push(FieldError::new("level", "required"));
            None
        }
        code => {
            let level = level_of(code);
            if level.is_none() {
                errors.push(FieldError::new("level", "unknown"));
            }
            level
        }
    };
    let verified_on = check_date(fields, "verified_on", &mut errors);
    if verified_on.is_none() && !errors.iter().any(|e| e.field == "verified_on") {
        errors.push(FieldError::new("verified_on", "required"));
    }
    if verified_on.is_some_and(|d| d > today) {
        errors.push(FieldError::new("verified_on", "out_of_range").with("min", "2000-01-01").with("max", today));
    }
    let valid_until = check_date(fields, "valid_until", &mut errors)
        .or_else(|| verified_on.and_then(|d| d.checked_add_months(Months::new(DEFAULT_VALIDITY_MONTHS))));
    if let (Some(from), Some(until)) = (verified_on, valid_until)
        && until < from
    {
        errors.push(FieldError::new("valid_until", "out_of_range").with("min", from).with("max", "9999-12-31"));
    }
    let summary_ja = check_text(fields, "summary_ja", SUMMARY_MAX, true, &mut errors);
    let summary_en = check_text(fields, "summary_en", SUMMARY_MAX, false, &mut errors);
    let evidence_url = check_url(fields, "evidence_url", &mut errors);
    let verifier_organisation_id = match fields.one("verifier_organisation_id").trim() {
        "" => None,
        text => {
            let id = text.parse::<Uuid>().ok();
            if id.is_none() {
                errors.push(FieldError::new("verifier_organisation_id", "unknown"));
            }
            id
        }
    };
    match (level, verified_on, valid_until, summary_ja) {
        (Some(level), Some(verified_on), Some(valid_until), Some(summary_ja)) if errors.is_empty() => {
            Ok(VerificationInput {
                level,
                verified_on,
                valid_until,
                summary_ja,
                summary_en,
                evidence_url,
                verifier_organisation_id,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_result_stands_two_years_by_default() {
        let fields =
            Fields::from_pairs([("level", "green"), ("verified_on", "2025-03-31"), ("summary_ja", "有効性を確認")]);
        let v = validate(&fields, d("2026-11-28")).unwrap();
        assert_eq!(v.valid_until, d("2027-03-31"));
        assert_eq!(fiscal_year(v.verified_on), 2024, "March belongs to the fiscal year before");
    }

    #[test]
    fn bad_fields_have_codes() {
        let fields = Fields::from_pairs([
            ("level", "gold"),
            ("verified_on", "2030-01-01"),
            ("evidence_url", "ftp://x"),
            ("verifier_organisation_id", "x"),
        ]);
        let codes: Vec<_> =
            validate(&fields, d("2026-11-28")).unwrap_err().into_iter().map(|e| (e.field, e.code)).collect();
        let expected = [
            ("level", "unknown"),
            ("verified_on", "out_of_range"),
            ("summary_ja", "required"),
            ("evidence_url", "invalid"),
            ("verifier_organisation_id", "unknown"),
        ];
        assert_eq!(codes, expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
        assert!(check_reason(&Fields::default()).is_err());
    }
}
