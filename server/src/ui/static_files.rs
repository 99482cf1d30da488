//! `/static/*`: CSS, ES modules and images from `web/static`, with an ETag so browsers revalidate
//! cheaply, and a short cache lifetime because the names carry no content hash.

use actix_web::http::header::{self, EntityTag, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use super::assets::StaticAssets;
use crate::http::HttpError;

pub fn routes(routes: &mut crate::http::RouteTable) {
    routes.get("/static/{path:.*}", serve);
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

async fn serve(req: HttpRequest, path: web::Path<String>) -> Result<HttpResponse, HttpError> {
    let path = path.into_inner();
    let file = StaticAssets::get(&path).ok_or(HttpError::NotFound)?;
    let hash: String = file.metadata.sha256_hash().iter().take(12).map(|b| format!("{b:02x}")).collect();
    let etag = EntityTag::new_strong(hash);
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_matches('"') == etag.tag()));
    let mut response = if matches { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header(header::ETag(etag))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")));
    if matches {
        return Ok(response.finish());
    }
    Ok(response.content_type(content_type(&path)).body(file.data.into_owned()))
}
