//! The product form, checked at the edge, field by field: what a vendor sent becomes a
//! [`ProductInput`] ready to store, or every field error at once with a stable code
//! (`validation.<code>` in the catalogs). The page and the JSON API share the field names and
//! the checks. Pure: no actix, no sea-orm.

use entities::product::Deployment;

use super::fields::Fields;
use crate::http::FieldError;
use crate::reference::ReferenceData;

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const STRONG_POINTS_MAX: usize = 2000;
pub const WEBSITE_MAX: usize = 2048;
pub const CATEGORIES_MAX: usize = 10;
pub const PREFECTURES_MAX: usize = 47;
/// ¥1,000,000,000: no listed price is higher, and a typo of extra zeros is caught.
pub const YEN_MAX: i64 = 1_000_000_000;
pub const SUPPORT_LANGUAGES: [&str; 4] = ["ja", "en", "zh", "ko"];
pub const DEPLOYMENTS: [&str; 4] = ["cloud", "on_premises", "appliance", "service"];

/// A checked product listing. Prefectures are already expanded from regions; empty when nationwide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInput {
    pub name: String,
    pub description_ja: String,
    pub description_en: Option<String>,
    pub strong_points_ja: String,
    pub strong_points_en: Option<String>,
    pub initial_yen: i64,
    pub monthly_yen: i64,
    pub per_device_monthly_yen: i64,
    pub categories: Vec<String>,
    pub size_bands: Vec<String>,
    pub nationwide: bool,
    pub prefectures: Vec<i16>,
    pub deployment: Deployment,
    pub support_languages: Vec<String>,
    pub website: Option<String>,
    pub ease_of_introduction: Option<i16>,
    pub ease_of_operation: Option<i16>,
}

pub fn deployment_of(code: &str) -> Option<Deployment> {
    Some(match code {
        "cloud" => Deployment::Cloud,
        "on_premises" => Deployment::OnPremises,
        "appliance" => Deployment::Appliance,
        "service" => Deployment::Service,
        _ => return None,
    })
}

pub fn deployment_code(d: Deployment) -> &'static str {
    match d {
        Deployment::Cloud => "cloud",
        Deployment::OnPremises => "on_premises",
        Deployment::Appliance => "appliance",
        Deployment::Service => "service",
    }
}

/// Text: trimmed, present when `required`, at most `max` characters, no control characters
/// other than line breaks and tabs (descriptions have paragraphs).
pub fn check_text(
    fields: &Fields,
    name: &str,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let value = fields.one(name).trim();
    if value.is_empty() {
        if required {
            errors.push(FieldError::new(name, "required"));
        }
        return None;
    }
    // Counting stops just past the limit: a megabyte is not walked twice.
    if value.chars().take(max + 1).count() > max {
        errors.push(FieldError::new(name, "too_long").with("max", max));
        return None;
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        errors.push(FieldError::new(name, "invalid"));
        return None;
    }
    Some(value.to_owned())
}

/// Whole yen, 0 to [`YEN_MAX`]; empty means 0 (free).
fn check_yen(fields: &Fields, name: &str, errors: &mut Vec<FieldError>) -> i64 {
    let text = fields.one(name).trim().replace(',', "");
    if text.is_empty() {
        return 0;
    }
    match text.parse::<i64>() {
        Ok(n) if n < 0 => errors.push(FieldError::new(name, "negative")),
        Ok(n) if n > YEN_MAX => errors.push(FieldError::new(name, "out_of_range").with("min", 0).with("max", YEN_MAX)),
        Ok(n) => return n,
        // "-5.5" is still a negative amount to the reader.
        Err(_) if text.starts_with('-') && text[1..].parse::<f64>().is_ok() => {
            errors.push(FieldError::new(name, "negative"))
        }
        Err(_) => errors.push(FieldError::new(name, "invalid")),
    }
    0
}

fn check_ease(fields: &Fields, name: &str, errors: &mut Vec<FieldError>) -> Option<i16> {
    let text = fields.one(name).trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<i16>() {
        Ok(n) if (1..=5).contains(&n) => Some(n),
        Ok(_) => {
            errors.push(FieldError::new(name, "out_of_range").with("min", 1).with("max", 5));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(name, "invalid"));
            None
        }
    }
}

