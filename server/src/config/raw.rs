use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{ConfigError, DemoMode, LogFormat};

/// The settings as merged from the layers, before checking. Field names are the keys of
/// `colapla.toml`; each is also read from `COLAPLA_<KEY>` (and `DATABASE_URL`, `REDIS_URL`,
/// `SMTP_URL` without prefix, as most platforms set them).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    /// Address and port to listen on.
    pub bind: String,
    /// The public URL people use; defaults to http://<bind>.
    pub base_url: Option<String>,
    /// Where the SQLite database and the mail files live on the embedded default.
    pub data_dir: String,
    /// sqlite://… or postgres://…; defaults to a SQLite file under `data_dir`.
    #[serde(serialize_with = "skip_secret")]
    pub database_url: Option<SecretString>,
    pub database_max_connections: u32,
    /// redis://…; without it, room fan-out stays in-process.
    #[serde(serialize_with = "skip_secret")]
    pub redis_url: Option<SecretString>,
    /// smtp://… or smtps://…; without it, mail is written as files under `data_dir/mail`.
    #[serde(serialize_with = "skip_secret")]
    pub smtp_url: Option<SecretString>,
    pub mail_from: String,
    /// tracing filter: a level or directives.
    pub log: String,
    pub log_format: LogFormat,
    pub demo: DemoMode,
    pub shutdown_timeout_secs: u64,
    /// HTTP worker threads; defaults to the number of CPUs.
    pub workers: Option<usize>,
    /// OAuth 2.0 / OpenID Connect sign-in providers (`[[oauth_providers]]` tables).
    #[serde(default)]
    pub oauth_providers: Vec<super::oauth::RawProvider>,
    /// Signs links in mail (unsubscribe); without it, a random key kept in `data_dir/secret.key`.
    #[serde(serialize_with = "skip_secret")]
    pub secret_key: Option<SecretString>,
    /// Run the mail outbox worker in this instance (turn off on instances that must not send).
    pub mail_worker: bool,
    /// How often the worker looks for due mail.
    pub mail_poll_interval_ms: u64,
    /// Most mail one worker claims at a time.
    pub mail_batch_size: u32,
    /// How long a claimed mail stays reserved for its worker; must outlast a send.
    pub mail_lease_secs: u64,
    /// Timeout of each SMTP command (connect, each reply).
    pub mail_send_timeout_secs: u64,
    /// Attempts before a transiently failing mail is marked failed.
    pub mail_max_attempts: u32,
    /// First retry delay; it doubles after each failed attempt up to `mail_retry_max_ms`.
    pub mail_retry_initial_ms: u64,
    pub mail_retry_max_ms: u64,
    /// Origins, besides the base URL's, whose pages may open room websockets (e.g. `https://colapla.example`).
    pub room_allowed_origins: Vec<String>,
    /// Messages a second one room connection may send (a burst of twice this is allowed).
    pub room_messages_per_sec: u32,
    /// Refused messages (bad JSON, over the rate, …) after which a connection is closed.
    pub room_abuse_limit: u32,
    /// Frames queued for one connection before it counts as too slow and is closed.
    pub room_send_queue: usize,
    /// Seconds between server pings.
    pub room_heartbeat_secs: u64,
    /// A connection that sends nothing (not even a pong) this long is closed.
    pub room_idle_timeout_secs: u64,
    /// How often lead digests, match reminders and expiry are looked at.
    pub match_jobs_interval_secs: u64,
    /// A vendor gets at most one lead digest in this many hours.
    pub lead_digest_interval_hours: u64,
    /// A lead nobody answered is recalled to the side that has not answered after this many days.
    pub lead_reminder_days: u64,
    /// A proposal nobody moved expires after this many days.
    pub match_expiry_days: u64,
    /// A trial is followed up (adopted? a case study?) after this many days.
    pub trial_followup_days: u64,
}

// Secrets are never serialised back out (defaults carry none).
fn skip_secret<S: serde::Serializer>(_: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_none()
}

impl Default for RawSettings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".to_owned(),
            base_url: None,
            data_dir: "./data".to_owned(),
            database_url: None,
            database_max_connections: 10,
            redis_url: None,
            smtp_url: None,
            mail_from: "コラプラ <noreply@colapla.example>".to_owned(),
            log: "info".to_owned(),
            log_format: LogFormat::Pretty,
            demo: DemoMode::Auto,
            shutdown_timeout_secs: 30,
            workers: None,
            oauth_providers: Vec::new(),
            secret_key: None,
            mail_worker: true,
            mail_poll_interval_ms: 1000,
            mail_batch_size: 20,
            mail_lease_secs: 300,
            mail_send_timeout_secs: 30,
            mail_max_attempts: 12,
            mail_retry_initial_ms: 30_000,
            mail_retry_max_ms: 3_600_000,
            room_allowed_origins: Vec::new(),
            room_messages_per_sec: 10,
            room_abuse_limit: 20,
            room_send_queue: 256,
            room_heartbeat_secs: 15,
            room_idle_timeout_secs: 60,
            match_jobs_interval_secs: 60,
            lead_digest_interval_hours: 24,
            lead_reminder_days: 7,
            match_expiry_days: 60,
            trial_followup_days: 30,
        }
    }
}

/// Environment variables that are not settings but steer how settings are found.
const NOT_SETTINGS: &[&str] = &["config"];

impl RawSettings {
    /// Defaults, then the config file, then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Self::default()));
        match file {
            Some(path) => {
                if !path.is_file() {
                    return Err(ConfigError::invalid("config", "a readable TOML file", &path.display().to_string()));
                }
                figment = figment.merge(Toml::file_exact(path));
            }
            // Only the working directory's file, and only when it exists (no search upwards).
            None if Path::new("colapla.toml").is_file() => figment = figment.merge(Toml::file_exact("colapla.toml")),
            None => {}
        }
        figment = figment.merge(Env::prefixed("COLAPLA_").ignore(NOT_SETTINGS).split("__")).merge(Env::raw().only(&[
            "DATABASE_URL",
            "REDIS_URL",
            "SMTP_URL",
        ]));
        Ok(figment.extract()?)
    }
}
