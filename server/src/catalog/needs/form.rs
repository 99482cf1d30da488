//! The need form, checked at the edge: every field arrives as text (lists as lists of text), so
//! any input becomes a field error with a stable code rather than a parse failure. The page and
//! the JSON API share the field names and the checks. Pure: no actix, no sea-orm.

use chrono::NaiveDate;
use entities::need::NeedVisibility;
use serde::Serialize;

use super::worries;
use crate::http::FieldError;
use crate::reference::ReferenceData;

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 4000;
pub const KEYWORDS_MAX: usize = 500;
pub const WORRIES_MAX: usize = 12;
pub const CATEGORIES_MAX: usize = 10;
pub const EMPLOYEES_MAX: i64 = 100_000;
pub const DEVICES_MAX: i64 = 100_000;
/// A trillion yen: far above any real budget, well inside `i64`.
pub const YEN_MAX: i64 = 1_000_000_000_000;

/// The fields as sent. Missing fields are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NeedInput {
    pub title: String,
    pub body: String,
    pub keywords: String,
    pub worries: Vec<String>,
    pub categories: Vec<String>,
    pub employees: String,
    pub devices: String,
    pub budget_initial_yen: String,
    pub budget_monthly_yen: String,
    pub prefecture_code: String,
    pub industry_code: String,
    pub deadline: String,
    pub visibility: String,
}

fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl NeedInput {
    /// From decoded form pairs: checkboxes repeat their name; for other fields the first counts.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut input = Self::default();
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in pairs {
            let key = key.as_ref();
            match key {
                "worries" => input.worries.push(value.into()),
                "categories" => input.categories.push(value.into()),
                _ if seen.iter().any(|s| s == key) => {}
                _ => {
                    let Some(slot) = input.field_mut(key) else { continue };
                    *slot = value.into();
                    seen.push(key.to_owned());
                }
            }
        }
        input
    }

    /// From a JSON object: strings as they are, numbers as their text; a list field given as a
    /// single value counts as a list of one, so `"worries": 3` is a field error, not a 400.
    pub fn from_json(value: &serde_json::Value) -> Self {
        let mut input = Self::default();
        let Some(object) = value.as_object() else { return input };
        for (key, value) in object {
            let list = || match value {
                serde_json::Value::Array(items) => items.iter().map(text_of).collect(),
                serde_json::Value::Null => Vec::new(),
                other => vec![text_of(other)],
            };
            match key.as_str() {
                "worries" => input.worries = list(),
                "categories" => input.categories = list(),
                name => {
                    if let Some(slot) = input.field_mut(name) {
                        *slot = text_of(value);
                    }
                }
            }
        }
        input
    }

    fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "title" => &mut self.title,
            "body" => &mut self.body,
            "keywords" => &mut self.keywords,
            "employees" => &mut self.employees,
            "devices" => &mut self.devices,
            "budget_initial_yen" => &mut self.budget_initial_yen,
            "budget_monthly_yen" => &mut self.budget_monthly_yen,
            "prefecture_code" => &mut self.prefecture_code,
            "industry_code" => &mut self.industry_code,
            "deadline" => &mut self.deadline,
            "visibility" => &mut self.visibility,
            _ => return None,
        })
    }

    /// The values to put back into a re-rendered form, cut short: a pasted megabyte is an error
    /// to report, not something to send back.
    pub fn echo(&self) -> Self {
        let cut = |s: &str, max: usize| s.chars().take(max + 1).collect::<String>();
        let cut_list = |l: &[String]| l.iter().take(64).map(|s| cut(s, 32)).collect();
        Self {
            title: cut(&self.title, TITLE_MAX),
            body: cut(&self.body, BODY_MAX),
            keywords: cut(&self.keywords, KEYWORDS_MAX),
            worries: cut_list(&self.worries),
            categories: cut_list(&self.categories),
            employees: cut(&self.employees, 12),
            devices: cut(&self.devices, 12),
            budget_initial_yen: cut(&self.budget_initial_yen, 16),
            budget_monthly_yen: cut(&self.budget_monthly_yen, 16),
            prefecture_code: cut(&self.prefecture_code, 8),
            industry_code: cut(&self.industry_code, 32),
            deadline: cut(&self.deadline, 10),
            visibility: cut(&self.visibility, 16),
        }
    }
}

/// A checked need, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedDraft {
    pub title: String,
    pub body: String,
    pub keywords: String,
    /// Worry codes, each once, in form order.
    pub worries: Vec<String>,
    pub categories: Vec<String>,
    pub employees: i32,
    pub devices: i32,
    pub budget_initial_yen: i64,
    pub budget_monthly_yen: i64,
    pub prefecture_code: i16,
    pub industry_code: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub visibility: NeedVisibility,
}