/// A list of codes: at most `max`, each known (`name[i]` unknown otherwise), without repeats.
fn check_codes(
    fields: &Fields,
    name: &str,
    max: usize,
    known: impl Fn(&str) -> bool,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let values = fields.many(name);
    if values.len() > max {
        errors.push(FieldError::new(name, "too_many").with("max", max));
        return Vec::new();
    }
    let mut codes: Vec<String> = Vec::new();
    for (i, code) in values.into_iter().enumerate() {
        if !known(code) {
            errors.push(FieldError::new(format!("{name}[{i}]"), "unknown"));
        } else if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    codes
}

pub fn check_website(fields: &Fields, errors: &mut Vec<FieldError>) -> Option<String> {
    check_url(fields, "website", errors)
}

/// An absolute http(s) address with a host; anything else could become a `javascript:` link.
pub fn check_url(fields: &Fields, name: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let value = fields.one(name).trim();
    if value.is_empty() {
        return None;
    }
    if value.chars().take(WEBSITE_MAX + 1).count() > WEBSITE_MAX {
        errors.push(FieldError::new(name, "too_long").with("max", WEBSITE_MAX));
        return None;
    }
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty()) => {
            Some(url.to_string())
        }
        _ => {
            errors.push(FieldError::new(name, "invalid"));
            None
        }
    }
}

/// Served area: nationwide, or prefectures and whole regions (expanded to their prefectures).
fn check_area(fields: &Fields, reference: &ReferenceData, errors: &mut Vec<FieldError>) -> (bool, Vec<i16>) {
    let nationwide = fields.flag("nationwide");
    let raw = fields.many("prefectures");
    let mut prefectures: Vec<i16> = Vec::new();
    if raw.len() > PREFECTURES_MAX {
        errors.push(FieldError::new("prefectures", "too_many").with("max", PREFECTURES_MAX));
    } else {
        for (i, text) in raw.into_iter().enumerate() {
            match text.parse::<i16>() {
                Ok(code) if reference.prefectures.iter().any(|p| p.code == code) => prefectures.push(code),
                Ok(_) => errors.push(FieldError::new(format!("prefectures[{i}]"), "unknown")),
                Err(_) => errors.push(FieldError::new(format!("prefectures[{i}]"), "invalid")),
            }
        }
    }
    let regions = check_codes(fields, "regions", reference.regions.len(), |c| reference.region(c).is_some(), errors);
    for region in &regions {
        prefectures.extend(reference.prefectures_in_region(region));
    }
    prefectures.sort_unstable();
    prefectures.dedup();
    if nationwide {
        // Nationwide products have no product_region rows.
        return (true, Vec::new());
    }
    if prefectures.is_empty()
        && !errors.iter().any(|e| e.field.starts_with("prefectures") || e.field.starts_with("regions"))
    {
        errors.push(FieldError::new("prefectures", "required"));
    }
    (false, prefectures)
}

