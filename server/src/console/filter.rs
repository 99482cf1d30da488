//! Reading the funnel's filters from a query string, pure: `from`, `to` (YYYY-MM-DD, inclusive),
//! `category` (a category code), `prefecture` (JIS code 1–47), `level` (green | blue | red | dev).
//! Empty values mean "any"; anything else invalid is a field error.

use chrono::NaiveDate;

use super::funnel::Filter;
use crate::catalog::verification_status::Level;
use crate::http::FieldError;

pub fn parse<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    known_category: impl Fn(&str) -> bool,
) -> Result<Filter, Vec<FieldError>> {
    let mut filter = Filter::default();
    let mut errors = Vec::new();
    for (key, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key {
            "from" | "to" => match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                Ok(date) if key == "from" => filter.from = Some(date),
                Ok(date) => filter.to = Some(date),
                Err(_) => errors.push(FieldError::new(key, "invalid")),
            },
            "category" if known_category(value) => filter.category = Some(value.to_owned()),
            "category" => errors.push(FieldError::new(key, "unknown")),
            "prefecture" => match value.parse::<i16>() {
                Ok(code) if (1..=47).contains(&code) => filter.prefecture = Some(code),
                _ => errors.push(FieldError::new(key, "out_of_range").with("min", 1).with("max", 47)),
            },
            "level" => {
                filter.level = Some(match value {
                    "green" => Level::Green,
                    "blue" => Level::Blue,
                    "red" => Level::Red,
                    "dev" => Level::Dev,
                    _ => {
                        errors.push(FieldError::new(key, "unknown"));
                        continue;
                    }
                })
            }
            _ => {}
        }
    }
    if errors.is_empty() { Ok(filter) } else { Err(errors) }
}

/// The filter as query pairs again (for links that keep it, such as the CSV export).
pub fn to_query(filter: &Filter) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    if let Some(d) = filter.from {
        q.append_pair("from", &d.to_string());
    }
    if let Some(d) = filter.to {
        q.append_pair("to", &d.to_string());
    }
    if let Some(c) = &filter.category {
        q.append_pair("category", c);
    }
    if let Some(p) = filter.prefecture {
        q.append_pair("prefecture", &p.to_string());
    }
    if let Some(l) = filter.level {
        q.append_pair("level", l.code());
    }
    q.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_filter_and_ignores_empty_ones() {
        let f = parse(
            [
                ("from", "2026-04-01"),
                ("to", "2026-06-30"),
                ("category", "utm"),
                ("prefecture", "21"),
                ("level", "blue"),
                ("lang", "en"),
                ("x", ""),
            ],
            |c| c == "utm",
        )
        .unwrap();
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 4, 1));
        assert_eq!(f.prefecture, Some(21));
        assert_eq!(f.level, Some(Level::Blue));
        assert_eq!(to_query(&f), "from=2026-04-01&to=2026-06-30&category=utm&prefecture=21&level=blue");
        assert_eq!(parse([("category", "")], |_| false).unwrap(), Filter::default());
    }

    #[test]
    fn invalid_values_are_field_errors() {
        let errors = parse([("from", "4/1"), ("category", "nope"), ("prefecture", "48"), ("level", "gold")], |_| false)
            .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["from", "category", "prefecture", "level"]);
    }
}
