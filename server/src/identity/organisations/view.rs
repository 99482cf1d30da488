//! What templates get: organisations with reference codes turned into names in the reader's
//! language, form choices, and field errors with their messages.

use entities::organisation;
use serde_json::{Value, json};

use super::rules;
use crate::http::FieldError;
use crate::i18n::{Catalogs, Locale};
use crate::identity::session::{kind_of, status_of};
use crate::reference::ReferenceData;

/// Field errors as forms show them: the field, and the message in the reader's language.
pub fn field_errors(errors: &[FieldError], catalogs: &Catalogs, locale: Locale) -> Vec<Value> {
    errors
        .iter()
        .map(|e| {
            json!({
                "field": e.field,
                "code": e.code,
                "message": catalogs.format(locale, &format!("validation.{}", e.code), &e.params),
            })
        })
        .collect()
}

/// Only http(s) addresses become links (older rows were not checked by the form).
fn safe_website(website: Option<&str>) -> Option<&str> {
    website.filter(|w| w.starts_with("https://") || w.starts_with("http://"))
}

pub fn organisation(org: &organisation::Model, reference: &ReferenceData, locale: Locale) -> Value {
    json!({
        "id": org.id,
        "name": org.name,
        "name_en": org.name_en,
        "kind": rules::kind_code(kind_of(org.kind)),
        "status": rules::status_code(status_of(org.status)),
        "prefecture": org.prefecture_code.map(|c| reference.prefecture_name(c, locale)),
        "industry": org.industry_code.as_deref().map(|c| reference.industry_name(c, locale)),
        "size_band": org.size_band_code.as_deref().map(|c| reference.size_band_name(c, locale)),
        "employees": org.employees,
        "website": safe_website(org.website.as_deref()),
        "description": org.description,
        "created_at": org.created_at,
    })
}

/// The choices of the organisation form, named in the reader's language.
pub fn form_choices(reference: &ReferenceData, locale: Locale) -> Value {
    let named = |code: &str, name: &str| json!({ "code": code, "name": name });
    json!({
        "kinds": rules::CHOOSABLE_KINDS.map(rules::kind_code),
        "prefectures": reference.prefectures.iter().map(|p| named(&p.code.to_string(), match locale {
            Locale::Ja => &p.name_ja,
            Locale::En => &p.name_en,
        })).collect::<Vec<_>>(),
        "industries": reference.industries.iter().map(|i| named(&i.code, i.name(locale))).collect::<Vec<_>>(),
        "size_bands": reference.size_bands.iter().map(|b| named(&b.named.code, b.named.name(locale))).collect::<Vec<_>>(),
    })
}
