//! The application state, built once at start-up and shared (cheaply cloned) by every worker.
//! Everything a handler needs is here and typed; nothing is looked up by name at request time.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::ops::Metrics;
use crate::reference::ReferenceData;
use crate::ui::Templates;

#[derive(Clone, Debug)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: DatabaseConnection,
    pub redis: Option<redis::aio::ConnectionManager>,
    pub templates: Arc<Templates>,
    pub metrics: Arc<Metrics>,
    pub reference: Arc<ReferenceData>,
    /// Signs links in mail (unsubscribe); never logged.
    pub secret_key: Arc<crate::mail::SecretKey>,
    /// OAuth / OpenID Connect providers from the configuration.
    pub oauth: crate::identity::oauth::Providers,
    /// Sign-out notices for long-lived connections.
    pub session_events: crate::identity::SessionEvents,
    /// One-click sign-in as each demo role (demo data present, loopback base URL).
    pub demo_mode: bool,
    /// The landing page's recent figures.
    pub landing: Arc<crate::home::LandingCache>,
    /// The in-memory catalog search index, refreshed on a timer (see `catalog::search`).
    pub search: Arc<crate::catalog::search::SearchService>,
    /// Realtime rooms open on this instance, and the bus that fans their events out.
    pub rooms: crate::rooms::realtime::Hub,
    /// The matching index and the proposals it keeps, refreshed on a timer (see `matching::service`).
    pub matching: Arc<crate::matching::MatchingService>,
}
