//! Submitted fields, read the same way from a form and from JSON: every value as text, lists as
//! repeated values, so that any input becomes a field error rather than a parse failure.

use std::collections::HashMap;

/// Field name → its values as sent (a form repeats a name; JSON sends an array).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(HashMap<String, Vec<String>>);

impl Fields {
    /// From decoded form pairs. `name[]` and `name` are the same field.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (key, value) in pairs {
            let key = key.as_ref().trim_end_matches("[]");
            map.entry(key.to_owned()).or_default().push(value.into());
        }
        Self(map)
    }

    /// From a JSON object: strings as they are, numbers and booleans as their text, arrays as
    /// repeated values; anything else as text that will not validate.
    pub fn from_json(value: &serde_json::Value) -> Self {
        fn text(value: &serde_json::Value) -> Option<String> {
            match value {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            }
        }
        let mut map = HashMap::new();
        if let Some(object) = value.as_object() {
            for (key, value) in object {
                let values = match value {
                    serde_json::Value::Array(items) => items.iter().filter_map(text).collect(),
                    other => text(other).into_iter().collect(),
                };
                map.insert(key.clone(), values);
            }
        }
        Self(map)
    }

    /// The first value, or "" when missing.
    pub fn one(&self, name: &str) -> &str {
        self.0.get(name).and_then(|v| v.first()).map_or("", String::as_str)
    }

    /// Every non-empty value (a form's empty "choose…" option is not a value).
    pub fn many(&self, name: &str) -> Vec<&str> {
        self.0.get(name).map_or_else(Vec::new, |v| v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect())
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.one(name).trim(), "true" | "on" | "1" | "yes")
    }

    /// The values to put back into a re-rendered form, each cut short: a pasted megabyte is an
    /// error to report, not something to send back. `lists` name the fields shown as lists.
    pub fn echo(&self, lists: &[&str], max: usize) -> serde_json::Value {
        let cut = |s: &str| s.chars().take(max + 1).collect::<String>();
        let mut object = serde_json::Map::new();
        for (key, values) in &self.0 {
            let value = if lists.contains(&key.as_str()) {
                serde_json::Value::from(values.iter().take(64).map(|v| cut(v)).collect::<Vec<_>>())
            } else {
                serde_json::Value::from(values.first().map(|v| cut(v)).unwrap_or_default())
            };
            object.insert(key.clone(), value);
        }
        serde_json::Value::Object(object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_json_read_alike() {
        let form = Fields::from_pairs([("categories[]", "edr"), ("categories", "utm"), ("name", "x")]);
        let json =
            Fields::from_json(&serde_json::json!({ "categories": ["edr", "utm"], "name": "x", "n": 3, "z": null }));
        assert_eq!(form.many("categories"), json.many("categories"));
        assert_eq!(json.one("n"), "3");
        assert_eq!(json.one("z"), "");
        assert!(Fields::from_json(&serde_json::json!({ "nationwide": true })).flag("nationwide"));
    }
}
