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
