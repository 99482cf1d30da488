use url::Url;

/// A URL safe to print: the password (and a user name that might be a token) replaced by `***`.
/// Anything that does not parse as a URL is shown only by its scheme.
pub fn redact_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            // Query strings can carry credentials too (e.g. ?password=); keep keys, hide values.
            let hidden: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| {
                    let secret = ["password", "pass", "token", "secret", "key"].iter().any(|s| k.contains(s));
                    (k.into_owned(), if secret { "***".to_owned() } else { v.into_owned() })
                })
                .collect();
            if !hidden.is_empty() {
                url.query_pairs_mut().clear().extend_pairs(hidden);
            }
            url.to_string()
        }
        Err(_) => match raw.split_once("://") {
            Some((scheme, _)) if scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+') => {
                format!("{scheme}://…")
            }
            _ => "(unparsable value hidden)".to_owned(),
        },
    }
}

/// Just enough of a secret-bearing value to recognise it in an error message: scheme, host and
/// port. A value that is not a URL with a host shows only its scheme, or nothing.
pub fn secret_hint(raw: &str) -> String {
    if let Ok(url) = Url::parse(raw)
        && let Some(host) = url.host_str()
    {
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        return format!("{}://{host}{port}/…", url.scheme());
    }
    match raw.split_once(':') {
        Some((scheme, _)) if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+') => {
            format!("{scheme}:…")
        }
        _ => "(value hidden)".to_owned(),
    }
}
