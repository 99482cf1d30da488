//! What the engine is told about products and needs: plain values with serde, no database types.
//! The server builds them from its rows; `colapla rank` reads them as JSON (docs/matching.md).
//!
//! Codes are closed enums (categories, worries, size bands) because the index keeps them as bits;
//! industries stay free strings because they are only compared for equality.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::pricing::Pricing;
use crate::catalog::verification_status::{Level, RecordDates};

/// A product's id, opaque to the engine (the server passes its UUID as text). Ties between equal
/// scores are broken by comparing ids as strings, so the order is stable across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProductId(pub String);

/// A need's id, opaque to the engine like [`ProductId`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NeedId(pub String);

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for NeedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order (the order of the index's bits).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// This value's bit in a mask: its position in [`Self::ALL`].
            pub const fn bit(self) -> u32 {
                1 << (self as u32)
            }
        }
    };
}

code_enum! {
    /// Product categories: the reference table's codes (重要分野, the categories small firms search
    /// by, Otasuketai and the information-security service registry).
    Category {
        ThreatVisualisation, VulnerabilityVisualisation, ItAssetManagement, ThreatIntelligence,
        MalwareSeverity, EducationTraining, HighLevelVerification, ItAssetAuthentication,
        DataProtection, IdentityAccess, Utm, Endpoint, Edr, Vpn, LogManagement, FileEncryption,
        Waf, NetworkSecurity, WifiSecurity, IotSecurity, Otasuketai, SecurityAudit,
        VulnerabilityAssessment, DigitalForensics, SecurityMonitoring,
    }
}

code_enum! {
    /// What a small firm says worries it, in plain words; [`super::worries`] maps each to categories.
    Worry {
        Ransomware, Telework, EmailFraud, WebsiteDefacement, CustomerAudit, InfoLeak,
        LostDevice, UnknownDevices, Vulnerability, Wifi, Iot, AccountTakeover,
    }
}

code_enum! {
    /// Company size by employees: micro 1–5, small 6–20, small_medium 21–50, medium 51–100,
    /// medium_large 101–300, large 301 and more.
    SizeBand { Micro, Small, SmallMedium, Medium, MediumLarge, Large }
}

impl SizeBand {
    /// The band a head count falls in. Zero counts as micro: a sole proprietor is the smallest firm.
    pub fn of_employees(employees: u32) -> SizeBand {
        match employees {
            0..=5 => SizeBand::Micro,
            6..=20 => SizeBand::Small,
            21..=50 => SizeBand::SmallMedium,
            51..=100 => SizeBand::Medium,
            101..=300 => SizeBand::MediumLarge,
            _ => SizeBand::Large,
        }
    }
}

/// JIS X 0401 prefecture codes run from 1 (Hokkaido) to 47 (Okinawa).
pub const PREFECTURE_CODES: std::ops::RangeInclusive<u8> = 1..=47;

/// A product's list prices in integer yen, tax excluded (the catalogue's [`Pricing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceList {
    pub initial_yen: i64,
    pub monthly_yen: i64,
    #[serde(default)]
    pub per_device_monthly_yen: i64,
}

impl From<PriceList> for Pricing {
    fn from(p: PriceList) -> Pricing {
        Pricing {
            initial_yen: p.initial_yen,
            monthly_yen: p.monthly_yen,
            per_device_monthly_yen: p.per_device_monthly_yen,
        }
    }
}

/// One verification record of a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationFacts {
    /// green | blue | red | dev; only current green and blue records make a product matchable.
    #[serde(with = "level_code")]
    pub level: Level,
    pub verified_on: NaiveDate,
    /// The last day the record counts (inclusive).
    pub valid_until: NaiveDate,
    #[serde(default)]
    pub withdrawn: bool,
}

impl VerificationFacts {
    pub fn dates(&self) -> RecordDates {
        RecordDates {
            level: self.level,
            verified_on: self.verified_on,
            valid_until: self.valid_until,
            withdrawn: self.withdrawn,
        }
    }
}

/// What the engine knows about one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductFacts {
    pub id: ProductId,
    pub categories: Vec<Category>,
    pub description_ja: String,
    #[serde(default)]
    pub description_en: Option<String>,
    /// ストロングポイント: what the verification found the product good at. Words here count
    /// double in text relevance.
    pub strong_points_ja: String,
    #[serde(default)]
    pub strong_points_en: Option<String>,
    pub pricing: PriceList,
    /// The company sizes the product is meant for; empty means every size.
    #[serde(default)]
    pub size_bands: Vec<SizeBand>,
    /// Serves every prefecture; otherwise only `prefectures`.
    #[serde(default)]
    pub nationwide: bool,
    /// JIS X 0401 codes served (regions already expanded to their prefectures).
    #[serde(default)]
    pub prefectures: Vec<u8>,
    /// 導入のし易さ, 1 (hard) to 5 (easy), when evaluated.
    #[serde(default)]
    pub ease_of_introduction: Option<u8>,
    /// 運用のし易さ, 1 (hard) to 5 (easy), when evaluated.
    #[serde(default)]
    pub ease_of_operation: Option<u8>,
    #[serde(default)]
    pub verifications: Vec<VerificationFacts>,
    /// Industry codes of the product's published adoption cases (導入事例), one entry a case.
    #[serde(default)]
    pub adoption_industries: Vec<String>,
}

