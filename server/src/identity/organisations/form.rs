//! The organisation form, checked at the edge: what a person typed (every field as text, so any
//! input gets a field error rather than a parse failure) becomes a [`NewOrganisation`] or a list of
//! field errors with stable codes (`validation.<code>` in the catalogs). The page and the JSON API
//! use the same field names and the same checks. Pure: no actix, no sea-orm.

use serde::Serialize;

use super::rules;
use crate::http::FieldError;
use crate::identity::actor::OrgKind;
use crate::reference::ReferenceData;

/// Longest name, in characters (the column is `varchar(200)`).
pub const NAME_MAX: usize = 200;
/// Longest website address (the column is `varchar(2048)`).
pub const WEBSITE_MAX: usize = 2048;
pub const EMPLOYEES_MAX: i32 = 1_000_000;

/// The fields as sent. Missing fields are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OrganisationInput {
    pub kind: String,
    pub name: String,
    pub name_en: String,
    pub prefecture_code: String,
    pub industry_code: String,
    pub size_band_code: String,
    pub employees: String,
    pub website: String,
}

impl OrganisationInput {
    /// From decoded form pairs; the first value of a repeated field counts.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut input = Self::default();
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in pairs {
            let key = key.as_ref();
            if seen.iter().any(|s| s == key) {
                continue;
            }
            let Some(slot) = input.field_mut(key) else { continue };
            *slot = value.into();
            seen.push(key.to_owned());
        }
        input
    }

    /// From a JSON object: strings as they are, numbers as their text, anything else as text
    /// that will not validate (so `"prefecture_code": [1]` is a field error, not a 400).
    pub fn from_json(value: &serde_json::Value) -> Self {
        let mut input = Self::default();
        let Some(object) = value.as_object() else { return input };
        for (key, value) in object {
            let Some(slot) = input.field_mut(key) else { continue };
            *slot = match value {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
        }
        input
    }

    fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "kind" => &mut self.kind,
            "name" => &mut self.name,
            "name_en" => &mut self.name_en,
            "prefecture_code" => &mut self.prefecture_code,
            "industry_code" => &mut self.industry_code,
            "size_band_code" => &mut self.size_band_code,
            "employees" => &mut self.employees,
            "website" => &mut self.website,
            _ => return None,
        })
    }

    /// The values to put back into a re-rendered form, cut short: a pasted megabyte is an error
    /// to report, not something to send back.
    pub fn echo(&self) -> Self {
        let cut = |s: &str, max: usize| s.chars().take(max + 1).collect::<String>();
        Self {
            kind: cut(&self.kind, 32),
            name: cut(&self.name, NAME_MAX),
            name_en: cut(&self.name_en, NAME_MAX),
            prefecture_code: cut(&self.prefecture_code, 8),
            industry_code: cut(&self.industry_code, 32),
            size_band_code: cut(&self.size_band_code, 32),
            employees: cut(&self.employees, 12),
            website: cut(&self.website, WEBSITE_MAX),
        }
    }
}

/// A checked organisation, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    pub kind: OrgKind,
    pub name: String,
    pub name_en: Option<String>,
    pub prefecture_code: i16,
    pub industry_code: String,
    pub size_band_code: Option<String>,
    pub employees: Option<i32>,
    pub website: Option<String>,
}

/// A name: trimmed, present when `required`, at most [`NAME_MAX`] characters, no control characters.
fn check_name(field: &str, raw: &str, required: bool, errors: &mut Vec<FieldError>) -> Option<String> {
    let value = raw.trim();
    if value.is_empty() {
        if required {
            errors.push(FieldError::new(field, "required"));
        }
        return None;
    }
    if value.chars().count() > NAME_MAX {
        errors.push(FieldError::new(field, "too_long").with("max", NAME_MAX));
        return None;
    }
    if value.chars().any(char::is_control) {
        errors.push(FieldError::new(field, "invalid"));
        return None;
    }
    Some(value.to_owned())
}

