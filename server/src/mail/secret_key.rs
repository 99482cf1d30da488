//! The key that signs links colapla mails out (unsubscribe links), so they need no table of
//! tokens. Set it with `COLAPLA_SECRET_KEY` (several instances must share one); otherwise a random
//! key is created in `<data_dir>/secret.key` on first start and read on every later start.

use std::io::Write;
use std::path::Path;

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use super::MailError;
use crate::config::Config;

type HmacSha256 = Hmac<Sha256>;

pub struct SecretKey(SecretString);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl SecretKey {
    /// The configured key, or the one kept in [`Config::secret_key_file`] (created when missing).
    pub fn load_or_create(config: &Config) -> Result<Self, MailError> {
        if let Some(key) = &config.secret_key {
            return Ok(Self(key.clone()));
        }
        let path = config.secret_key_file();
        if config.database_kind == crate::config::DatabaseKind::Postgres {
            // Several instances share PostgreSQL; each would sign with its own file's key.
            tracing::warn!("COLAPLA_SECRET_KEY is not set: links signed by this instance work only here");
        }
        let file_error = |source| MailError::SecretKeyFile { path: path.display().to_string(), source };
        if !path.exists() {
            create_key_file(&path).map_err(file_error)?;
        }
        let text = std::fs::read_to_string(&path).map_err(file_error)?;
        let text = text.trim();
        if text.chars().count() < 32 {
            let corrupt = std::io::Error::new(std::io::ErrorKind::InvalidData, "shorter than 32 characters");
            return Err(file_error(corrupt));
        }
        Ok(Self(SecretString::from(text.to_owned())))
    }

    /// A key from text (tests, tools).
    pub fn from_text(text: &str) -> Self {
        Self(SecretString::from(text.to_owned()))
    }

    fn mac(&self, purpose: &str, message: &str) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(self.0.expose_secret().as_bytes()).expect("HMAC takes keys of any length");
        // The purpose keeps a signature made for one use from being accepted for another.
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(message.as_bytes());
        mac
    }

    /// HMAC-SHA256 of `message` for `purpose`.
    pub fn sign(&self, purpose: &str, message: &str) -> Vec<u8> {
        self.mac(purpose, message).finalize().into_bytes().to_vec()
    }

    /// Checks a signature in constant time.
    pub fn verify(&self, purpose: &str, message: &str, signature: &[u8]) -> bool {
        self.mac(purpose, message).verify_slice(signature).is_ok()
    }
}

/// Writes 32 random bytes as hex, readable by the owner only. The file appears complete or not at
/// all (written aside, then linked into place), and when two instances start at once on one data
/// directory, the first link wins and both read that key.
fn create_key_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let bytes: [u8; 32] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let temporary = path.with_extension(format!("{}.tmp", uuid::Uuid::new_v4().simple()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary)?;
    file.write_all(format!("{hex}\n").as_bytes())?;
    file.sync_all()?;
    drop(file);
    let linked = std::fs::hard_link(&temporary, path);
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Err(err) if err.kind() != std::io::ErrorKind::AlreadyExists => Err(err),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_depend_on_key_purpose_and_message() {
        let key = SecretKey::from_text("0123456789abcdef0123456789abcdef");
        let signature = key.sign("a", "m");
        assert!(key.verify("a", "m", &signature));
        assert!(!key.verify("b", "m", &signature));
        assert!(!key.verify("a", "n", &signature));
        assert!(!SecretKey::from_text("another key, also long enough....").verify("a", "m", &signature));
        assert_eq!(format!("{key:?}"), "SecretKey(***)");
    }

    #[test]
    fn the_key_file_is_created_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("secret.key");
        create_key_file(&path).unwrap();
        let first = std::fs::read_to_string(&path).unwrap();
        assert_eq!(first.trim().len(), 64);
        create_key_file(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), first, "an existing key is never replaced");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
