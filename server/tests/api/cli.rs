//! The `colapla` binary as an operator meets it.

use std::process::Command;

fn colapla() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_colapla"));
    let dir = std::env::temp_dir();
    command.current_dir(dir).env_remove("DATABASE_URL").env_remove("REDIS_URL").env_remove("SMTP_URL");
    for (key, _) in std::env::vars() {
        if key.starts_with("COLAPLA_") {
            command.env_remove(key);
        }
    }
    command
}

fn one_line_error(output: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
}

#[test]
fn malformed_database_url_stops_start_up_naming_the_key() {
    let output = colapla().arg("serve").env("DATABASE_URL", "mysql:/user:hunter2@db").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = one_line_error(&output);
    assert!(stderr.contains("DATABASE_URL") && stderr.contains("expected"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "no secret: {stderr}");
}

#[test]
fn unknown_log_level_stops_start_up_naming_the_key() {
    let output = colapla().arg("serve").env("COLAPLA_LOG", "chatty").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = one_line_error(&output);
    assert!(stderr.contains("COLAPLA_LOG"), "{stderr}");
}

#[test]
fn a_wrongly_typed_value_names_the_key() {
    let output = colapla().arg("check-config").env("COLAPLA_DATABASE_MAX_CONNECTIONS", "many").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = one_line_error(&output);
    assert!(stderr.contains("database_max_connections"), "{stderr}");
}

#[test]
fn an_unknown_setting_in_the_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("colapla.toml");
    std::fs::write(&file, "bnid = \"127.0.0.1:9000\"\n").unwrap();
    let output = colapla().arg("--config").arg(&file).arg("check-config").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(one_line_error(&output).contains("bnid"));
}

#[test]
fn check_config_layers_file_then_environment_and_hides_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("colapla.toml");
    std::fs::write(&file, "bind = \"127.0.0.1:9000\"\nlog = \"warn\"\n").unwrap();
    let output = colapla()
        .arg("--config")
        .arg(&file)
        .arg("check-config")
        .env("COLAPLA_LOG", "debug")
        .env("DATABASE_URL", "postgres://app:hunter2@db.internal/colapla")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("127.0.0.1:9000"), "the file sets bind: {stdout}");
    assert!(stdout.contains("debug"), "the environment wins over the file: {stdout}");
    assert!(stdout.contains("postgres://app:***@db.internal/colapla"), "{stdout}");
    assert!(!stdout.contains("hunter2"));
}

#[test]
fn migrate_and_demo_commands_work_on_a_fresh_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let status = |args: &[&str]| {
        let output = colapla().args(args).arg("--data-dir").arg(dir.path()).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let loaded = status(&["demo"]);
    assert!(loaded.contains("demo data loaded"), "{loaded}");
    let again = status(&["demo"]);
    assert!(again.contains("already holds data"), "{again}");
    let reset = status(&["demo", "--reset"]);
    assert!(reset.contains("demo data loaded"), "{reset}");
    let scaled = status(&["demo", "--scale", "50"]);
    assert!(scaled.contains("50 products"), "{scaled}");

    let output = colapla()
        .args(["migrate", "status"])
        .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", dir.path().join("colapla.db").display()))
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&output.stdout);
    assert!(listing.lines().all(|l| l.starts_with("applied")), "{listing}");
}

#[test]
fn help_is_there_for_every_command() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["demo", "--help"],
        vec!["check-config", "--help"],
    ] {
        let output = colapla().args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("Usage"), "{args:?}");
    }
}
