//! Where the load goes: a running server given by URL (loopback only), or colapla started
//! in-process with a fresh SQLite database and the demo data.

use std::net::TcpListener;

use colapla::config::{Config, DemoMode, RawSettings};
use colapla::startup::Application;

pub struct Target {
    pub base_url: String,
    _dir: Option<tempfile::TempDir>,
}

/// Refuses anything but this machine: load is never sent elsewhere.
pub fn check_loopback(base_url: &str) -> Result<(), String> {
    let url = url::Url::parse(base_url).map_err(|e| format!("--url {base_url}: {e}"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if loopback {
        Ok(())
    } else {
        Err(format!("--url {base_url}: load tests only target this machine (127.0.0.1, ::1, localhost)"))
    }
}

impl Target {
    pub async fn resolve(url: Option<String>, spawn: bool, scale: usize) -> Result<Self, String> {
        if !spawn {
            let base_url = url.unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
            check_loopback(&base_url)?;
            return Ok(Self { base_url: base_url.trim_end_matches('/').to_owned(), _dir: None });
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let raw = RawSettings {
            bind: format!("127.0.0.1:{port}"),
            data_dir: dir.path().display().to_string(),
            log: "warn".to_owned(),
            demo: DemoMode::Auto,
            ..RawSettings::default()
        };
        let config = Config::from_raw(raw).map_err(|e| e.to_string())?;
        let app = Application::build_with_listener(config, listener).await.map_err(|e| e.to_string())?;
        if scale > 0 {
            let summary =
                colapla::demo::load_generated(&app.state().db, scale, 2026).await.map_err(|e| e.to_string())?;
            eprintln!("generated: {summary}");
        }
        tokio::spawn(app.run_until_stopped());
        Ok(Self { base_url: format!("http://127.0.0.1:{port}"), _dir: Some(dir) })
    }
}
