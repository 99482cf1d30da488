//! Where mail goes, from `SMTP_URL`:
//! - unset: `.eml` files under `<data_dir>/mail/` (the embedded default; nothing leaves the machine);
//! - `smtps://user:pass@host:465`: implicit TLS (port 465 unless given);
//! - `smtp://host:587`: STARTTLS, required: no credentials or mail cross an unencrypted link
//!   (port 587 unless given) — except on a loopback host (`localhost`, 127.0.0.0/8, ::1), where
//!   plain SMTP is allowed for local relays and tests (port 25 unless given).
//!
//! User name and password come from the URL, percent-decoded. Failures are sorted into transient
//! (retry later: refused connections, timeouts, TLS trouble, 4xx replies) and permanent (5xx
//! replies: the server will never take this mail).

use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use percent_encoding::percent_decode_str;
use secrecy::ExposeSecret;
use url::{Host, Url};

use super::MailError;
use crate::config::Config;

/// How a send failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// Worth trying again later.
    Transient(String),
    /// Will fail the same way every time.
    Permanent(String),
}

pub enum MailTransport {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, description: String },
    File { transport: AsyncFileTransport<Tokio1Executor>, description: String },
}

impl std::fmt::Debug for MailTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.description())
    }
}

impl MailTransport {
    pub fn from_config(config: &Config) -> Result<Self, MailError> {
        match &config.smtp_url {
            None => {
                let dir = config.mail_dir();
                std::fs::create_dir_all(&dir)
                    .map_err(|e| MailError::Transport(format!("cannot create {}: {e}", dir.display())))?;
                let description = format!("files in {}", dir.display());
                Ok(Self::File { transport: AsyncFileTransport::new(dir), description })
            }
            Some(url) => smtp(url.expose_secret(), config.mail_send_timeout),
        }
    }

    /// Where mail goes, without credentials: safe to log.
    pub fn description(&self) -> &str {
        match self {
            Self::Smtp { description, .. } | Self::File { description, .. } => description,
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), SendFailure> {
        match self {
            Self::Smtp { transport, .. } => transport.send(message).await.map(drop).map_err(|err| {
                // 5xx is the server's final word; everything else (4xx, refused, timeout, TLS) may pass.
                if err.is_permanent() {
                    SendFailure::Permanent(err.to_string())
                } else {
                    SendFailure::Transient(err.to_string())
                }
            }),
            // A full disk or a missing directory can be fixed; keep the mail.
            Self::File { transport, .. } => {
                transport.send(message).await.map(drop).map_err(|err| SendFailure::Transient(err.to_string()))
            }
        }
    }
}

fn smtp(raw: &str, timeout: Duration) -> Result<MailTransport, MailError> {
    let invalid = |why: &str| MailError::Transport(format!("{why} ({})", crate::config::redact_url(raw)));
    let url = Url::parse(raw).map_err(|_| invalid("not a URL"))?;
    let (host, loopback) = match url.host() {
        // smtp:// is not a "special" scheme to the URL parser, so an IPv4 host arrives as a name.
        Some(Host::Domain(name)) => match name.parse::<std::net::IpAddr>() {
            Ok(ip) => (ip.to_string(), ip.is_loopback()),
            Err(_) => (name.to_owned(), name.eq_ignore_ascii_case("localhost")),
        },
        Some(Host::Ipv4(ip)) => (ip.to_string(), ip.is_loopback()),
        Some(Host::Ipv6(ip)) => (ip.to_string(), ip.is_loopback()),
        None => return Err(invalid("no host")),
    };
    let tls_error = |e: lettre::transport::smtp::Error| invalid(&format!("TLS set-up: {e}"));
    let (builder, security, port) = match (url.scheme(), loopback) {
        ("smtps", _) => {
            let port = url.port().unwrap_or(465);
            (AsyncSmtpTransport::<Tokio1Executor>::relay(&host).map_err(tls_error)?.port(port), "implicit TLS", port)
        }
        ("smtp", false) => {
            let port = url.port().unwrap_or(587);
            let builder = AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host).map_err(tls_error)?.port(port);
            (builder, "STARTTLS required", port)
        }
        ("smtp", true) => {
            let port = url.port().unwrap_or(25);
            (AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host).port(port), "plain, loopback only", port)
        }
        _ => return Err(invalid("scheme must be smtp or smtps")),
    };
    let mut builder = builder.timeout(Some(timeout)).pool_config(PoolConfig::new().max_size(2));
    if !url.username().is_empty() {
        let decode = |s: &str| percent_decode_str(s).decode_utf8().map(|s| s.into_owned());
        let user = decode(url.username()).map_err(|_| invalid("user name is not UTF-8"))?;
        let password = decode(url.password().unwrap_or("")).map_err(|_| invalid("password is not UTF-8"))?;
        builder = builder.credentials(Credentials::new(user, password));
    }
    let description = format!("SMTP {host}:{port} ({security})");
    Ok(MailTransport::Smtp { transport: builder.build(), description })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(url: &str) -> String {
        smtp(url, Duration::from_secs(5)).map(|t| t.description().to_owned()).unwrap_or_else(|e| e.to_string())
    }

    // The pooled SMTP transport starts (and stops) a task, so these need a runtime.
    #[tokio::test]
    async fn urls_choose_tls_and_ports() {
        assert_eq!(describe("smtps://u:p@mail.example.com"), "SMTP mail.example.com:465 (implicit TLS)");
        assert_eq!(describe("smtp://mail.example.com"), "SMTP mail.example.com:587 (STARTTLS required)");
        assert_eq!(describe("smtp://mail.example.com:2525"), "SMTP mail.example.com:2525 (STARTTLS required)");
        assert_eq!(describe("smtp://127.0.0.1:2525"), "SMTP 127.0.0.1:2525 (plain, loopback only)");
        assert_eq!(describe("smtp://localhost"), "SMTP localhost:25 (plain, loopback only)");
        assert_eq!(describe("smtp://[::1]:2525"), "SMTP ::1:2525 (plain, loopback only)");
    }

    #[tokio::test]
    async fn errors_never_show_the_password() {
        let err = describe("imap://user:hunter2@mail.example.com");
        assert!(err.contains("scheme") && !err.contains("hunter2"), "{err}");
        let ok = describe("smtps://user%40example.jp:p%40ss%20word@mail.example.com");
        assert!(!ok.contains("p@ss"), "{ok}");
    }
}
