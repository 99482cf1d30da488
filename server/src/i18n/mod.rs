//! Languages: Japanese first, English second. Message catalogs live in `web/i18n/{ja,en}.toml`
//! and are embedded in the binary; formatting of yen and dates follows the reader's language.

mod catalog;
mod format;
mod locale;

pub use catalog::{Catalog, CatalogError, Catalogs};
pub use format::{DEFAULT_TIME_ZONE, format_date, format_datetime, format_yen};
pub use locale::Locale;
