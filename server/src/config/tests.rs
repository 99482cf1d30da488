use super::*;

fn raw() -> RawSettings {
    RawSettings::default()
}

#[test]
fn defaults_are_the_embedded_setup() {
    let config = Config::from_raw(raw()).expect("defaults are valid");
    assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
    assert_eq!(config.base_url.as_str(), "http://127.0.0.1:8080/");
    assert_eq!(config.database_kind, DatabaseKind::Sqlite);
    assert!(config.database_url.expose_secret().contains("data/colapla.db"));
    assert!(config.base_url_is_loopback());
    assert!(!config.is_https());
}

#[test]
fn malformed_database_url_names_the_key() {
    let mut r = raw();
    r.database_url = Some(SecretString::from("mysql//nope"));
    let err = Config::from_raw(r).unwrap_err().to_string();
    assert!(err.starts_with("configuration error: DATABASE_URL (database_url): expected"), "{err}");
    assert!(!err.contains('\n'));
}

#[test]
fn database_password_is_never_echoed() {
    let mut r = raw();
    r.database_url = Some(SecretString::from("postgres://app:hunter2@/db"));
    let err = Config::from_raw(r).unwrap_err().to_string();
    assert!(!err.contains("hunter2"), "{err}");

    let mut r = raw();
    r.database_url = Some(SecretString::from("postgres://app:hunter2@db.internal:5432/colapla"));
    r.redis_url = Some(SecretString::from("redis://:s3cret@cache:6379"));
    let config = Config::from_raw(r).expect("valid");
    let debug = format!("{config:?}");
    assert!(!debug.contains("hunter2") && !debug.contains("s3cret"), "{debug}");
    let described = format!("{:?}", config.describe());
    assert!(!described.contains("hunter2") && !described.contains("s3cret"), "{described}");
}

#[test]
fn unknown_log_level_names_the_key() {
    let mut r = raw();
    r.log = "verbose".to_owned();
    let err = Config::from_raw(r).unwrap_err().to_string();
    assert!(err.contains("COLAPLA_LOG (log)"), "{err}");
    let mut r = raw();
    r.log = "info,colapla=loud".to_owned();
    assert!(Config::from_raw(r).is_err());
    let mut r = raw();
    r.log = "warn,colapla=debug".to_owned();
    assert!(Config::from_raw(r).is_ok());
}

#[test]
fn bad_bind_and_base_url_are_refused() {
    let mut r = raw();
    r.bind = "localhost".to_owned();
    assert!(Config::from_raw(r).unwrap_err().to_string().contains("COLAPLA_BIND (bind)"));
    let mut r = raw();
    r.base_url = Some("ftp://example.jp".to_owned());
    assert!(Config::from_raw(r).unwrap_err().to_string().contains("COLAPLA_BASE_URL (base_url)"));
}

#[test]
fn loopback_detection() {
    for (url, loopback) in [
        ("http://127.0.0.1:8080", true),
        ("http://localhost:3000", true),
        ("http://[::1]:8080", true),
        ("https://colapla.example.jp", false),
        ("http://192.168.1.10", false),
    ] {
        let mut r = raw();
        r.base_url = Some(url.to_owned());
        assert_eq!(Config::from_raw(r).unwrap().base_url_is_loopback(), loopback, "{url}");
    }
}

#[test]
fn redaction_hides_passwords_and_tokens() {
    assert_eq!(redact_url("postgres://u:pw@h/db"), "postgres://u:***@h/db");
    assert!(!redact_url("redis://h/?password=x").contains("=x"));
    assert_eq!(redact_url("garbage with pw"), "(unparsable value hidden)");
}

#[test]
fn error_hints_never_show_more_than_scheme_host_and_port() {
    assert_eq!(secret_hint("mysql:/user:hunter2@db"), "mysql:…");
    assert_eq!(secret_hint("postgres://u:pw@db.internal:5432/x?password=y"), "postgres://db.internal:5432/…");
    assert_eq!(secret_hint("hunter2"), "(value hidden)");
}
