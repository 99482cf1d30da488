//! What the product pages and the API show of a listing being written: form values and choices
//! in the reader's language, field errors with their messages, and the JSON view.

use chrono::{DateTime, Utc};
use entities::product;
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::fields::Fields;
use super::form::{self, DEPLOYMENTS, SUPPORT_LANGUAGES, deployment_code};
use super::store::status_code;
use crate::catalog::store::ProductListing;
use crate::catalog::view::PricingView;
use crate::http::FieldError;
use crate::i18n::{Catalogs, Locale};
use crate::reference::ReferenceData;

/// Fields shown as lists of choices.
pub const LIST_FIELDS: [&str; 5] = ["categories", "size_bands", "prefectures", "regions", "support_languages"];

/// Field errors as forms show them: the field, and the message in the reader's language.
pub fn field_errors(errors: &[FieldError], catalogs: &Catalogs, locale: Locale) -> Vec<Value> {
    errors
        .iter()
        .map(|e| {
            // `categories[3]` is shown beside the `categories` field.
            let base = e.field.split('[').next().unwrap_or_default();
            json!({
                "field": base,
                "code": e.code,
                "message": catalogs.format(locale, &format!("validation.{}", e.code), &e.params),
            })
        })
        .collect()
}

/// A listing's values as its edit form starts with them.
pub fn fields_of(listing: &ProductListing) -> Fields {
    let p = &listing.product;
    let mut pairs: Vec<(&str, String)> = vec![
        ("name", p.name.clone()),
        ("description_ja", p.description_ja.clone()),
        ("description_en", p.description_en.clone().unwrap_or_default()),
        ("strong_points_ja", p.strong_points_ja.clone()),
        ("strong_points_en", p.strong_points_en.clone().unwrap_or_default()),
        ("initial_yen", p.initial_yen.to_string()),
        ("monthly_yen", p.monthly_yen.to_string()),
        ("per_device_monthly_yen", p.per_device_monthly_yen.to_string()),
        ("deployment", deployment_code(p.deployment).to_owned()),
        ("website", p.website.clone().unwrap_or_default()),
        ("ease_of_introduction", p.ease_of_introduction.map(|n| n.to_string()).unwrap_or_default()),
        ("ease_of_operation", p.ease_of_operation.map(|n| n.to_string()).unwrap_or_default()),
    ];
    if p.nationwide {
        pairs.push(("nationwide", "true".to_owned()));
    }
    pairs.extend(listing.categories.iter().map(|c| ("categories", c.clone())));
    pairs.extend(listing.size_bands.iter().map(|c| ("size_bands", c.clone())));
    pairs.extend(listing.prefectures.iter().map(|c| ("prefectures", c.to_string())));
    pairs.extend(p.support_languages.split(',').filter(|s| !s.is_empty()).map(|c| ("support_languages", c.to_owned())));
    Fields::from_pairs(pairs)
}

/// The form's values for the template: every field present, lists as lists.
pub fn echo(fields: &Fields) -> Value {
    let mut value = fields.echo(&LIST_FIELDS, form::DESCRIPTION_MAX);
    if let Value::Object(map) = &mut value {
        for list in LIST_FIELDS {
            map.entry(list).or_insert_with(|| json!([]));
        }
        map.insert("nationwide".to_owned(), Value::Bool(fields.flag("nationwide")));
    }
    value
}

/// The choices of the product form, named in the reader's language.
pub fn choices(reference: &ReferenceData, catalogs: &Catalogs, locale: Locale) -> Value {
    let named = |code: String, name: &str| json!({ "code": code, "name": name });
    json!({
        "categories": reference.categories.iter().map(|c| named(c.named.code.clone(), c.named.name(locale))).collect::<Vec<_>>(),
        "size_bands": reference.size_bands.iter().map(|b| named(b.named.code.clone(), b.named.name(locale))).collect::<Vec<_>>(),
        "regions": reference.regions.iter().map(|r| named(r.code.clone(), r.name(locale))).collect::<Vec<_>>(),
        "prefectures": reference.prefectures.iter().map(|p| named(p.code.to_string(), match locale {
            Locale::Ja => &p.name_ja,
            Locale::En => &p.name_en,
        })).collect::<Vec<_>>(),
        "deployments": DEPLOYMENTS.map(|d| named(d.to_owned(), &catalogs.text(locale, &format!("deployment.{d}")))),
        "languages": SUPPORT_LANGUAGES.map(|l| named(l.to_owned(), &catalogs.text(locale, &format!("language.names.{l}")))),
        "ease": [1, 2, 3, 4, 5],
    })
}

/// A listing as its vendor sees it through the API, in any status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ListingView {
    pub id: Uuid,
    pub vendor_organisation_id: Uuid,
    /// draft | published | archived
    pub status: &'static str,
    pub name: String,
    pub categories: Vec<String>,
    pub description_ja: String,
    pub description_en: Option<String>,
    pub strong_points_ja: String,
    pub strong_points_en: Option<String>,
    pub pricing: PricingView,
    /// Computed from the pricing, never typed in: within the Otasuketai price caps.
    pub otasuketai_compatible: bool,
    pub nationwide: bool,
    /// Served prefectures (JIS codes; regions are expanded), empty when nationwide.
    pub prefectures: Vec<i16>,
    pub size_bands: Vec<String>,
    /// cloud | on_premises | appliance | service
    pub deployment: &'static str,
    pub support_languages: Vec<String>,
    pub website: Option<String>,
    pub ease_of_introduction: Option<i16>,
    pub ease_of_operation: Option<i16>,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl From<ProductListing> for ListingView {
    fn from(listing: ProductListing) -> Self {
        let otasuketai_compatible = listing.pricing().meets_otasuketai_caps();
        let p = listing.product;
        Self {
            id: p.id,
            vendor_organisation_id: p.organisation_id,
            status: status_code(p.status),
            name: p.name,
            categories: listing.categories,
            description_ja: p.description_ja,
            description_en: p.description_en,
            strong_points_ja: p.strong_points_ja,
            strong_points_en: p.strong_points_en,
            pricing: PricingView {
                initial_yen: p.initial_yen,
                monthly_yen: p.monthly_yen,
                per_device_monthly_yen: p.per_device_monthly_yen,
            },
            otasuketai_compatible,
            nationwide: p.nationwide,
            prefectures: listing.prefectures,
            size_bands: listing.size_bands,
            deployment: deployment_code(p.deployment),
            support_languages: p.support_languages.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            website: p.website,
            ease_of_introduction: p.ease_of_introduction,
            ease_of_operation: p.ease_of_operation,
            published_at: p.published_at,
            updated_at: p.updated_at,
        }
    }
}

/// A row of the vendor's own list.
pub fn own_row(p: &product::Model, catalogs: &Catalogs, locale: Locale) -> Value {
    let status = status_code(p.status);
    json!({
        "id": p.id,
        "name": p.name,
        "status": status,
        "status_label": catalogs.text(locale, &format!("vendor_products.status.{status}")),
        "updated_at": p.updated_at.date_naive().to_string(),
        "can_publish": p.status == product::ProductStatus::Draft,
        "can_archive": p.status == product::ProductStatus::Published,
    })
}
