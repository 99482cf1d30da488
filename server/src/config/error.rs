use std::fmt;

/// A configuration problem, shown to the operator as one line that names the setting both as its
/// file key and as its environment variable, says what was expected, and never echoes a secret.
#[derive(Debug)]
pub struct ConfigError {
    key: String,
    expected: String,
    got: Option<String>,
}

impl ConfigError {
    pub fn invalid(key: &str, expected: &str, got: &str) -> Self {
        Self { key: key.to_owned(), expected: expected.to_owned(), got: Some(got.to_owned()) }
    }

    pub fn other(key: &str, expected: impl Into<String>) -> Self {
        Self { key: key.to_owned(), expected: expected.into(), got: None }
    }

    /// The setting's file key, e.g. `database_url`.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// The environment variable that sets a file key.
pub fn env_name(key: &str) -> String {
    match key {
        "database_url" | "redis_url" | "smtp_url" => key.to_ascii_uppercase(),
        other => format!("COLAPLA_{}", other.to_ascii_uppercase().replace('.', "__")),
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "configuration error: {} ({}): expected {}", env_name(&self.key), self.key, self.expected)?;
        if let Some(got) = &self.got {
            write!(f, ", got {got:?}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl From<figment::Error> for ConfigError {
    fn from(err: figment::Error) -> Self {
        // figment reports the offending key as a path; keep the message on one line.
        let key = err.path.join(".");
        let key = if key.is_empty() { "config".to_owned() } else { key };
        let expected = match &err.kind {
            figment::error::Kind::InvalidType(actual, expected) => format!("{expected}, found {actual}"),
            figment::error::Kind::UnknownField(field, _) => {
                return Self::other(field, "a known setting (see `colapla check-config --help`); this one is unknown");
            }
            kind => kind.to_string(),
        };
        Self::other(&key, expected.replace('\n', " "))
    }
}
