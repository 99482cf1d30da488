//! Configuration, layered: defaults in code, then `colapla.toml` (or the file named by `--config` /
//! `COLAPLA_CONFIG`), then environment variables. The raw layers are merged by figment, then checked
//! once into a typed [`Config`]; a bad value stops start-up with a one-line message naming the key.
//!
//! Secrets (database, Redis and SMTP URLs can carry passwords) are held as [`SecretString`] and are
//! never printed: `Debug` and `check-config` show them redacted.

mod error;
pub mod oauth;
mod raw;
mod redact;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

pub use error::ConfigError;
pub use raw::RawSettings;
pub use redact::{redact_url, secret_hint};

/// Which relational database the `DATABASE_URL` points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

/// How `serve` treats the demo data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DemoMode {
    /// Load the demo data into an empty database, but only when the base URL is loopback.
    Auto,
    /// Never load demo data at start-up (`colapla demo` still can).
    Off,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// The checked configuration every part of colapla reads. Build it with [`Config::load`] or,
/// in tests, [`Config::from_raw`].
#[derive(Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub base_url: Url,
    pub data_dir: PathBuf,
    pub database_url: SecretString,
    pub database_kind: DatabaseKind,
    pub database_max_connections: u32,
    pub redis_url: Option<SecretString>,
    pub smtp_url: Option<SecretString>,
    pub mail_from: String,
    pub log: String,
    pub log_format: LogFormat,
    pub demo: DemoMode,
    pub shutdown_timeout_secs: u64,
    pub workers: usize,
    pub oauth_providers: Vec<oauth::Provider>,
    /// The configured signing key; `None` means the key kept in [`Config::secret_key_file`].
    pub secret_key: Option<SecretString>,
    pub mail_worker: bool,
    pub mail_poll_interval: Duration,
    pub mail_batch_size: u32,
    pub mail_lease: Duration,
    pub mail_send_timeout: Duration,
    pub mail_max_attempts: u32,
    pub mail_retry_initial: Duration,
    pub mail_retry_max: Duration,
    /// Realtime room limits.
    pub rooms: RoomLimits,
    pub matching: MatchingSettings,
}

/// Timers of the match lifecycle (see `matching::jobs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchingSettings {
    pub jobs_interval: Duration,
    pub lead_digest_interval: chrono::TimeDelta,
    pub lead_reminder_after: chrono::TimeDelta,
    pub expire_after: chrono::TimeDelta,
    pub trial_followup_after: chrono::TimeDelta,
}

/// Limits of realtime room connections (`room_*` settings).
#[derive(Debug, Clone)]
pub struct RoomLimits {
    /// Origins allowed to open a room socket: the base URL's and `room_allowed_origins`.
    pub allowed_origins: Vec<String>,
    pub messages_per_sec: u32,
    pub abuse_limit: u32,
    pub send_queue: usize,
    pub heartbeat: Duration,
    pub idle_timeout: Duration,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("base_url", &self.base_url.as_str())
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact_url(self.database_url.expose_secret()))
            .field("database_max_connections", &self.database_max_connections)
            .field("redis_url", &self.redis_url.as_ref().map(|u| redact_url(u.expose_secret())))
            .field("smtp_url", &self.smtp_url.as_ref().map(|u| redact_url(u.expose_secret())))
            .field("mail_from", &self.mail_from)
            .field("log", &self.log)
            .field("log_format", &self.log_format)
            .field("demo", &self.demo)
            .field("shutdown_timeout_secs", &self.shutdown_timeout_secs)
            .field("workers", &self.workers)
            .field("oauth_providers", &self.oauth_providers)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "***"))
            .field("mail_worker", &self.mail_worker)
            .field("mail_poll_interval", &self.mail_poll_interval)
            .field("mail_batch_size", &self.mail_batch_size)
            .field("mail_lease", &self.mail_lease)
            .field("mail_send_timeout", &self.mail_send_timeout)
            .field("mail_max_attempts", &self.mail_max_attempts)
            .field("mail_retry_initial", &self.mail_retry_initial)
            .field("mail_retry_max", &self.mail_retry_max)
            .field("rooms", &self.rooms)
            .field("matching", &self.matching)
            .finish()
    }
}

