//! Who the provider says the person is: the OpenID Connect userinfo response (`sub`), or
//! GitHub's user object (`id`).

use serde::Deserialize;

use crate::config::oauth::{Preset, Provider};

#[derive(Debug, Clone)]
pub struct ProviderIdentity {
    pub subject: String,
    pub email: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OidcUserinfo {
    sub: String,
    email: Option<String>,
    email_verified: Option<bool>,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GithubUser {
    id: u64,
    email: Option<String>,
    name: Option<String>,
    login: String,
}

#[derive(Debug, thiserror::Error)]
pub enum UserinfoError {
    #[error("the userinfo endpoint did not answer: {0}")]
    Unavailable(String),
    #[error("the userinfo response is not usable: {0}")]
    Invalid(String),
}

pub async fn fetch(
    http: &reqwest::Client,
    provider: &Provider,
    access_token: &str,
) -> Result<ProviderIdentity, UserinfoError> {
    let response = http
        .get(provider.userinfo_url.clone())
        .bearer_auth(access_token)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| UserinfoError::Unavailable(e.without_url().to_string()))?;
    if !response.status().is_success() {
        return Err(UserinfoError::Invalid(format!("status {}", response.status())));
    }
    let body = response.bytes().await.map_err(|e| UserinfoError::Unavailable(e.without_url().to_string()))?;
    if body.len() > 64 * 1024 {
        return Err(UserinfoError::Invalid("response too large".to_owned()));
    }
    match provider.preset {
        Preset::Github => {
            let user: GithubUser = serde_json::from_slice(&body).map_err(|e| UserinfoError::Invalid(e.to_string()))?;
            Ok(ProviderIdentity {
                subject: user.id.to_string(),
                email: user.email,
                name: user.name.or(Some(user.login)),
            })
        }
        _ => {
            let info: OidcUserinfo =
                serde_json::from_slice(&body).map_err(|e| UserinfoError::Invalid(e.to_string()))?;
            if info.sub.is_empty() || info.sub.len() > 255 {
                return Err(UserinfoError::Invalid("missing subject".to_owned()));
            }
            // An address the provider says is unverified is not used to name the account.
            let email = if info.email_verified == Some(false) { None } else { info.email };
            Ok(ProviderIdentity { subject: info.sub, email, name: info.name })
        }
    }
}
