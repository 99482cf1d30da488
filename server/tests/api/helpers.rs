//! `spawn_app()`: the application on port 0 with a fresh database, and a client for it.
//! Set TEST_LOG=1 to see the server's logs; TEST_DATABASE_URL=postgres://… to use PostgreSQL.

use std::io::Write;
use std::net::TcpListener;

use actix_web::dev::ServerHandle;
use colapla::config::{Config, DemoMode, RawSettings};
use colapla::startup::Application;
use sea_orm::{ConnectionTrait, Database};
use secrecy::SecretString;

/// Says plainly, past the test harness's output capture, that something was skipped.
pub fn report_skip(what: &str, why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {what}: {why}");
}

/// When CI=true every optional service must be present: a skip becomes a failure there.
pub fn skips_allowed() -> bool {
    std::env::var("CI").map_or(true, |v| v != "true" && v != "1")
}

/// A fresh database for one test: a SQLite file in a temporary directory, or a new PostgreSQL
/// database dropped again when the test ends.
pub struct TestDatabase {
    pub url: String,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create(dir: &std::path::Path) -> Self {
        match std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres")) {
            None => Self { url: format!("sqlite://{}?mode=rwc", dir.join("colapla.db").display()), postgres: None },
            Some(admin_url) => {
                let name = format!("colapla_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url).await.expect("TEST_DATABASE_URL must answer");
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
                let _ = admin.close().await;
                let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&format!("/{name}"));
                Self { url: url.to_string(), postgres: Some((admin_url, name)) }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else { return };
        // Drop runs outside async; use a small runtime on a thread of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let admin = Database::connect(&admin_url).await.ok()?;
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok()?;
                admin.close().await.ok()
            })
        })
        .join();
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: actix_web::web::Data<colapla::state::AppState>,
    handle: ServerHandle,
    _database: TestDatabase,
    /// Holds the SQLite file and mail files until the test ends.
    _dir: tempfile::TempDir,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting and close the pool promptly; the runtime ends with the test anyway.
        let handle = self.handle.clone();
        drop(tokio::spawn(async move { handle.stop(false).await }));
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Load the shipped demo data before the test starts.
    pub demo: bool,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options { demo: true }).await
}

pub async fn spawn_empty_app() -> TestApp {
    spawn_app_with(Options { demo: false }).await
}

pub fn test_settings(port: u16, dir: &std::path::Path, database_url: &str) -> RawSettings {
    RawSettings {
        bind: format!("127.0.0.1:{port}"),
        data_dir: dir.display().to_string(),
        database_url: Some(SecretString::from(database_url.to_owned())),
        database_max_connections: 5,
        log: if std::env::var("TEST_LOG").is_ok() { "info".to_owned() } else { "off".to_owned() },
        demo: DemoMode::Off,
        workers: Some(2),
        shutdown_timeout_secs: 2,
        ..RawSettings::default()
    }
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    spawn_app_configured(options, |_| {}).await
}

/// Like [`spawn_app_with`], with the test settings adjusted first (e.g. mail intervals, SMTP_URL).
pub async fn spawn_app_configured(options: Options, adjust: impl FnOnce(&mut RawSettings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary directory");
    let database = TestDatabase::create(dir.path()).await;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    let mut settings = test_settings(port, dir.path(), &database.url);
    adjust(&mut settings);
    if std::env::var("TEST_LOG").is_ok() {
        colapla::telemetry::init(&settings.log, settings.log_format);
    }
    let mut config = Config::from_raw(settings).expect("test configuration is valid");
    if options.demo {
        // Load demo data through the same path `serve` uses on a fresh database.
        config.demo = DemoMode::Auto;
    }
    let app = Application::build_with_listener(config, listener).await.expect("application builds");
    let state = app.state();
    let handle = app.handle();
    drop(tokio::spawn(app.run_until_stopped()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("HTTP client");
    TestApp { address: format!("http://127.0.0.1:{port}"), client, state, handle, _database: database, _dir: dir }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

/// A fresh browser-like client: its own cookie jar, no automatic redirects.
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("HTTP client")
}

/// The CSRF token a page's forms carry.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).map(|i| i + marker.len()).expect("a form with a CSRF token");
    html[start..].split('"').next().unwrap_or_default().to_owned()
}

impl TestApp {
    /// Where the file mail transport writes (the embedded default).
    pub fn mail_dir(&self) -> std::path::PathBuf {
        self.state.config.mail_dir()
    }

    /// The CSRF token of `path` for this client (visiting it sets the cookie it pairs with).
    pub async fn csrf_token(&self, client: &reqwest::Client, path: &str) -> String {
        let html = client.get(self.url(path)).send().await.expect("page").text().await.expect("body");
        csrf_in(&html)
    }

    /// A client signed in as the person with this address, through a real session.
    pub async fn client_signed_in_as(&self, email: &str) -> reqwest::Client {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let user = entities::app_user::Entity::find()
            .filter(entities::app_user::Column::Email.eq(email))
            .one(&self.state.db)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("no user {email}"));
        let token =
            colapla::identity::session::start(&self.state.db, user.id, "test", None, None).await.expect("session");
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let url = url::Url::parse(&self.address).expect("address");
        jar.add_cookie_str(&format!("{}={token}; Path=/", colapla::identity::session::SESSION_COOKIE), &url);
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(jar)
            .build()
            .expect("HTTP client")
    }
}
