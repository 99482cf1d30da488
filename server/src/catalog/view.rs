//! What pages and the API show of a product, built from a [`ProductListing`].

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::store::{ProductListing, level_of};
use super::verification_status::{Level, current_badge};
use crate::i18n::{Catalogs, Locale};
use crate::reference::ReferenceData;

#[derive(Debug, Serialize)]
pub struct CodeName {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Badge {
    pub level: &'static str,
    pub label: String,
    pub valid_until: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PricingView {
    /// Initial cost in yen, tax excluded.
    pub initial_yen: i64,
    /// Fixed monthly cost in yen, tax excluded.
    pub monthly_yen: i64,
    /// Monthly cost per device in yen, tax excluded.
    pub per_device_monthly_yen: i64,
}

/// A product as a card on a page, in the reader's language.
#[derive(Debug, Serialize)]
pub struct ProductCard {
    pub id: Uuid,
    pub name: String,
    pub vendor_name: String,
    pub categories: Vec<CodeName>,
    pub badge: Option<Badge>,
    pub strong_points: String,
    pub pricing: PricingView,
    pub otasuketai_compatible: bool,
}

fn localised(ja: &str, en: Option<&String>, locale: Locale) -> String {
    match (locale, en) {
        (Locale::En, Some(en)) if !en.trim().is_empty() => en.clone(),
        _ => ja.to_owned(),
    }
}

pub fn level_label(catalogs: &Catalogs, locale: Locale, level: Level) -> String {
    catalogs.text(locale, &format!("verification.level.{}.short", level.code()))
}

pub fn card(
    listing: &ProductListing,
    today: NaiveDate,
    locale: Locale,
    catalogs: &Catalogs,
    reference: &ReferenceData,
) -> ProductCard {
    let p = &listing.product;
    let badge = current_badge(&listing.verification_dates(), today).map(|r| Badge {
        level: r.level.code(),
        label: level_label(catalogs, locale, r.level),
        valid_until: r.valid_until.to_string(),
    });
    ProductCard {
        id: p.id,
        name: p.name.clone(),
        vendor_name: listing.vendor_name.clone(),
        categories: listing
            .categories
            .iter()
            .map(|code| CodeName { code: code.clone(), name: reference.category_name(code, locale) })
            .collect(),
        badge,
        strong_points: localised(&p.strong_points_ja, p.strong_points_en.as_ref(), locale),
        pricing: PricingView {
            initial_yen: p.initial_yen,
            monthly_yen: p.monthly_yen,
            per_device_monthly_yen: p.per_device_monthly_yen,
        },
        otasuketai_compatible: listing.pricing().meets_otasuketai_caps(),
    }
}

/// The extra detail of a product page.
#[derive(Debug, Serialize)]
pub struct ProductDetail {
    #[serde(flatten)]
    pub card: ProductCard,
    pub description: String,
    pub website: Option<String>,
    pub deployment_label: String,
    pub regions_label: String,
    pub size_bands: Vec<String>,
    pub support_languages: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct VerificationRow {
    pub level: &'static str,
    pub label: String,
    pub verified_on: String,
    pub valid_until: String,
    pub current: bool,
    pub verifier_name: String,
    pub summary: String,
    pub evidence_url: Option<String>,
    pub status: String,
}

pub fn detail(
    listing: &ProductListing,
    today: NaiveDate,
    locale: Locale,
    catalogs: &Catalogs,
    reference: &ReferenceData,
) -> ProductDetail {
    let p = &listing.product;
    let deployment =
        serde_json::to_value(p.deployment).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let regions_label = if p.nationwide || listing.prefectures.is_empty() {
        catalogs.text(locale, "regions.nationwide")
    } else {
        let separator = if locale == Locale::Ja { "、" } else { ", " };
        reference.describe_prefectures(&listing.prefectures, locale).join(separator)
    };
    ProductDetail {
        card: card(listing, today, locale, catalogs, reference),
        description: localised(&p.description_ja, p.description_en.as_ref(), locale),
        website: p.website.clone(),
        deployment_label: catalogs.text(locale, &format!("deployment.{deployment}")),
        regions_label,
        size_bands: listing.size_bands.iter().map(|b| reference.size_band_name(b, locale)).collect(),
        support_languages: p
            .support_languages
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|code| catalogs.text(locale, &format!("language.names.{code}")))
            .collect(),
    }
}

pub fn verification_rows(
    listing: &ProductListing,
    verifier_names: &std::collections::HashMap<Uuid, String>,
    today: NaiveDate,
    locale: Locale,
    catalogs: &Catalogs,
) -> Vec<VerificationRow> {
    listing
        .verifications
        .iter()
        .map(|v| {
            let dates = super::store::record_dates(v);
            let current = dates.is_current(today);
            let status = if dates.withdrawn {
                "revoked"
            } else if current {
                "valid"
            } else {
                "expired"
            };
            let level = level_of(v.level);
            VerificationRow {
                level: level.code(),
                label: catalogs.text(locale, &format!("verification.level.{}.name", level.code())),
                verified_on: v.verified_on.to_string(),
                valid_until: v.valid_until.to_string(),
                current,
                verifier_name: verifier_names.get(&v.verifier_organisation_id).cloned().unwrap_or_default(),
                summary: localised(&v.summary_ja, v.summary_en.as_ref(), locale),
                evidence_url: v.evidence_url.clone(),
                status: catalogs.text(locale, &format!("verification.status.{status}")),
            }
        })
        .collect()
}
