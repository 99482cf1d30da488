use std::collections::{BTreeMap, BTreeSet};

use super::Locale;

/// A flat table of messages for one language: dotted keys (`errors.not_found.title`) to text
/// with `{name}` placeholders.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    messages: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("message catalog {locale}: {source}")]
    Parse { locale: &'static str, source: toml::de::Error },
    #[error("message catalog {locale}: key {key} holds a {found}, expected text or a table")]
    Shape { locale: &'static str, key: String, found: &'static str },
    #[error("message catalogs differ: only in ja: {only_ja:?}; only in en: {only_en:?}")]
    Mismatch { only_ja: Vec<String>, only_en: Vec<String> },
}

impl Catalog {
    pub fn parse(locale: Locale, source: &str) -> Result<Self, CatalogError> {
        let table: toml::Table =
            source.parse().map_err(|source| CatalogError::Parse { locale: locale.as_str(), source })?;
        let mut messages = BTreeMap::new();
        flatten(locale, "", &table, &mut messages)?;
        Ok(Self { messages })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.messages.get(key).map(String::as_str)
    }

    pub fn keys(&self) -> BTreeSet<&str> {
        self.messages.keys().map(String::as_str).collect()
    }
}

fn flatten(
    locale: Locale,
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, String>,
) -> Result<(), CatalogError> {
    for (key, value) in table {
        let full = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            toml::Value::String(text) => {
                out.insert(full, text.clone());
            }
            toml::Value::Table(inner) => flatten(locale, &full, inner, out)?,
            other => {
                return Err(CatalogError::Shape { locale: locale.as_str(), key: full, found: other.type_str() });
            }
        }
    }
    Ok(())
}

/// Both languages' catalogs, checked to hold the same keys.
#[derive(Debug, Clone)]
pub struct Catalogs {
    ja: Catalog,
    en: Catalog,
}

impl Catalogs {
    pub fn new(ja: Catalog, en: Catalog) -> Result<Self, CatalogError> {
        let (jk, ek) = (ja.keys(), en.keys());
        if jk != ek {
            return Err(CatalogError::Mismatch {
                only_ja: jk.difference(&ek).map(|s| (*s).to_owned()).collect(),
                only_en: ek.difference(&jk).map(|s| (*s).to_owned()).collect(),
            });
        }
        Ok(Self { ja, en })
    }

    pub fn catalog(&self, locale: Locale) -> &Catalog {
        match locale {
            Locale::Ja => &self.ja,
            Locale::En => &self.en,
        }
    }

    /// The message for `key`, or the key itself when missing (visible, never a crash).
    pub fn text(&self, locale: Locale, key: &str) -> String {
        self.catalog(locale).get(key).map_or_else(|| key.to_owned(), str::to_owned)
    }

    /// The message with `{name}` placeholders filled from `args`.
    pub fn format(&self, locale: Locale, key: &str, args: &[(&str, String)]) -> String {
        let mut text = self.text(locale, key);
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_nested_tables_and_formats() {
        let ja = Catalog::parse(Locale::Ja, "[a]\nb = \"{n}件\"\n[a.c]\nd = \"x\"").unwrap();
        let en = Catalog::parse(Locale::En, "[a]\nb = \"{n} items\"\n[a.c]\nd = \"y\"").unwrap();
        let catalogs = Catalogs::new(ja, en).unwrap();
        assert_eq!(catalogs.format(Locale::Ja, "a.b", &[("n", "3".into())]), "3件");
        assert_eq!(catalogs.text(Locale::En, "a.c.d"), "y");
        assert_eq!(catalogs.text(Locale::En, "missing.key"), "missing.key");
    }

    #[test]
    fn refuses_catalogs_with_different_keys() {
        let ja = Catalog::parse(Locale::Ja, "a = \"1\"\nb = \"2\"").unwrap();
        let en = Catalog::parse(Locale::En, "a = \"1\"").unwrap();
        let err = Catalogs::new(ja, en).unwrap_err().to_string();
        assert!(err.contains("only in ja: [\"b\"]"), "{err}");
    }
}