/// Checks every field (all errors at once, in form order) against the reference data.
pub fn validate(fields: &Fields, reference: &ReferenceData) -> Result<ProductInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = check_text(fields, "name", NAME_MAX, true, &mut errors);
    let categories = check_codes(
        fields,
        "categories",
        CATEGORIES_MAX,
        |c| reference.categories.iter().any(|k| k.named.code == c),
        &mut errors,
    );
    if categories.is_empty() && !errors.iter().any(|e| e.field.starts_with("categories")) {
        errors.push(FieldError::new("categories", "required"));
    }
    let description_ja = check_text(fields, "description_ja", DESCRIPTION_MAX, true, &mut errors);
    let description_en = check_text(fields, "description_en", DESCRIPTION_MAX, false, &mut errors);
    let strong_points_ja = check_text(fields, "strong_points_ja", STRONG_POINTS_MAX, true, &mut errors);
    let strong_points_en = check_text(fields, "strong_points_en", STRONG_POINTS_MAX, false, &mut errors);
    let initial_yen = check_yen(fields, "initial_yen", &mut errors);
    let monthly_yen = check_yen(fields, "monthly_yen", &mut errors);
    let per_device_monthly_yen = check_yen(fields, "per_device_monthly_yen", &mut errors);
    let size_bands = check_codes(
        fields,
        "size_bands",
        reference.size_bands.len(),
        |c| reference.size_bands.iter().any(|b| b.named.code == c),
        &mut errors,
    );
    let (nationwide, prefectures) = check_area(fields, reference, &mut errors);
    let deployment = match fields.one("deployment").trim() {
        "" => {
            errors.push(FieldError::new("deployment", "required"));
            None
        }
        code => {
            let d = deployment_of(code);
            if d.is_none() {
                errors.push(FieldError::new("deployment", "unknown"));
            }
            d
        }
    };
    let mut support_languages = check_codes(
        fields,
        "support_languages",
        SUPPORT_LANGUAGES.len(),
        |c| SUPPORT_LANGUAGES.contains(&c),
        &mut errors,
    );
    if support_languages.is_empty() {
        support_languages.push("ja".to_owned());
    }
    let website = check_website(fields, &mut errors);
    let ease_of_introduction = check_ease(fields, "ease_of_introduction", &mut errors);
    let ease_of_operation = check_ease(fields, "ease_of_operation", &mut errors);

    match (name, description_ja, strong_points_ja, deployment) {
        (Some(name), Some(description_ja), Some(strong_points_ja), Some(deployment)) if errors.is_empty() => {
            Ok(ProductInput {
                name,
                description_ja,
                description_en,
                strong_points_ja,
                strong_points_en,
                initial_yen,
                monthly_yen,
                per_device_monthly_yen,
                categories,
                size_bands,
                nationwide,
                prefectures,
                deployment,
                support_languages,
                website,
                ease_of_introduction,
                ease_of_operation,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{Category, Named, Prefecture};

    fn reference() -> ReferenceData {
        let mut data = ReferenceData::default();
        data.regions.push(Named { code: "chubu".into(), name_ja: "中部".into(), name_en: "Chubu".into() });
        for (code, region) in [(21, "chubu"), (23, "chubu"), (13, "kanto")] {
            data.prefectures.push(Prefecture {
                code,
                name_ja: code.to_string(),
                name_en: code.to_string(),
                region_code: region.into(),
            });
        }
        data.categories.push(Category {
            named: Named { code: "edr".into(), name_ja: "EDR".into(), name_en: "EDR".into() },
            group: "small_firm".into(),
        });
        data
    }

    fn good() -> Vec<(&'static str, String)> {
        [
            ("name", "守りのEDR"),
            ("categories", "edr"),
            ("description_ja", "説明"),
            ("strong_points_ja", "強み"),
            ("monthly_yen", "9,800"),
            ("regions", "chubu"),
            ("prefectures", "13"),
            ("deployment", "cloud"),
            ("website", "https://example.jp"),
        ]
        .map(|(k, v)| (k, v.to_owned()))
        .to_vec()
    }

    fn with(mut pairs: Vec<(&'static str, String)>, key: &'static str, value: &str) -> Fields {
        pairs.retain(|(k, _)| *k != key);
        pairs.push((key, value.to_owned()));
        Fields::from_pairs(pairs)
    }

    fn codes(fields: &Fields) -> Vec<(String, String)> {
        validate(fields, &reference()).unwrap_err().into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_good_form_expands_regions_and_defaults_the_language() {
        let p = validate(&Fields::from_pairs(good()), &reference()).unwrap();
        assert_eq!(p.prefectures, vec![13, 21, 23]);
        assert_eq!(p.monthly_yen, 9_800);
        assert_eq!(p.support_languages, vec!["ja"]);
        assert!(!p.nationwide);
        let p = validate(&with(good(), "nationwide", "on"), &reference()).unwrap();
        assert!(p.nationwide && p.prefectures.is_empty());
    }

    #[test]
    fn each_bad_field_has_its_code() {
        let one = |key, value: &str| codes(&with(good(), key, value));
        let pair = |f: &str, c: &str| vec![(f.to_owned(), c.to_owned())];
        assert_eq!(one("monthly_yen", "-1"), pair("monthly_yen", "negative"));
        assert_eq!(one("initial_yen", "1000000001"), pair("initial_yen", "out_of_range"));
        assert_eq!(one("initial_yen", "ten"), pair("initial_yen", "invalid"));
        assert_eq!(one("prefectures", "99"), pair("prefectures[0]", "unknown"));
        assert_eq!(one("categories", "nope"), pair("categories[0]", "unknown"));
        assert_eq!(one("deployment", "mainframe"), pair("deployment", "unknown"));
        assert_eq!(one("website", "javascript:alert(1)"), pair("website", "invalid"));
        assert_eq!(one("description_ja", &"あ".repeat(1_000_000)), pair("description_ja", "too_long"));
        assert_eq!(one("ease_of_operation", "6"), pair("ease_of_operation", "out_of_range"));
        let many: Vec<(&str, String)> = (0..11).map(|_| ("categories", "edr".to_owned())).collect();
        assert_eq!(codes(&Fields::from_pairs(many.into_iter().chain(good()))), pair("categories", "too_many"));
    }
}
