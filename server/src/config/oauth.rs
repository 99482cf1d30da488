//! OAuth 2.0 / OpenID Connect providers, as configured in `colapla.toml`:
//!
//! ```toml
//! [[oauth_providers]]
//! id = "entra"                  # in URLs: /login/oauth/entra
//! preset = "entra"              # entra | google | keycloak | github | custom
//! tenant = "contoso.onmicrosoft.com"
//! client_id = "…"
//! client_secret_env = "ENTRA_CLIENT_SECRET"   # or client_secret = "…"
//! ```
//!
//! Presets fill the issuer and the authorize, token and userinfo URLs; any of them can be set
//! explicitly instead (`custom` requires all three URLs).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use url::Url;

use super::ConfigError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    Entra,
    Google,
    Keycloak,
    Github,
    Custom,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvider {
    pub id: String,
    pub preset: Preset,
    /// Button text; defaults to the preset's name.
    pub label: Option<String>,
    /// Entra ID: the tenant (domain or id).
    pub tenant: Option<String>,
    /// Google Workspace: only accounts of this domain (`hd`).
    pub hosted_domain: Option<String>,
    pub issuer: Option<String>,
    pub authorize_url: Option<String>,
    pub token_url: Option<String>,
    pub userinfo_url: Option<String>,
    pub client_id: String,
    #[serde(default, serialize_with = "skip")]
    pub client_secret: Option<SecretString>,
    /// The name of an environment variable holding the client secret.
    pub client_secret_env: Option<String>,
    pub scopes: Option<Vec<String>>,
}

fn skip<S: serde::Serializer>(_: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_none()
}

/// A provider ready to use.
#[derive(Clone)]
pub struct Provider {
    pub id: String,
    pub preset: Preset,
    pub label: String,
    /// When set, an `iss` returned with the authorization response must equal it.
    pub issuer: Option<String>,
    pub authorize_url: Url,
    pub token_url: Url,
    pub userinfo_url: Url,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    pub scopes: Vec<String>,
    /// Extra authorization parameters (Google's `hd`).
    pub extra_params: Vec<(String, String)>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("id", &self.id)
            .field("preset", &self.preset)
            .field("issuer", &self.issuer)
            .field("authorize_url", &self.authorize_url.as_str())
            .field("token_url", &self.token_url.as_str())
            .field("userinfo_url", &self.userinfo_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("scopes", &self.scopes)
            .finish()
    }
}

fn url(key: &str, value: &str) -> Result<Url, ConfigError> {
    match Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "https" | "http") && u.host().is_some() => Ok(u),
        _ => Err(ConfigError::invalid(key, "an https URL", value)),
    }
}

