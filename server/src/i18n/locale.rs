use serde::Serialize;

/// A language colapla speaks. Japanese is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Ja,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ja, Locale::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    /// The other language, for the language switch.
    pub fn other(self) -> Self {
        match self {
            Locale::Ja => Locale::En,
            Locale::En => Locale::Ja,
        }
    }

    /// Parses a tag such as `ja`, `en`, `en-GB` or `ja-JP`; anything else is not ours.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Locale::Ja),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best of our languages from an `Accept-Language` header, honouring q-values;
    /// falls back to Japanese.
    pub fn negotiate(accept_language: &str) -> Self {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (position, item) in accept_language.split(',').enumerate() {
            let mut parts = item.split(';');
            let Some(locale) = parts.next().and_then(Locale::from_tag) else { continue };
            let quality =
                parts.filter_map(|p| p.trim().strip_prefix("q=")).find_map(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if quality <= 0.0 {
                continue;
            }
            // Higher quality wins; on a tie, the earlier entry wins.
            let better = match best {
                None => true,
                Some((q, p, _)) => quality > q || (quality == q && position < p),
            };
            if better {
                best = Some((quality, position, locale));
            }
        }
        best.map_or(Locale::Ja, |(_, _, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn negotiation_follows_quality_and_order() {
        assert_eq!(Locale::negotiate(""), Locale::Ja);
        assert_eq!(Locale::negotiate("en-US,en;q=0.9"), Locale::En);
        assert_eq!(Locale::negotiate("fr, en;q=0.5, ja;q=0.8"), Locale::Ja);
        assert_eq!(Locale::negotiate("de, fr"), Locale::Ja);
        assert_eq!(Locale::negotiate("ja;q=0, en;q=0.1"), Locale::En);
        assert_eq!(Locale::negotiate("en-GB;q=0.7, ja-JP;q=0.7"), Locale::En);
    }

    #[test]
    fn tags() {
        assert_eq!(Locale::from_tag("EN_gb"), Some(Locale::En));
        assert_eq!(Locale::from_tag("jp"), None);
        assert_eq!(Locale::Ja.other(), Locale::En);
    }
}
