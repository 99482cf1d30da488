//! Why a product fits a search, as data; [`render`] turns it into the reader's language.

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::verification_status::Level;
use crate::i18n::{Catalogs, Locale, format_date, format_yen};
use crate::reference::ReferenceData;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Words of the keyword found in the product (the reader's own words).
    Keyword {
        words: Vec<String>,
    },
    /// Monthly price for `devices` devices within the monthly budget.
    BudgetFit {
        monthly_yen: i64,
        budget_yen: i64,
        devices: i64,
    },
    InitialBudgetFit {
        initial_yen: i64,
        budget_yen: i64,
    },
    Category {
        code: String,
    },
    /// Serves the asked prefecture (JIS code), perhaps by serving all Japan.
    Serves {
        prefecture: i16,
        nationwide: bool,
    },
    /// Offered to the asked company size band.
    SizeFits {
        band: String,
    },
    /// The current badge.
    Verified {
        #[schema(value_type = String)]
        level: Level,
        valid_until: NaiveDate,
    },
    Otasuketai,
}

/// One reason as a sentence in the reader's language.
pub fn render(reason: &Reason, locale: Locale, catalogs: &Catalogs, reference: &ReferenceData) -> String {
    match reason {
        Reason::Keyword { words } => {
            let separator = if locale == Locale::Ja { "、" } else { ", " };
            catalogs.format(locale, "search.reason.keyword", &[("words", words.join(separator))])
        }
        Reason::BudgetFit { monthly_yen, budget_yen, .. } => catalogs.format(
            locale,
            "matching.budget_fit",
            &[("price", grouped(*monthly_yen)), ("budget", grouped(*budget_yen))],
        ),
        Reason::InitialBudgetFit { initial_yen, budget_yen } => catalogs.format(
            locale,
            "matching.initial_budget_fit",
            &[("price", grouped(*initial_yen)), ("budget", grouped(*budget_yen))],
        ),
        Reason::Category { code } => {
            catalogs.format(locale, "matching.category_match", &[("category", reference.category_name(code, locale))])
        }
        Reason::Serves { prefecture, nationwide } => {
            let region = reference.prefecture_name(*prefecture, locale);
            let key = if *nationwide { "search.reason.serves_nationwide" } else { "matching.region_match" };
            catalogs.format(locale, key, &[("region", region)])
        }
        Reason::SizeFits { band } => {
            catalogs.format(locale, "search.reason.size", &[("band", reference.size_band_name(band, locale))])
        }
        Reason::Verified { level, valid_until } => catalogs.format(
            locale,
            "matching.verified",
            &[
                ("level", crate::catalog::view::level_label(catalogs, locale, *level)),
                ("date", format_date(*valid_until, locale)),
            ],
        ),
        Reason::Otasuketai => catalogs.text(locale, "matching.otasuketai"),
    }
}

/// `8,000` (the catalog strings carry the ¥ sign themselves).
fn grouped(amount: i64) -> String {
    format_yen(amount).replacen('¥', "", 1)
}
