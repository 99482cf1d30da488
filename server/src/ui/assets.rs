use rust_embed::RustEmbed;

use crate::i18n::{Catalog, CatalogError, Catalogs, Locale};

#[derive(RustEmbed)]
#[folder = "../web/templates"]
pub(super) struct TemplateFiles;

#[derive(RustEmbed)]
#[folder = "../web/static"]
pub struct StaticAssets;

#[derive(RustEmbed)]
#[folder = "../web/i18n"]
struct CatalogFiles;

/// The Japanese and English catalogs, checked to hold the same keys.
pub fn load_catalogs() -> Result<Catalogs, CatalogError> {
    let read = |locale: Locale| -> Result<Catalog, CatalogError> {
        let name = format!("{}.toml", locale.as_str());
        let file = CatalogFiles::get(&name).map(|f| String::from_utf8_lossy(&f.data).into_owned()).unwrap_or_default();
        Catalog::parse(locale, &file)
    };
    Catalogs::new(read(Locale::Ja)?, read(Locale::En)?)
}

impl std::fmt::Debug for StaticAssets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticAssets")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ui::Templates;

    #[test]
    fn catalogs_hold_the_same_keys_and_every_template_compiles() {
        let catalogs = Arc::new(load_catalogs().expect("catalogs load and match"));
        let templates = Templates::load(catalogs).expect("templates compile");
        assert!(templates.names().iter().any(|n| n == "base.html"));
        assert!(StaticAssets::get("css/app.css").is_some());
    }
}
