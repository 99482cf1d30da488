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
}
