//! The engine's reasons as sentences in the reader's language, for pages, the API's `text` field
//! and mail. The engine keeps reasons as data; only this module words them.

use serde::Serialize;

use super::engine::Reason;
use crate::i18n::{Catalogs, Locale, format_date, format_yen};
use crate::reference::ReferenceData;

/// A reason as data plus its sentence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReasonView {
    /// The reason's kind, e.g. `verified`, `budget_fit`, `keyword_match`.
    pub kind: String,
    /// The sentence in the reader's language.
    pub text: String,
    /// Points this reason added to the score.
    pub points: i64,
    /// The reason's facts (the engine's JSON).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

fn code_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// `8,000` (the catalog strings carry the ¥ sign themselves).
fn grouped(amount: i64) -> String {
    format_yen(amount).replacen('¥', "", 1)
}

fn list_separator(locale: Locale) -> &'static str {
    if locale == Locale::Ja { "、" } else { ", " }
}

/// One reason as a sentence.
pub fn render(reason: &Reason, locale: Locale, catalogs: &Catalogs, reference: &ReferenceData) -> String {
    let join = |items: Vec<String>| items.join(list_separator(locale));
    match reason {
        Reason::Verified { level, valid_until, .. } => catalogs.format(
            locale,
            "matching.verified",
            &[
                ("level", crate::catalog::view::level_label(catalogs, locale, *level)),
                ("date", format_date(*valid_until, locale)),
            ],
        ),
        Reason::CategoryMatch { categories, worries, .. } => {
            let names = join(categories.iter().map(|c| reference.category_name(&code_of(c), locale)).collect());
            let mut text = catalogs.format(locale, "matching.category_match", &[("category", names)]);
            if !worries.is_empty() {
                let worries = join(
                    worries.iter().map(|w| catalogs.text(locale, &format!("needs.worries.{}", code_of(w)))).collect(),
                );
                text.push_str(list_separator(locale));
                text.push_str(&catalogs.format(locale, "matches.reason.worries", &[("worries", worries)]));
            }
            text
        }
        Reason::KeywordMatch { terms, .. } => {
            catalogs.format(locale, "search.reason.keyword", &[("words", join(terms.clone()))])
        }
        Reason::BudgetFit {
            monthly_cost_yen,
            budget_monthly_yen,
            initial_cost_yen,
            budget_initial_yen,
            devices,
            ..
        } => catalogs.format(
            locale,
            "matches.reason.budget",
            &[
                ("devices", devices.to_string()),
                ("monthly", grouped(*monthly_cost_yen)),
                ("monthly_budget", grouped(*budget_monthly_yen)),
                ("initial", grouped(*initial_cost_yen)),
                ("initial_budget", grouped(*budget_initial_yen)),
            ],
        ),
        Reason::ServesPrefecture { prefecture, .. } => catalogs.format(
            locale,
            "matching.region_match",
            &[("region", reference.prefecture_name(i16::from(*prefecture), locale))],
        ),
        Reason::Nationwide { .. } => catalogs.text(locale, "matches.reason.nationwide"),
        Reason::SizeFit { employees, .. } => {
            catalogs.format(locale, "matching.size_fit", &[("employees", employees.to_string())])
        }
        Reason::OtasuketaiCaps { .. } => catalogs.text(locale, "matching.otasuketai"),
        Reason::AdoptionInIndustry { industry, cases, .. } => catalogs.format(
            locale,
            "matches.reason.adoption",
            &[("industry", reference.industry_name(industry, locale)), ("cases", cases.to_string())],
        ),
        Reason::EasyToIntroduce { ease_of_introduction, ease_of_operation, .. } => {
            let score = |v: &Option<u8>| v.map_or_else(|| "–".to_owned(), |v| v.to_string());
            catalogs.format(
                locale,
                "matches.reason.ease",
                &[("introduction", score(ease_of_introduction)), ("operation", score(ease_of_operation))],
            )
        }
    }
}

/// Reasons stored as JSON (`need_match.reasons`) as views; unreadable entries are skipped.
pub fn views(
    stored: &serde_json::Value,
    locale: Locale,
    catalogs: &Catalogs,
    reference: &ReferenceData,
) -> Vec<ReasonView> {
    let Some(items) = stored.as_array() else { return Vec::new() };
    items
        .iter()
        .filter_map(|item| serde_json::from_value::<Reason>(item.clone()).ok())
        .map(|reason| view_of(&reason, locale, catalogs, reference))
        .collect()
}

/// One reason as data plus its sentence.
pub fn view_of(reason: &Reason, locale: Locale, catalogs: &Catalogs, reference: &ReferenceData) -> ReasonView {
    let data = serde_json::to_value(reason).unwrap_or_default();
    ReasonView {
        kind: data.get("kind").and_then(|k| k.as_str()).unwrap_or_default().to_owned(),
        text: render(reason, locale, catalogs, reference),
        points: reason.points(),
        data,
    }
}
