//! The working-group form (pure): kind, names and descriptions in both languages, the region of
//! a regional community, and whether the group is running.

use entities::working_group::{WorkingGroupKind, WorkingGroupStatus};
use serde::Serialize;

use crate::catalog::needs::form::check_text;
use crate::http::FieldError;

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;

pub const KINDS: [(&str, WorkingGroupKind); 5] = [
    ("policy", WorkingGroupKind::Policy),
    ("seeds", WorkingGroupKind::Seeds),
    ("needs", WorkingGroupKind::Needs),
    ("matching", WorkingGroupKind::Matching),
    ("regional", WorkingGroupKind::Regional),
];

pub fn kind_code(kind: WorkingGroupKind) -> &'static str {
    KINDS.iter().find(|(_, k)| *k == kind).map_or("policy", |(code, _)| code)
}

pub fn status_code(status: WorkingGroupStatus) -> &'static str {
    match status {
        WorkingGroupStatus::Active => "active",
        WorkingGroupStatus::Archived => "archived",
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GroupInput {
    pub kind: String,
    pub name_ja: String,
    pub name_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub region_code: String,
    pub status: String,
}

impl GroupInput {
    fn slot(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "kind" => &mut self.kind,
            "name_ja" => &mut self.name_ja,
            "name_en" => &mut self.name_en,
            "description_ja" => &mut self.description_ja,
            "description_en" => &mut self.description_en,
            "region_code" => &mut self.region_code,
            "status" => &mut self.status,
            _ => return None,
        })
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut input = Self::default();
        for (key, value) in pairs {
            if let Some(slot) = input.slot(key) {
                *slot = value.to_owned();
            }
        }
        input
    }

    pub fn from_json(value: &serde_json::Value) -> Self {
        let mut input = Self::default();
        for (key, value) in value.as_object().into_iter().flatten() {
            if let Some(slot) = input.slot(key) {
                *slot = match value {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
            }
        }
        input
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDraft {
    pub kind: WorkingGroupKind,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub description_ja: String,
    pub description_en: Option<String>,
    pub region_code: Option<String>,
    pub status: WorkingGroupStatus,
}

/// Checks the input; `region_exists` says whether a region code is in the reference data.
pub fn validate(input: &GroupInput, region_exists: impl Fn(&str) -> bool) -> Result<GroupDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = match KINDS.iter().find(|(code, _)| *code == input.kind.trim()) {
        Some((_, kind)) => Some(*kind),
        None if input.kind.trim().is_empty() => {
            errors.push(FieldError::new("kind", "required"));
            None
        }
        None => {
            errors.push(FieldError::new("kind", "unknown"));
            None
        }
    };
    let name_ja = check_text("name_ja", &input.name_ja, NAME_MAX, true, false, &mut errors);
    let name_en = check_text("name_en", &input.name_en, NAME_MAX, false, false, &mut errors);
    let description_ja = check_text("description_ja", &input.description_ja, DESCRIPTION_MAX, true, true, &mut errors);
    let description_en = check_text("description_en", &input.description_en, DESCRIPTION_MAX, false, true, &mut errors);
    let region = input.region_code.trim();
    let region_code = if region.is_empty() {
        if kind == Some(WorkingGroupKind::Regional) {
            errors.push(FieldError::new("region_code", "required"));
        }
        None
    } else if region_exists(region) {
        Some(region.to_owned())
    } else {
        errors.push(FieldError::new("region_code", "unknown"));
        None
    };
    let status = match input.status.trim() {
        "" | "active" => WorkingGroupStatus::Active,
        "archived" => WorkingGroupStatus::Archived,
        _ => {
            errors.push(FieldError::new("status", "unknown"));
            WorkingGroupStatus::Active
        }
    };
    match kind {
        Some(kind) if errors.is_empty() => Ok(GroupDraft {
            kind,
            name_ja,
            name_en: (!name_en.is_empty()).then_some(name_en),
            description_ja,
            description_en: (!description_en.is_empty()).then_some(description_en),
            region_code,
            status,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, region: &str) -> GroupInput {
        GroupInput::from_pairs([
            ("kind", kind),
            ("name_ja", "岡山地域セキュリティ"),
            ("description_ja", "地域の中小企業と支援機関の集まり"),
            ("region_code", region),
        ])
    }

    #[test]
    fn a_regional_group_names_its_region() {
        let known = |c: &str| c == "chugoku";
        let draft = validate(&input("regional", "chugoku"), known).unwrap();
        assert_eq!(draft.kind, WorkingGroupKind::Regional);
        assert_eq!(draft.region_code.as_deref(), Some("chugoku"));
        let errors = validate(&input("regional", ""), known).unwrap_err();
        assert_eq!(errors[0].field, "region_code");
        let errors = validate(&input("policy", "atlantis"), known).unwrap_err();
        assert_eq!(errors[0].code, "unknown");
    }

    #[test]
    fn kind_and_names_are_required() {
        let errors = validate(&GroupInput::default(), |_| true).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "name_ja", "description_ja"]);
        let errors = validate(&input("lecture", ""), |_| true).unwrap_err();
        assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("kind", "unknown"));
    }

    #[test]
    fn json_numbers_and_nulls_become_text() {
        let i = GroupInput::from_json(&serde_json::json!({"kind": "seeds", "name_en": null, "name_ja": 7}));
        assert_eq!((i.kind.as_str(), i.name_en.as_str(), i.name_ja.as_str()), ("seeds", "", "7"));
    }
}
