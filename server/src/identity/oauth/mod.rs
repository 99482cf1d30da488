//! Sign-in with OAuth 2.0 / OpenID Connect providers from the configuration (several at once).
//! The authorization-code flow with PKCE S256 and a single-use `state` bound to the browser that
//! started it. Redirect URIs are exact; the token client follows no redirects; an `iss` returned
//! with the response must be the provider's. A person is keyed on (provider, subject), never on
//! the e-mail address alone. Whatever the provider does, the person gets a clear page with a way
//! back, never a 500.

mod flow;
mod userinfo;

use std::sync::Arc;

use crate::config::oauth::Provider;

pub use flow::{callback, start};

/// The configured providers, and the HTTP client that talks to them.
#[derive(Debug, Clone)]
pub struct Providers {
    providers: Arc<Vec<Provider>>,
    http: reqwest::Client,
}

impl Providers {
    pub fn new(providers: Vec<Provider>) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            // A token endpoint must answer itself: following redirects could leak the code.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .user_agent(concat!("colapla/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { providers: Arc::new(providers), http })
    }

    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// What the sign-in page shows: one button a provider.
    pub fn buttons(&self) -> Vec<serde_json::Value> {
        self.providers.iter().map(|p| serde_json::json!({ "id": p.id, "label": p.label })).collect()
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }
}
