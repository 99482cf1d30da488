//! The text of a case study, validated at the edge: a Japanese title and body, optional English.

use crate::http::FieldError;

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 8000;

/// The validated text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseText {
    pub title_ja: String,
    pub body_ja: String,
    pub title_en: Option<String>,
    pub body_en: Option<String>,
}

/// Reads the four fields from form or JSON pairs.
pub fn validate<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<CaseText, Vec<FieldError>> {
    let mut text = CaseText { title_ja: String::new(), body_ja: String::new(), title_en: None, body_en: None };
    for (key, value) in pairs {
        let value = value.trim().replace("\r\n", "\n");
        match key {
            "title_ja" => text.title_ja = value,
            "body_ja" => text.body_ja = value,
            "title_en" => text.title_en = Some(value).filter(|v| !v.is_empty()),
            "body_en" => text.body_en = Some(value).filter(|v| !v.is_empty()),
            _ => {}
        }
    }
    let mut errors = Vec::new();
    if text.title_ja.is_empty() {
        errors.push(FieldError::new("title_ja", "required"));
    }
    for (field, value, max) in [
        ("title_ja", Some(&text.title_ja), TITLE_MAX),
        ("body_ja", Some(&text.body_ja), BODY_MAX),
        ("title_en", text.title_en.as_ref(), TITLE_MAX),
        ("body_en", text.body_en.as_ref(), BODY_MAX),
    ] {
        if value.is_some_and(|v| v.chars().count() > max) {
            errors.push(FieldError::new(field, "too_long").with("max", max));
        }
    }
    if errors.is_empty() { Ok(text) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_a_japanese_title_and_bounds_every_field() {
        let ok = validate([("title_ja", " 岐阜の工場で導入 "), ("body_ja", "本文"), ("title_en", "")]).unwrap();
        assert_eq!(ok.title_ja, "岐阜の工場で導入");
        assert_eq!(ok.title_en, None);
        let long = "あ".repeat(BODY_MAX + 1);
        let errors = validate([("body_ja", long.as_str())]).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(fields, vec![("title_ja", "required"), ("body_ja", "too_long")]);
    }
}