/// What the engine knows about one need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedFacts {
    pub id: NeedId,
    /// Categories the firm asked for; may be empty, then its worries decide.
    #[serde(default)]
    pub categories: Vec<Category>,
    #[serde(default)]
    pub worries: Vec<Worry>,
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// Free keywords, separated by spaces.
    #[serde(default)]
    pub keywords: String,
    pub budget_initial_yen: i64,
    pub budget_monthly_yen: i64,
    pub employees: u32,
    pub devices: u32,
    /// JIS X 0401 code of where the firm is.
    pub prefecture: u8,
    #[serde(default)]
    pub industry: Option<String>,
}

/// Facts that the JSON types allow but the rules do not; the message names the record and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidFacts(pub String);

impl fmt::Display for InvalidFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidFacts {}

impl ProductFacts {
    /// Checks the ranges the types cannot express. The index itself never fails on such values
    /// (an unknown prefecture simply never matches); this is for input from outside.
    pub fn validate(&self) -> Result<(), InvalidFacts> {
        let bad = |what: String| Err(InvalidFacts(format!("product {:?}: {what}", self.id.0)));
        if self.id.0.is_empty() {
            return Err(InvalidFacts("a product has an empty id".to_owned()));
        }
        let p = &self.pricing;
        if p.initial_yen < 0 || p.monthly_yen < 0 || p.per_device_monthly_yen < 0 {
            return bad("prices must not be negative".to_owned());
        }
        if let Some(code) = self.prefectures.iter().find(|c| !PREFECTURE_CODES.contains(c)) {
            return bad(format!("prefecture {code} is not a JIS code 1–47"));
        }
        for (name, ease) in
            [("ease_of_introduction", self.ease_of_introduction), ("ease_of_operation", self.ease_of_operation)]
        {
            if let Some(value) = ease.filter(|v| !(1..=5).contains(v)) {
                return bad(format!("{name} {value} is not 1–5"));
            }
        }
        Ok(())
    }
}

impl NeedFacts {
    /// Checks the ranges the types cannot express, like [`ProductFacts::validate`].
    pub fn validate(&self) -> Result<(), InvalidFacts> {
        let bad = |what: String| Err(InvalidFacts(format!("need {:?}: {what}", self.id.0)));
        if self.id.0.is_empty() {
            return Err(InvalidFacts("a need has an empty id".to_owned()));
        }
        if self.budget_initial_yen < 0 || self.budget_monthly_yen < 0 {
            return bad("budgets must not be negative".to_owned());
        }
        if !PREFECTURE_CODES.contains(&self.prefecture) {
            return bad(format!("prefecture {} is not a JIS code 1–47", self.prefecture));
        }
        Ok(())
    }
}

/// The verification level of a code (`green`, `blue`, `red`, `dev`).
pub fn level_from_code(code: &str) -> Option<Level> {
    [Level::Green, Level::Blue, Level::Red, Level::Dev].into_iter().find(|l| l.code() == code)
}

/// Serde for [`Level`] by its code (`green`, …): the catalogue's enum serialises but does not parse.
pub(crate) mod level_code {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::catalog::verification_status::Level;

    pub fn serialize<S: Serializer>(level: &Level, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(level.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Level, D::Error> {
        let code = String::deserialize(deserializer)?;
        super::level_from_code(&code).ok_or_else(|| {
            serde::de::Error::invalid_value(serde::de::Unexpected::Str(&code), &"green, blue, red or dev")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bands_follow_the_head_count_ranges() {
        let cases = [(0, SizeBand::Micro), (5, SizeBand::Micro), (6, SizeBand::Small), (20, SizeBand::Small)];
        let more =
            [(21, SizeBand::SmallMedium), (51, SizeBand::Medium), (300, SizeBand::MediumLarge), (301, SizeBand::Large)];
        for (employees, band) in cases.into_iter().chain(more) {
            assert_eq!(SizeBand::of_employees(employees), band, "{employees} employees");
        }
    }

    #[test]
    fn codes_are_snake_case_and_bits_are_distinct() {
        assert_eq!(
            serde_json::to_string(&Category::VulnerabilityVisualisation).unwrap(),
            "\"vulnerability_visualisation\""
        );
        assert_eq!(serde_json::to_string(&Worry::EmailFraud).unwrap(), "\"email_fraud\"");
        assert_eq!(Category::ALL.len(), 25);
        let all = Category::ALL.iter().fold(0u32, |mask, c| mask | c.bit());
        assert_eq!(all.count_ones(), 25);
    }

    #[test]
    fn a_level_parses_from_its_code() {
        let v: VerificationFacts =
            serde_json::from_str(r#"{"level":"blue","verified_on":"2025-01-01","valid_until":"2027-01-01"}"#).unwrap();
        assert_eq!(v.level, Level::Blue);
        assert!(!v.withdrawn);
        let err = serde_json::from_str::<VerificationFacts>(
            r#"{"level":"gold","verified_on":"2025-01-01","valid_until":"2027-01-01"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("green, blue, red or dev"), "{err}");
    }
}
