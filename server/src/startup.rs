//! Building the application from configuration: connect, migrate, load demo data when asked,
//! compile templates, and bind the listener. Tests call [`Application::build`] with port 0 and
//! read the port back, so they run the very same application as `colapla serve`.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{HttpServer, web};
use secrecy::ExposeSecret;

use crate::config::{Config, DemoMode};
use crate::ops::Metrics;
use crate::reference::ReferenceData;
use crate::state::AppState;
use crate::ui::{Templates, load_catalogs};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error(transparent)]
    Database(#[from] crate::db::DbError),
    #[error("demo data: {0}")]
    Demo(#[from] crate::demo::DemoError),
    #[error("reference data: {0}")]
    Reference(sea_orm::DbErr),
    #[error("message catalogs: {0}")]
    Catalogs(#[from] crate::i18n::CatalogError),
    #[error("templates: {0}")]
    Templates(#[from] crate::ui::TemplateError),
    #[error("HTTP client: {0}")]
    Http(String),
    #[error("cannot connect to Redis (REDIS_URL {url}): {source}")]
    Redis { url: String, source: redis::RedisError },
    #[error("mail: {0}")]
    Mail(#[from] crate::mail::MailError),
}

/// A built, bound, not yet running application.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    /// The mail outbox worker, stopped when the server stops (`None` when `mail_worker` is off).
    mail_worker: Option<crate::mail::WorkerHandle>,
    /// The session-reminder timer, run where the mail worker runs.
    reminders: Option<crate::rooms::reminders::ReminderHandle>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application").field("port", &self.port).finish_non_exhaustive()
    }
}

impl Application {
    /// Binds `config.bind` (port 0 picks a free port) and builds everything.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let listener = TcpListener::bind(config.bind)
            .map_err(|source| StartupError::Bind { addr: config.bind.to_string(), source })?;
        Self::build_with_listener(config, listener).await
    }

    pub async fn build_with_listener(config: Config, listener: TcpListener) -> Result<Self, StartupError> {
        let addr =
            listener.local_addr().map_err(|source| StartupError::Bind { addr: config.bind.to_string(), source })?;
        let db = crate::db::connect(&config).await?;
        crate::db::migrate_up(&db).await?;
        let fresh_demo =
            config.demo == DemoMode::Auto && config.base_url_is_loopback() && crate::demo::is_empty(&db).await?;
        if fresh_demo {
            let summary = crate::demo::load_default(&db).await?;
            tracing::info!(%summary, "demo data loaded into the empty database");
        }
        let reference = ReferenceData::load(&db).await.map_err(StartupError::Reference)?;
        let catalogs = Arc::new(load_catalogs()?);
        let templates = Arc::new(Templates::load(catalogs)?);
        let redis = match &config.redis_url {
            Some(url) => Some(connect_redis(url.expose_secret()).await?),
            None => None,
        };
        let bus = crate::bus::from_config(&config, redis.as_ref())
            .map_err(|source| StartupError::Redis { url: crate::config::redact_url(&source.0), source: source.1 })?;
        let rooms = crate::rooms::realtime::Hub::new(db.clone(), bus);
        let demo_mode = crate::identity::demo::detect(&db, &config).await.map_err(StartupError::Reference)?;
        let oauth = crate::identity::oauth::Providers::new(config.oauth_providers.clone())
            .map_err(|e| StartupError::Http(e.to_string()))?;
        crate::mail::outbox::set_message_id_domain(&config.base_url);
        let secret_key = Arc::new(crate::mail::SecretKey::load_or_create(&config)?);
        let reference = Arc::new(reference);
        let search = crate::catalog::search::SearchService::load(db.clone(), Arc::clone(&reference))
            .await
            .map_err(StartupError::Reference)?;
        crate::catalog::search::SearchService::spawn_refresher(&search);
        let matching = crate::matching::MatchingService::load(db.clone()).await.map_err(StartupError::Reference)?;
        crate::matching::MatchingService::spawn_refresher(&matching);
        crate::matching::MatchingService::spawn_bus_listener(&matching, rooms.bus());
        let state = web::Data::new(AppState {
            config: Arc::new(config),
            db,
            redis,
            templates,
            metrics: Arc::new(Metrics::default()),
            reference,
            secret_key,
            oauth,
            session_events: crate::identity::SessionEvents::default(),
            demo_mode,
            search,
            matching,
            landing: Arc::default(),
            rooms,
        });

        crate::events::jobs::spawn(&state);

        let table = Arc::new(crate::http::route_table());
        let app_state = state.clone();
        let server = HttpServer::new(move || crate::http::app(app_state.clone(), Arc::clone(&table)))
            .workers(state.config.workers)
            .shutdown_timeout(state.config.shutdown_timeout_secs)
            .client_request_timeout(Duration::from_secs(10))
            .on_connect(|connection, _| {
                // Small realtime frames must not wait for Nagle's algorithm.
                if let Some(tcp) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() {
                    let _ = tcp.set_nodelay(true);
                }
            })
            .listen(listener)
            .map_err(|source| StartupError::Bind { addr: addr.to_string(), source })?
            .run();
        if fresh_demo {
            match crate::demo::history::play(&state).await {
                Ok(played) => tracing::info!(played, "demo match history played"),
                Err(e) => tracing::warn!(error = %e, "demo match history failed"),
            }
        }
        crate::matching::jobs::spawn(state.clone().into_inner());
        let mail_worker = if state.config.mail_worker { Some(crate::mail::Worker::new(&state)?.spawn()) } else { None };
        let reminders = state
            .config
            .mail_worker
            .then(|| crate::rooms::reminders::spawn(state.db.clone(), state.config.base_url.clone()));
        Ok(Self { port: addr.port(), server, state, mail_worker, reminders })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// A handle to stop the server gracefully (tests use it; SIGTERM and Ctrl-C do the same).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped. In-flight requests finish before it returns.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        if let Some(worker) = self.mail_worker {
            worker.stop().await;
        }
        if let Some(reminders) = self.reminders {
            reminders.stop().await;
        }
        served
    }
}

async fn connect_redis(url: &str) -> Result<redis::aio::ConnectionManager, StartupError> {
    let redacted = crate::config::redact_url(url);
    let client = redis::Client::open(url).map_err(|source| StartupError::Redis { url: redacted.clone(), source })?;
    let config = redis::aio::ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(3)))
        .set_response_timeout(Some(Duration::from_secs(3)));
    redis::aio::ConnectionManager::new_with_config(client, config)
        .await
        .map_err(|source| StartupError::Redis { url: redacted, source })
}