/// Checks the configured providers.
pub fn check(raw: &[RawProvider]) -> Result<Vec<Provider>, ConfigError> {
    let mut providers: Vec<Provider> = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let key = |field: &str| format!("oauth_providers[{i}].{field}");
        if p.id.is_empty()
            || p.id.len() > 32
            || !p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(ConfigError::invalid(&key("id"), "lower-case letters, digits and '-', at most 32", &p.id));
        }
        if providers.iter().any(|q| q.id == p.id) {
            return Err(ConfigError::invalid(&key("id"), "an id not used by another provider", &p.id));
        }
        if p.client_id.trim().is_empty() {
            return Err(ConfigError::other(&key("client_id"), "the client id registered with the provider"));
        }
        let client_secret = match (&p.client_secret, &p.client_secret_env) {
            (Some(secret), _) => Some(secret.clone()),
            (None, Some(var)) => Some(SecretString::from(std::env::var(var).map_err(|_| {
                ConfigError::other(&key("client_secret_env"), format!("the environment variable {var} to be set"))
            })?)),
            (None, None) => None,
        };
        let (issuer, authorize, token, userinfo, scopes, label): (
            Option<String>,
            String,
            String,
            String,
            &[&str],
            &str,
        ) = match p.preset {
            Preset::Entra => {
                let tenant =
                    p.tenant.as_deref().ok_or_else(|| ConfigError::other(&key("tenant"), "the Entra ID tenant"))?;
                let base = format!("https://login.microsoftonline.com/{tenant}");
                (
                    Some(format!("{base}/v2.0")),
                    format!("{base}/oauth2/v2.0/authorize"),
                    format!("{base}/oauth2/v2.0/token"),
                    "https://graph.microsoft.com/oidc/userinfo".to_owned(),
                    &["openid", "email", "profile"],
                    "Microsoft Entra ID",
                )
            }
            Preset::Google => (
                Some("https://accounts.google.com".to_owned()),
                "https://accounts.google.com/o/oauth2/v2/auth".to_owned(),
                "https://oauth2.googleapis.com/token".to_owned(),
                "https://openidconnect.googleapis.com/v1/userinfo".to_owned(),
                &["openid", "email", "profile"],
                "Google Workspace",
            ),
            Preset::Keycloak => {
                let issuer = p.issuer.as_deref().ok_or_else(|| {
                    ConfigError::other(&key("issuer"), "the realm URL, e.g. https://sso.example.jp/realms/colapla")
                })?;
                let issuer = issuer.trim_end_matches('/').to_owned();
                (
                    Some(issuer.clone()),
                    format!("{issuer}/protocol/openid-connect/auth"),
                    format!("{issuer}/protocol/openid-connect/token"),
                    format!("{issuer}/protocol/openid-connect/userinfo"),
                    &["openid", "email", "profile"],
                    "Keycloak",
                )
            }
            Preset::Github => (
                None,
                "https://github.com/login/oauth/authorize".to_owned(),
                "https://github.com/login/oauth/access_token".to_owned(),
                "https://api.github.com/user".to_owned(),
                &["read:user", "user:email"],
                "GitHub",
            ),
            Preset::Custom => {
                let need = |field: &str, value: &Option<String>| {
                    value.clone().ok_or_else(|| ConfigError::other(&key(field), "a URL (the custom preset sets none)"))
                };
                (
                    p.issuer.clone(),
                    need("authorize_url", &p.authorize_url)?,
                    need("token_url", &p.token_url)?,
                    need("userinfo_url", &p.userinfo_url)?,
                    &["openid", "email", "profile"],
                    "OpenID Connect",
                )
            }
        };
        // Keycloak's issuer was read (and normalised) above; others may override the preset's.
        let issuer = if p.preset == Preset::Keycloak { issuer } else { p.issuer.clone().or(issuer) };
        providers.push(Provider {
            id: p.id.clone(),
            preset: p.preset,
            label: p.label.clone().unwrap_or_else(|| label.to_owned()),
            issuer,
            authorize_url: url(&key("authorize_url"), p.authorize_url.as_deref().unwrap_or(&authorize))?,
            token_url: url(&key("token_url"), p.token_url.as_deref().unwrap_or(&token))?,
            userinfo_url: url(&key("userinfo_url"), p.userinfo_url.as_deref().unwrap_or(&userinfo))?,
            client_id: p.client_id.clone(),
            client_secret,
            scopes: p.scopes.clone().unwrap_or_else(|| scopes.iter().map(|s| (*s).to_owned()).collect()),
            extra_params: p.hosted_domain.iter().map(|d| ("hd".to_owned(), d.clone())).collect(),
        });
    }
    Ok(providers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(preset: Preset) -> RawProvider {
        RawProvider {
            id: "idp".into(),
            preset,
            label: None,
            tenant: Some("contoso.onmicrosoft.com".into()),
            hosted_domain: None,
            issuer: Some("https://sso.example.jp/realms/colapla/".into()),
            authorize_url: None,
            token_url: None,
            userinfo_url: None,
            client_id: "colapla".into(),
            client_secret: Some(SecretString::from("s3cret")),
            client_secret_env: None,
            scopes: None,
        }
    }

    #[test]
    fn presets_fill_the_urls() {
        let entra = &check(&[RawProvider { issuer: None, ..raw(Preset::Entra) }]).unwrap()[0];
        assert_eq!(
            entra.token_url.as_str(),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert_eq!(entra.issuer.as_deref(), Some("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"));
        let keycloak = &check(&[raw(Preset::Keycloak)]).unwrap()[0];
        assert_eq!(keycloak.issuer.as_deref(), Some("https://sso.example.jp/realms/colapla"), "no trailing slash");
        assert_eq!(
            keycloak.authorize_url.as_str(),
            "https://sso.example.jp/realms/colapla/protocol/openid-connect/auth"
        );
        let github = &check(&[RawProvider { issuer: None, ..raw(Preset::Github) }]).unwrap()[0];
        assert!(github.issuer.is_none());
        assert!(!format!("{github:?}").contains("s3cret"));
    }

    #[test]
    fn mistakes_name_the_key() {
        let err = check(&[RawProvider { id: "Bad Id".into(), ..raw(Preset::Google) }]).unwrap_err().to_string();
        assert!(err.contains("oauth_providers[0].id"), "{err}");
        let err = check(&[raw(Preset::Custom)]).unwrap_err().to_string();
        assert!(err.contains("oauth_providers[0].authorize_url"), "{err}");
        let err = check(&[raw(Preset::Google), raw(Preset::Google)]).unwrap_err().to_string();
        assert!(err.contains("oauth_providers[1].id"), "{err}");
    }
}
