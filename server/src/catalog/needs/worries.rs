//! Worries as the needs form shows them. The worry → category table itself is the matching
//! engine's ([`crate::matching::engine::worries::WORRY_CATEGORIES`]): one mapping, so the
//! "we will look for" line on the form is exactly what matching will do.

use crate::matching::engine::facts::{Category, Worry};
use crate::matching::engine::worries::categories_of;

/// Every worry, in the order the form lists them.
pub fn all() -> &'static [Worry] {
    Worry::ALL
}

/// The stable code of a worry (`ransomware`, `email_fraud`, …): its serde name.
pub fn code(worry: Worry) -> String {
    serde_json::to_value(worry).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub fn from_code(code: &str) -> Option<Worry> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}

fn category_code(category: Category) -> String {
    serde_json::to_value(category).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The category codes that address a worry, in the engine's category order.
pub fn category_codes(worry: Worry) -> Vec<String> {
    let mask = categories_of(worry);
    Category::ALL.iter().filter(|c| mask & c.bit() != 0).map(|c| category_code(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_every_worry_points_somewhere() {
        assert_eq!(all().len(), 12);
        for worry in all() {
            assert_eq!(from_code(&code(*worry)), Some(*worry));
            assert!(!category_codes(*worry).is_empty());
        }
        assert_eq!(code(Worry::EmailFraud), "email_fraud");
        assert_eq!(from_code("no_such_worry"), None);
        assert!(category_codes(Worry::Ransomware).contains(&"edr".to_owned()));
    }
}
