//! A search as asked: parsed from the query string (repeated `category` keys from checkboxes, or
//! comma-separated), bounded, and checked against the reference data. Every bad field is
//! reported at once, as field errors.

use std::collections::HashSet;

use crate::catalog::verification_status::Level;
use crate::http::FieldError;
use crate::reference::ReferenceData;

pub const MAX_PER_PAGE: usize = 100;
pub const MAX_PAGE: usize = 10_000;
pub const MAX_KEYWORD_CHARS: usize = 200;
pub const MAX_CATEGORIES: usize = 20;
pub const MAX_DEVICES: i64 = 100_000;
pub const MAX_BUDGET_YEN: i64 = 1_000_000_000;
pub const MAX_COMPARED: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelFilter {
    /// A current green or blue result.
    Verified,
    Exactly(Level),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Relevance,
    Name,
    /// Monthly price for the asked device count, cheapest first.
    Price,
    /// Most recent current verification first.
    Newest,
}

impl SortBy {
    pub fn code(self) -> &'static str {
        match self {
            SortBy::Relevance => "relevance",
            SortBy::Name => "name",
            SortBy::Price => "price",
            SortBy::Newest => "newest",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub keyword: Option<String>,
    /// Any of these categories.
    pub categories: Vec<String>,
    pub devices: Option<i64>,
    pub budget_monthly: Option<i64>,
    pub budget_initial: Option<i64>,
    pub size_band: Option<String>,
    pub prefecture: Option<i16>,
    pub level: Option<LevelFilter>,
    pub otasuketai: bool,
    /// `None`: relevance with a keyword, name otherwise.
    pub sort: Option<SortBy>,
    pub offset: usize,
    pub limit: usize,
}

/// The parsed request: the query and the 1-based page it asked for.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: SearchQuery,
    pub page: usize,
    pub per_page: usize,
}

/// Query-string pairs, empty values dropped (an HTML form sends every field).
pub fn pairs(query_string: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query_string.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

fn last<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Every value of `key`, repeated or comma-separated.
pub fn all(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn number(pairs: &[(String, String)], key: &str, min: i64, max: i64, errors: &mut Vec<FieldError>) -> Option<i64> {
    let raw = last(pairs, key)?;
    match raw.replace([',', '_'], "").parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        Ok(_) => {
            errors.push(FieldError::new(key, "out_of_range").with("min", min).with("max", max));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(key, "invalid"));
            None
        }
    }
}

/// Paging that is not a number at all is a malformed request (400), as it always was here;
/// numbers out of range and unknown values are field errors (422).
pub fn check_paging(pairs: &[(String, String)]) -> Result<(), String> {
    for key in ["page", "per_page"] {
        if let Some(v) = last(pairs, key)
            && v.parse::<u64>().is_err()
            && v.parse::<i64>().is_err()
        {
            return Err(format!("{key}: not a number"));
        }
    }
    Ok(())
}

pub fn parse(
    pairs: &[(String, String)],
    reference: &ReferenceData,
    default_per_page: usize,
) -> Result<SearchRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let keyword = last(pairs, "q").map(str::to_owned);
    if keyword.as_ref().is_some_and(|k| k.chars().count() > MAX_KEYWORD_CHARS) {
        errors.push(FieldError::new("q", "too_long").with("max", MAX_KEYWORD_CHARS));
    }
    let mut categories = all(pairs, "category");
    let mut seen = HashSet::new();
    categories.retain(|c| seen.insert(c.clone()));
    if categories.len() > MAX_CATEGORIES {
        errors.push(FieldError::new("category", "too_many").with("max", MAX_CATEGORIES));
    }
    for (n, c) in categories.iter().enumerate() {
        if reference.category(c).is_none() {
            errors.push(FieldError::new(format!("category[{n}]"), "unknown"));
        }
    }
    let devices = number(pairs, "devices", 0, MAX_DEVICES, &mut errors);
    let budget_monthly = number(pairs, "budget_monthly", 0, MAX_BUDGET_YEN, &mut errors);
    let budget_initial = number(pairs, "budget_initial", 0, MAX_BUDGET_YEN, &mut errors);
    let size_band = last(pairs, "size").map(str::to_owned);
    if let Some(band) = &size_band
        && !reference.size_bands.iter().any(|b| b.named.code == *band)
    {
        errors.push(FieldError::new("size", "unknown"));
    }
    let prefecture = number(pairs, "prefecture", 1, 47, &mut errors).map(|p| p as i16);
    let level = match last(pairs, "level") {
        None => None,
        Some("verified") => Some(LevelFilter::Verified),
        Some("green") => Some(LevelFilter::Exactly(Level::Green)),
        Some("blue") => Some(LevelFilter::Exactly(Level::Blue)),
        Some("red") => Some(LevelFilter::Exactly(Level::Red)),
        Some("dev") => Some(LevelFilter::Exactly(Level::Dev)),
        Some(_) => {
            errors.push(FieldError::new("level", "unknown"));
            None
        }
    };
    let otasuketai = match last(pairs, "otasuketai") {
        None | Some("0" | "false" | "off") => false,
        Some("1" | "true" | "on") => true,
        Some(_) => {
            errors.push(FieldError::new("otasuketai", "unknown"));
            false
        }
    };
    let sort = match last(pairs, "sort") {
        None => None,
        Some("relevance") => Some(SortBy::Relevance),
        Some("name") => Some(SortBy::Name),
        Some("price") => Some(SortBy::Price),
        Some("newest") => Some(SortBy::Newest),
        Some(_) => {
            errors.push(FieldError::new("sort", "unknown"));
            None
        }
    };
    let page = number(pairs, "page", 1, MAX_PAGE as i64, &mut errors).unwrap_or(1) as usize;
    let per_page =
        number(pairs, "per_page", 1, MAX_PER_PAGE as i64, &mut errors).map_or(default_per_page, |n| n as usize);
    if !errors.is_empty() {
        return Err(errors);
    }
    let query = SearchQuery {
        keyword,
        categories,
        devices,
        budget_monthly,
        budget_initial,
        size_band,
        prefecture,
        level,
        otasuketai,
        sort,
        offset: (page - 1) * per_page,
        limit: per_page,
    };
    Ok(SearchRequest { query, page, per_page })
}