pub fn visibility_code(v: NeedVisibility) -> &'static str {
    match v {
        NeedVisibility::Private => "private",
        NeedVisibility::Anonymous => "anonymous",
        NeedVisibility::Named => "named",
    }
}

/// Every visibility, in the order the form offers them.
pub const VISIBILITIES: [NeedVisibility; 3] =
    [NeedVisibility::Private, NeedVisibility::Anonymous, NeedVisibility::Named];

pub fn check_text(
    field: &str,
    raw: &str,
    max: usize,
    required: bool,
    multiline: bool,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = raw.trim();
    if value.is_empty() {
        if required {
            errors.push(FieldError::new(field, "required"));
        }
        return String::new();
    }
    if value.chars().count() > max {
        errors.push(FieldError::new(field, "too_long").with("max", max));
        return String::new();
    }
    if value.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) {
        errors.push(FieldError::new(field, "invalid"));
        return String::new();
    }
    value.to_owned()
}

/// A whole number in `min..=max`; empty gives `default` (or `required` when there is none).
pub fn check_number(
    field: &str,
    raw: &str,
    min: i64,
    max: i64,
    default: Option<i64>,
    errors: &mut Vec<FieldError>,
) -> i64 {
    let text = raw.trim().replace([',', '_'], "");
    if text.is_empty() {
        return default.unwrap_or_else(|| {
            errors.push(FieldError::new(field, "required"));
            0
        });
    }
    match text.parse::<i64>() {
        Ok(n) if n < 0 && min == 0 => {
            errors.push(FieldError::new(field, "negative"));
            0
        }
        Ok(n) if (min..=max).contains(&n) => n,
        Ok(_) => {
            errors.push(FieldError::new(field, "out_of_range").with("min", min).with("max", max));
            0
        }
        Err(_) if text.starts_with('-') && text[1..].chars().all(|c| c.is_ascii_digit()) && min == 0 => {
            errors.push(FieldError::new(field, "negative"));
            0
        }
        Err(_) => {
            errors.push(FieldError::new(field, "invalid"));
            0
        }
    }
}

/// A list of codes: at most `max`, each from `known`; repeats count once.
fn check_codes(
    field: &str,
    raw: &[String],
    max: usize,
    known: impl Fn(&str) -> bool,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for code in raw.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    if codes.len() > max {
        errors.push(FieldError::new(field, "too_many").with("max", max));
        return Vec::new();
    }
    if let Some(i) = codes.iter().position(|c| !known(c)) {
        errors.push(FieldError::new(format!("{field}[{i}]"), "unknown"));
        return Vec::new();
    }
    codes
}