impl Config {
    /// Merge the layers and check the result. `file` is an explicit config file; without one,
    /// `./colapla.toml` is read when it exists.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::from_raw(RawSettings::load(file)?)
    }

    /// Check raw settings into a typed configuration.
    pub fn from_raw(raw: RawSettings) -> Result<Self, ConfigError> {
        let bind: SocketAddr = raw
            .bind
            .parse()
            .map_err(|_| ConfigError::invalid("bind", "an address and port such as 127.0.0.1:8080", &raw.bind))?;
        let base_url = parse_base_url(raw.base_url.as_deref(), bind)?;
        let data_dir = PathBuf::from(&raw.data_dir);
        let database_url = match raw.database_url.clone() {
            Some(url) => url,
            None => SecretString::from(default_sqlite_url(&data_dir)),
        };
        let database_kind = database_kind(database_url.expose_secret())?;
        if let Some(redis) = &raw.redis_url {
            check_url(
                "redis_url",
                redis.expose_secret(),
                &["redis", "rediss"],
                "a URL such as redis://127.0.0.1:6379",
            )?;
        }
        if let Some(smtp) = &raw.smtp_url {
            check_url(
                "smtp_url",
                smtp.expose_secret(),
                &["smtp", "smtps"],
                "a URL such as smtps://user:password@mail.example.com:465 or smtp://127.0.0.1:2525",
            )?;
        }
        check_log_filter(&raw.log)?;
        if raw.database_max_connections == 0 {
            return Err(ConfigError::invalid("database_max_connections", "a whole number of at least 1", "0"));
        }
        if !raw.mail_from.contains('@') {
            return Err(ConfigError::invalid(
                "mail_from",
                "an e-mail address such as colapla <noreply@example.jp>",
                &raw.mail_from,
            ));
        }
        check_mail_settings(&raw)?;
        let rooms = room_limits(&raw, &base_url)?;
        let workers = match raw.workers {
            Some(0) => {
                return Err(ConfigError::invalid("workers", "a whole number of at least 1", "0"));
            }
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(2, usize::from),
        };
        Ok(Self {
            bind,
            base_url,
            data_dir,
            database_url,
            database_kind,
            database_max_connections: raw.database_max_connections,
            redis_url: raw.redis_url,
            smtp_url: raw.smtp_url,
            mail_from: raw.mail_from,
            log: raw.log,
            log_format: raw.log_format,
            demo: raw.demo,
            shutdown_timeout_secs: raw.shutdown_timeout_secs,
            workers,
            oauth_providers: oauth::check(&raw.oauth_providers)?,
            secret_key: raw.secret_key,
            mail_worker: raw.mail_worker,
            mail_poll_interval: Duration::from_millis(raw.mail_poll_interval_ms),
            mail_batch_size: raw.mail_batch_size,
            mail_lease: Duration::from_secs(raw.mail_lease_secs),
            mail_send_timeout: Duration::from_secs(raw.mail_send_timeout_secs),
            mail_max_attempts: raw.mail_max_attempts,
            mail_retry_initial: Duration::from_millis(raw.mail_retry_initial_ms),
            mail_retry_max: Duration::from_millis(raw.mail_retry_max_ms),
            rooms,
            matching: MatchingSettings {
                jobs_interval: Duration::from_secs(raw.match_jobs_interval_secs),
                lead_digest_interval: hours(raw.lead_digest_interval_hours),
                lead_reminder_after: hours(24 * raw.lead_reminder_days),
                expire_after: hours(24 * raw.match_expiry_days),
                trial_followup_after: hours(24 * raw.trial_followup_days),
            },
        })
    }

    /// True when the base URL is served over https, so cookies must be `Secure`.
    pub fn is_https(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    /// True when the base URL names this machine only (127.0.0.0/8, ::1 or localhost).
    pub fn base_url_is_loopback(&self) -> bool {
        match self.base_url.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
    }

    /// Where the file mail transport writes `.eml` files.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }

    /// Where the signing key is kept when `secret_key` is not set (created on first start).
    pub fn secret_key_file(&self) -> PathBuf {
        self.data_dir.join("secret.key")
    }

    /// A one-screen, secret-free summary, as `colapla check-config` prints it.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let redacted = |u: &Option<SecretString>| {
            u.as_ref().map_or_else(|| "(not set)".to_owned(), |u| redact_url(u.expose_secret()))
        };
        vec![
            ("bind", self.bind.to_string()),
            ("base_url", self.base_url.to_string()),
            ("data_dir", self.data_dir.display().to_string()),
            ("database_url", redact_url(self.database_url.expose_secret())),
            ("database_max_connections", self.database_max_connections.to_string()),
            ("redis_url", redacted(&self.redis_url)),
            (
                "smtp_url",
                self.smtp_url.as_ref().map_or_else(
                    || format!("(not set: mail is written to {})", self.mail_dir().display()),
                    |u| redact_url(u.expose_secret()),
                ),
            ),
            ("mail_from", self.mail_from.clone()),
            ("log", self.log.clone()),
            ("log_format", format!("{:?}", self.log_format).to_lowercase()),
            ("demo", format!("{:?}", self.demo).to_lowercase()),
            ("shutdown_timeout_secs", self.shutdown_timeout_secs.to_string()),
            ("workers", self.workers.to_string()),
            (
                "secret_key",
                self.secret_key.as_ref().map_or_else(
                    || format!("(not set: kept in {})", self.secret_key_file().display()),
                    |_| "***".to_owned(),
                ),
            ),
            ("mail_worker", self.mail_worker.to_string()),
            ("mail_poll_interval_ms", self.mail_poll_interval.as_millis().to_string()),
            ("mail_batch_size", self.mail_batch_size.to_string()),
            ("mail_lease_secs", self.mail_lease.as_secs().to_string()),
            ("mail_send_timeout_secs", self.mail_send_timeout.as_secs().to_string()),
            ("mail_max_attempts", self.mail_max_attempts.to_string()),
            ("mail_retry_initial_ms", self.mail_retry_initial.as_millis().to_string()),
            ("mail_retry_max_ms", self.mail_retry_max.as_millis().to_string()),
            ("match_jobs_interval_secs", self.matching.jobs_interval.as_secs().to_string()),
            ("lead_digest_interval_hours", self.matching.lead_digest_interval.num_hours().to_string()),
            ("lead_reminder_days", self.matching.lead_reminder_after.num_days().to_string()),
            ("match_expiry_days", self.matching.expire_after.num_days().to_string()),
            ("trial_followup_days", self.matching.trial_followup_after.num_days().to_string()),
        ]
    }
}

