//! HTTP wiring: the route table, middleware, and the mapping of errors to responses.

pub mod body;
mod context;
mod error;
mod render_error;
mod routes;
mod security;

use actix_web::{App, HttpResponse, web};

pub use context::{LANG_COOKIE, REQUEST_ID_HEADER, RequestMeta, request_meta};
pub use error::{FieldError, HttpError};
pub use render_error::{Problem, ProblemField};
pub use routes::{RouteInfo, RouteTable};
pub use security::CONTENT_SECURITY_POLICY;

use crate::state::AppState;

/// Largest JSON or form body any route accepts; routes that need less set their own limit.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Every route of the application, from every capability, in one table.
pub fn route_table() -> RouteTable {
    let mut routes = RouteTable::default();
    crate::ops::routes(&mut routes);
    crate::ui::static_routes(&mut routes);
    crate::home::routes(&mut routes);
    crate::identity::routes(&mut routes);
    crate::catalog::routes(&mut routes);
    crate::matching::routes(&mut routes);
    crate::rooms::routes(&mut routes);
    crate::mail::routes(&mut routes);
    crate::case_studies::routes(&mut routes);
    crate::console::routes(&mut routes);
    routes
}

/// The application, as each server worker builds it.
pub fn app(
    state: web::Data<AppState>,
    table: std::sync::Arc<RouteTable>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(web::JsonConfig::default().limit(MAX_BODY_BYTES).error_handler(|err, _| bad_input(&err)))
        .app_data(web::FormConfig::default().limit(MAX_BODY_BYTES).error_handler(|err, _| bad_input(&err)))
        .app_data(web::QueryConfig::default().error_handler(|err, _| bad_input(&err)))
        .app_data(web::PathConfig::default().error_handler(|_, _| HttpError::NotFound.into()))
        .configure(move |cfg| table.register(cfg))
        .default_service(web::to(not_found))
        .wrap(actix_web::middleware::from_fn(crate::identity::middleware::identify))
        .wrap(actix_web::middleware::from_fn(render_error::render_errors))
        .wrap(security::security_headers())
        .wrap(actix_web::middleware::Compress::default())
        .wrap(actix_web::middleware::from_fn(context::request_context))
}

fn bad_input(err: &dyn std::fmt::Display) -> actix_web::Error {
    let text = err.to_string();
    if text.contains("overflow") || text.contains("too large") || text.contains("exceeds") {
        HttpError::PayloadTooLarge.into()
    } else {
        HttpError::BadRequest(text).into()
    }
}

async fn not_found() -> Result<HttpResponse, HttpError> {
    Err(HttpError::NotFound)
}