/// A website: an absolute http(s) address with a host. Anything else could become a
/// `javascript:` link on the profile page.
fn check_website(raw: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let value = raw.trim();
    if value.is_empty() {
        return None;
    }
    if value.chars().count() > WEBSITE_MAX {
        errors.push(FieldError::new("website", "too_long").with("max", WEBSITE_MAX));
        return None;
    }
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty()) => {
            Some(url.to_string())
        }
        _ => {
            errors.push(FieldError::new("website", "invalid"));
            None
        }
    }
}

/// Checks every field (all errors at once, in form order) against the reference data.
pub fn validate(input: &OrganisationInput, reference: &ReferenceData) -> Result<NewOrganisation, Vec<FieldError>> {
    let mut errors = Vec::new();

    let kind = match input.kind.trim() {
        "" => {
            errors.push(FieldError::new("kind", "required"));
            None
        }
        code => {
            let kind = rules::choosable_kind(code);
            if kind.is_none() {
                errors.push(FieldError::new("kind", "unknown"));
            }
            kind
        }
    };

    let name = check_name("name", &input.name, true, &mut errors);
    let name_en = check_name("name_en", &input.name_en, false, &mut errors);

    let prefecture_code = match input.prefecture_code.trim() {
        "" => {
            errors.push(FieldError::new("prefecture_code", "required"));
            None
        }
        text => match text.parse::<i16>() {
            Ok(code) if reference.prefectures.iter().any(|p| p.code == code) => Some(code),
            Ok(_) => {
                errors.push(FieldError::new("prefecture_code", "unknown"));
                None
            }
            Err(_) => {
                errors.push(FieldError::new("prefecture_code", "invalid"));
                None
            }
        },
    };

    let industry_code = match input.industry_code.trim() {
        "" => {
            errors.push(FieldError::new("industry_code", "required"));
            None
        }
        code if reference.industries.iter().any(|i| i.code == code) => Some(code.to_owned()),
        _ => {
            errors.push(FieldError::new("industry_code", "unknown"));
            None
        }
    };

    let band = match input.size_band_code.trim() {
        "" => None,
        code => {
            let band = reference.size_bands.iter().find(|b| b.named.code == code);
            if band.is_none() {
                errors.push(FieldError::new("size_band_code", "unknown"));
            }
            band
        }
    };

    let employees = match input.employees.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=i64::from(EMPLOYEES_MAX)).contains(&n) => i32::try_from(n).ok(),
            Ok(_) => {
                errors.push(FieldError::new("employees", "out_of_range").with("min", 1).with("max", EMPLOYEES_MAX));
                None
            }
            Err(_) => {
                errors.push(FieldError::new("employees", "invalid"));
                None
            }
        },
    };

    // A head count and a band must agree; a head count alone picks its band.
    let size_band_code = match (band, employees) {
        (Some(band), Some(n)) => {
            let max = band.max_employees.unwrap_or(EMPLOYEES_MAX);
            if n < band.min_employees || n > max {
                errors.push(
                    FieldError::new("employees", "out_of_range").with("min", band.min_employees).with("max", max),
                );
            }
            Some(band.named.code.clone())
        }
        (Some(band), None) => Some(band.named.code.clone()),
        (None, Some(n)) => reference
            .size_bands
            .iter()
            .find(|b| n >= b.min_employees && b.max_employees.is_none_or(|max| n <= max))
            .map(|b| b.named.code.clone()),
        (None, None) => None,
    };

    let website = check_website(&input.website, &mut errors);

    match (kind, name, prefecture_code, industry_code) {
        (Some(kind), Some(name), Some(prefecture_code), Some(industry_code)) if errors.is_empty() => {
            Ok(NewOrganisation {
                kind,
                name,
                name_en,
                prefecture_code,
                industry_code,
                size_band_code,
                employees,
                website,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{Named, Prefecture, SizeBand};

    fn reference() -> ReferenceData {
        let mut data = ReferenceData::default();
        for (code, ja, en) in [(21, "岐阜県", "Gifu"), (47, "沖縄県", "Okinawa")] {
            data.prefectures.push(Prefecture { code, name_ja: ja.into(), name_en: en.into(), region_code: "x".into() });
        }
        data.industries.push(Named {
            code: "manufacturing".into(),
            name_ja: "製造業".into(),
            name_en: "Manufacturing".into(),
        });
        for (code, min, max) in [("micro", 1, Some(5)), ("small", 6, Some(20)), ("large", 301, None)] {
            data.size_bands.push(SizeBand {
                named: Named { code: code.into(), name_ja: code.into(), name_en: code.into() },
                min_employees: min,
                max_employees: max,
            });
        }
        data
    }

    fn good() -> OrganisationInput {
        OrganisationInput {
            kind: "user_company".into(),
            name: "  岐阜部品製作所  ".into(),
            prefecture_code: "21".into(),
            industry_code: "manufacturing".into(),
            employees: "12".into(),
            website: "https://gifu-parts.example.jp".into(),
            ..OrganisationInput::default()
        }
    }

    fn codes(input: &OrganisationInput) -> Vec<(String, String)> {
        validate(input, &reference()).unwrap_err().into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_good_form_becomes_an_organisation_with_its_band_from_the_head_count() {
        let new = validate(&good(), &reference()).unwrap();
        assert_eq!(new.kind, OrgKind::UserCompany);
        assert_eq!(new.name, "岐阜部品製作所");
        assert_eq!(new.name_en, None);
        assert_eq!(new.prefecture_code, 21);
        assert_eq!(new.size_band_code.as_deref(), Some("small"));
        assert_eq!(new.website.as_deref(), Some("https://gifu-parts.example.jp/"));
    }

    #[test]
    fn every_bad_field_is_reported_with_a_stable_code() {
        let bad = OrganisationInput {
            kind: "organiser".into(),
            name: "x".repeat(NAME_MAX + 1),
            name_en: "bad\u{0}name".into(),
            prefecture_code: "99".into(),
            industry_code: "fishing".into(),
            size_band_code: "huge".into(),
            employees: "lots".into(),
            website: "javascript:alert(1)".into(),
        };
        let expected = [
            ("kind", "unknown"),
            ("name", "too_long"),
            ("name_en", "invalid"),
            ("prefecture_code", "unknown"),
            ("industry_code", "unknown"),
            ("size_band_code", "unknown"),
            ("employees", "invalid"),
            ("website", "invalid"),
        ];
        let got = codes(&bad);
        assert_eq!(got, expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
        assert_eq!(
            codes(&OrganisationInput::default()),
            ["kind", "name", "prefecture_code", "industry_code"].map(|f| (f.to_owned(), "required".to_owned()))
        );
    }

    #[test]
    fn numbers_are_checked_for_shape_and_range() {
        assert_eq!(
            codes(&OrganisationInput { prefecture_code: "tokyo".into(), ..good() }),
            [("prefecture_code".into(), "invalid".into())]
        );
        assert_eq!(
            codes(&OrganisationInput { employees: "0".into(), ..good() }),
            [("employees".into(), "out_of_range".into())]
        );
        let mismatch = OrganisationInput { size_band_code: "micro".into(), employees: "40".into(), ..good() };
        let errors = validate(&mismatch, &reference()).unwrap_err();
        assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("employees", "out_of_range"));
        assert_eq!(errors[0].params, vec![("min", "1".to_owned()), ("max", "5".to_owned())]);
        let open_band = OrganisationInput { size_band_code: "large".into(), employees: "5000".into(), ..good() };
        assert_eq!(validate(&open_band, &reference()).unwrap().size_band_code.as_deref(), Some("large"));
    }

    #[test]
    fn json_and_form_input_read_the_same_fields() {
        let json = serde_json::json!({ "kind": "vendor", "prefecture_code": 21, "employees": null, "name": ["x"], "other": 1 });
        let input = OrganisationInput::from_json(&json);
        assert_eq!(input.prefecture_code, "21");
        assert_eq!(input.employees, "");
        assert_eq!(input.name, "[\"x\"]");
        let form =
            OrganisationInput::from_pairs([("kind", "vendor"), ("kind", "organiser"), ("prefecture_code", "21")]);
        assert_eq!((form.kind.as_str(), form.prefecture_code.as_str()), ("vendor", "21"));
        assert_eq!(
            OrganisationInput { name: "あ".repeat(300_000), ..good() }.echo().name.chars().count(),
            NAME_MAX + 1
        );
    }
}