fn hours(count: u64) -> chrono::TimeDelta {
    chrono::TimeDelta::hours(i64::try_from(count).unwrap_or(i64::MAX / 3_600_000))
}

fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("colapla.db").display())
}

fn parse_base_url(raw: Option<&str>, bind: SocketAddr) -> Result<Url, ConfigError> {
    let expected = "an http or https URL such as https://colapla.example.jp";
    let Some(raw) = raw else {
        let host = if bind.ip().is_unspecified() { "127.0.0.1".to_owned() } else { bind.ip().to_string() };
        let host = if bind.is_ipv6() && !bind.ip().is_unspecified() { format!("[{host}]") } else { host };
        return Url::parse(&format!("http://{host}:{}", bind.port()))
            .map_err(|_| ConfigError::invalid("base_url", expected, &bind.to_string()));
    };
    let url = Url::parse(raw).map_err(|_| ConfigError::invalid("base_url", expected, raw))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError::invalid("base_url", expected, raw));
    }
    Ok(url)
}

fn database_kind(url: &str) -> Result<DatabaseKind, ConfigError> {
    let expected = "sqlite://PATH?mode=rwc or postgres://USER:PASSWORD@HOST:PORT/DATABASE";
    let scheme = url.split_once("://").map(|(s, _)| s);
    match scheme {
        Some("sqlite") => {
            let rest = &url["sqlite://".len()..];
            if rest.is_empty() || rest.starts_with('?') {
                return Err(ConfigError::invalid("database_url", expected, &secret_hint(url)));
            }
            Ok(DatabaseKind::Sqlite)
        }
        Some("postgres" | "postgresql") => {
            let parsed =
                Url::parse(url).map_err(|_| ConfigError::invalid("database_url", expected, &secret_hint(url)))?;
            if parsed.host().is_none() && !parsed.query_pairs().any(|(k, _)| k == "host") {
                return Err(ConfigError::invalid("database_url", expected, &secret_hint(url)));
            }
            Ok(DatabaseKind::Postgres)
        }
        _ => Err(ConfigError::invalid("database_url", expected, &secret_hint(url))),
    }
}

fn check_url(key: &'static str, value: &str, schemes: &[&str], expected: &str) -> Result<(), ConfigError> {
    match Url::parse(value) {
        Ok(url) if schemes.contains(&url.scheme()) && url.host().is_some() => Ok(()),
        _ => Err(ConfigError::invalid(key, expected, &secret_hint(value))),
    }
}

/// Shortest `secret_key` accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64.
const MIN_SECRET_KEY_CHARS: usize = 32;

/// The origin (scheme://host[:port]) of a URL, as browsers send it in `Origin`.
pub fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}

