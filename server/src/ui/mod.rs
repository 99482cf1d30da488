//! The web shell: templates, static files and message catalogs from the top-level `web/` folder,
//! embedded in the binary (in debug builds rust-embed reads them from disk, so edits show on reload).

mod assets;
mod page;
mod static_files;
mod templates;

pub use assets::{StaticAssets, load_catalogs};
pub use page::{Page, PageContext};
pub use static_files::routes as static_routes;
pub use templates::{TemplateError, Templates};