/// Checks every field (all errors at once, in form order). `today` is the firm's date, so a
/// deadline of today is accepted.
pub fn validate(input: &NeedInput, reference: &ReferenceData, today: NaiveDate) -> Result<NeedDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let worries = check_codes("worries", &input.worries, WORRIES_MAX, |c| worries::from_code(c).is_some(), &mut errors);
    let categories = check_codes(
        "categories",
        &input.categories,
        CATEGORIES_MAX,
        |c| reference.categories.iter().any(|k| k.named.code == c),
        &mut errors,
    );
    let employees = check_number("employees", &input.employees, 1, EMPLOYEES_MAX, None, &mut errors);
    let devices = check_number("devices", &input.devices, 0, DEVICES_MAX, Some(0), &mut errors);
    let budget_initial_yen =
        check_number("budget_initial_yen", &input.budget_initial_yen, 0, YEN_MAX, Some(0), &mut errors);
    let budget_monthly_yen =
        check_number("budget_monthly_yen", &input.budget_monthly_yen, 0, YEN_MAX, Some(0), &mut errors);

    let prefecture_code = match input.prefecture_code.trim() {
        "" => {
            errors.push(FieldError::new("prefecture_code", "required"));
            0
        }
        text => match text.parse::<i16>() {
            Ok(code) if reference.prefectures.iter().any(|p| p.code == code) => code,
            _ => {
                errors.push(FieldError::new("prefecture_code", "unknown"));
                0
            }
        },
    };
    let industry_code = match input.industry_code.trim() {
        "" => None,
        code if reference.industries.iter().any(|i| i.code == code) => Some(code.to_owned()),
        _ => {
            errors.push(FieldError::new("industry_code", "unknown"));
            None
        }
    };

    let title = check_text("title", &input.title, TITLE_MAX, true, false, &mut errors);
    let body = check_text("body", &input.body, BODY_MAX, false, true, &mut errors);
    let keywords = check_text("keywords", &input.keywords, KEYWORDS_MAX, false, false, &mut errors);

    let deadline = match input.deadline.trim() {
        "" => None,
        text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) if date >= today => Some(date),
            Ok(_) => {
                errors.push(FieldError::new("deadline", "in_past"));
                None
            }
            Err(_) => {
                errors.push(FieldError::new("deadline", "invalid"));
                None
            }
        },
    };

    // Anonymous is the default: a firm that says nothing is not named to vendors.
    let visibility = match input.visibility.trim() {
        "" => NeedVisibility::Anonymous,
        code => VISIBILITIES.into_iter().find(|v| visibility_code(*v) == code).unwrap_or_else(|| {
            errors.push(FieldError::new("visibility", "unknown"));
            NeedVisibility::Anonymous
        }),
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NeedDraft {
        title,
        body,
        keywords,
        worries,
        categories,
        employees: i32::try_from(employees).unwrap_or(1),
        devices: i32::try_from(devices).unwrap_or(0),
        budget_initial_yen,
        budget_monthly_yen,
        prefecture_code,
        industry_code,
        deadline,
        visibility,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{Category, Named, Prefecture};

    fn reference() -> ReferenceData {
        let mut data = ReferenceData::default();
        data.prefectures.push(Prefecture {
            code: 21,
            name_ja: "岐阜県".into(),
            name_en: "Gifu".into(),
            region_code: "chubu".into(),
        });
        data.industries.push(Named {
            code: "manufacturing".into(),
            name_ja: "製造業".into(),
            name_en: "Manufacturing".into(),
        });
        data.categories.push(Category {
            named: Named { code: "utm".into(), name_ja: "UTM".into(), name_en: "UTM".into() },
            group: "small_firm".into(),
        });
        data
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn good() -> NeedInput {
        NeedInput {
            title: " 取引先から聞かれて困っている ".into(),
            worries: vec!["customer_audit".into(), "ransomware".into(), "ransomware".into()],
            categories: vec!["utm".into()],
            employees: "12".into(),
            budget_monthly_yen: "15,000".into(),
            prefecture_code: "21".into(),
            ..NeedInput::default()
        }
    }

    fn codes(input: &NeedInput) -> Vec<(String, String)> {
        validate(input, &reference(), today()).unwrap_err().into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_good_form_becomes_an_anonymous_need() {
        let draft = validate(&good(), &reference(), today()).unwrap();
        assert_eq!(draft.title, "取引先から聞かれて困っている");
        assert_eq!(draft.worries, ["customer_audit", "ransomware"]);
        assert_eq!(draft.visibility, NeedVisibility::Anonymous);
        assert_eq!((draft.budget_initial_yen, draft.budget_monthly_yen, draft.devices), (0, 15_000, 0));
    }

    #[test]
    fn every_bad_field_is_reported_with_a_stable_code() {
        let bad = NeedInput {
            title: "x".repeat(TITLE_MAX + 1),
            body: "あ".repeat(BODY_MAX + 1),
            keywords: "k".repeat(KEYWORDS_MAX + 1),
            worries: vec!["ransomware".into(), "aliens".into()],
            categories: (0..11).map(|i| format!("c{i}")).collect(),
            employees: "0".into(),
            devices: "100001".into(),
            budget_initial_yen: "-1".into(),
            budget_monthly_yen: "lots".into(),
            prefecture_code: "48".into(),
            industry_code: "fishing".into(),
            deadline: "2026-11-27".into(),
            visibility: "public".into(),
        };
        let expected = [
            ("worries[1]", "unknown"),
            ("categories", "too_many"),
            ("employees", "out_of_range"),
            ("devices", "out_of_range"),
            ("budget_initial_yen", "negative"),
            ("budget_monthly_yen", "invalid"),
            ("prefecture_code", "unknown"),
            ("industry_code", "unknown"),
            ("title", "too_long"),
            ("body", "too_long"),
            ("keywords", "too_long"),
            ("deadline", "in_past"),
            ("visibility", "unknown"),
        ];
        assert_eq!(codes(&bad), expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
        assert_eq!(
            codes(&NeedInput::default()),
            [("employees", "required"), ("prefecture_code", "required"), ("title", "required")]
                .map(|(f, c)| (f.to_owned(), c.to_owned()))
        );
    }

    #[test]
    fn json_and_form_input_read_the_same_fields() {
        let json = serde_json::json!({ "worries": "ransomware", "employees": 12, "deadline": null, "title": ["x"] });
        let input = NeedInput::from_json(&json);
        assert_eq!(
            (input.worries.clone(), input.employees.as_str(), input.title.as_str()),
            (vec!["ransomware".to_owned()], "12", "[\"x\"]")
        );
        let form = NeedInput::from_pairs([("worries", "wifi"), ("worries", "iot"), ("title", "a"), ("title", "b")]);
        assert_eq!((form.worries, form.title.as_str()), (vec!["wifi".to_owned(), "iot".to_owned()], "a"));
        assert_eq!(NeedInput { body: "あ".repeat(300_000), ..good() }.echo().body.chars().count(), BODY_MAX + 1);
    }
}