fn room_limits(raw: &RawSettings, base_url: &Url) -> Result<RoomLimits, ConfigError> {
    let mut allowed_origins = vec![origin_of(base_url)];
    for o in &raw.room_allowed_origins {
        let url =
            Url::parse(o).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some()).ok_or_else(
                || ConfigError::invalid("room_allowed_origins", "origins such as https://colapla.example", o),
            )?;
        allowed_origins.push(origin_of(&url));
    }
    let positive = |key: &str, value: u64| {
        if value == 0 { Err(ConfigError::invalid(key, "a whole number of at least 1", "0")) } else { Ok(value) }
    };
    let heartbeat = positive("room_heartbeat_secs", raw.room_heartbeat_secs)?;
    let idle = positive("room_idle_timeout_secs", raw.room_idle_timeout_secs)?;
    if idle <= heartbeat {
        return Err(ConfigError::invalid(
            "room_idle_timeout_secs",
            "more seconds than room_heartbeat_secs",
            &idle.to_string(),
        ));
    }
    Ok(RoomLimits {
        allowed_origins,
        messages_per_sec: u32::try_from(positive("room_messages_per_sec", raw.room_messages_per_sec.into())?)
            .unwrap_or(u32::MAX),
        abuse_limit: u32::try_from(positive("room_abuse_limit", raw.room_abuse_limit.into())?).unwrap_or(u32::MAX),
        send_queue: usize::try_from(positive("room_send_queue", raw.room_send_queue as u64)?).unwrap_or(usize::MAX),
        heartbeat: Duration::from_secs(heartbeat),
        idle_timeout: Duration::from_secs(idle),
    })
}

fn check_mail_settings(raw: &RawSettings) -> Result<(), ConfigError> {
    if let Some(key) = &raw.secret_key {
        let chars = key.expose_secret().chars().count();
        if chars < MIN_SECRET_KEY_CHARS {
            // Never echo the key itself, only its length.
            return Err(ConfigError::other(
                "secret_key",
                format!("at least {MIN_SECRET_KEY_CHARS} random characters (`openssl rand -hex 32`), got {chars}"),
            ));
        }
    }
    let in_range = |key: &str, value: u64, min: u64, max: u64, unit: &str| {
        if (min..=max).contains(&value) {
            Ok(())
        } else {
            Err(ConfigError::invalid(key, &format!("a whole number of {unit} from {min} to {max}"), &value.to_string()))
        }
    };
    in_range("mail_poll_interval_ms", raw.mail_poll_interval_ms, 10, 60_000, "milliseconds")?;
    in_range("match_jobs_interval_secs", raw.match_jobs_interval_secs, 1, 86_400, "seconds")?;
    in_range("lead_digest_interval_hours", raw.lead_digest_interval_hours, 0, 24 * 31, "hours")?;
    in_range("lead_reminder_days", raw.lead_reminder_days, 1, 365, "days")?;
    in_range("match_expiry_days", raw.match_expiry_days, 1, 3_650, "days")?;
    in_range("trial_followup_days", raw.trial_followup_days, 1, 3_650, "days")?;
    in_range("mail_batch_size", raw.mail_batch_size.into(), 1, 500, "mails")?;
    in_range("mail_send_timeout_secs", raw.mail_send_timeout_secs, 1, 600, "seconds")?;
    in_range("mail_max_attempts", raw.mail_max_attempts.into(), 1, 100, "attempts")?;
    in_range("mail_retry_initial_ms", raw.mail_retry_initial_ms, 1, 86_400_000, "milliseconds")?;
    in_range("mail_retry_max_ms", raw.mail_retry_max_ms, raw.mail_retry_initial_ms, 86_400_000, "milliseconds")?;
    // A lease shorter than a send would let a second worker claim a mail that is still being sent.
    let min_lease = 2 * raw.mail_send_timeout_secs;
    in_range(
        "mail_lease_secs",
        raw.mail_lease_secs,
        min_lease,
        86_400,
        "seconds (at least twice mail_send_timeout_secs)",
    )?;
    Ok(())
}

fn check_log_filter(filter: &str) -> Result<(), ConfigError> {
    let expected = "a level (error, warn, info, debug, trace) or directives such as info,colapla=debug";
    // EnvFilter accepts unknown words as target names, so check each directive's level ourselves.
    let levels = ["error", "warn", "info", "debug", "trace", "off"];
    for directive in filter.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        let level = directive.rsplit_once('=').map_or(directive, |(_, level)| level);
        if !levels.contains(&level.to_ascii_lowercase().as_str()) {
            return Err(ConfigError::invalid("log", expected, filter));
        }
    }
    tracing_subscriber::EnvFilter::try_new(filter).map_err(|_| ConfigError::invalid("log", expected, filter))?;
    Ok(())
}

#[cfg(test)]
mod tests;
