//! `GET /compare?ids=a,b&devices=N`: up to four published products side by side. Ids that are
//! unknown or not published are skipped with a note that says only how many, so drafts never show.

use actix_web::{HttpRequest, web};
use serde::Serialize;
use uuid::Uuid;

use super::query::{MAX_COMPARED, MAX_DEVICES, all, pairs};
use crate::catalog::view;
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::state::AppState;
use crate::ui::Page;

#[derive(Debug, Serialize)]
struct Column {
    #[serde(flatten)]
    detail: view::ProductDetail,
    monthly_for_devices: i64,
}

/// The ids and device count asked, or field errors.
fn parse(query_string: &str) -> Result<(Vec<Uuid>, i64), Vec<FieldError>> {
    let pairs = pairs(query_string);
    let raw = all(&pairs, "ids");
    let mut errors = Vec::new();
    if raw.len() > MAX_COMPARED {
        errors.push(FieldError::new("ids", "too_many").with("max", MAX_COMPARED));
    }
    let mut ids = Vec::new();
    for (n, s) in raw.iter().enumerate() {
        match Uuid::parse_str(s) {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(_) => errors.push(FieldError::new(format!("ids[{n}]"), "invalid")),
        }
    }
    let devices = match pairs.iter().rev().find(|(k, _)| k == "devices") {
        None => 1,
        Some((_, v)) => match v.parse::<i64>() {
            Ok(n) if (0..=MAX_DEVICES).contains(&n) => n,
            _ => {
                errors.push(FieldError::new("devices", "out_of_range").with("min", 0).with("max", MAX_DEVICES));
                1
            }
        },
    };
    if errors.is_empty() { Ok((ids, devices)) } else { Err(errors) }
}

pub async fn page(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> Result<Page, HttpError> {
    let (ids, devices) = parse(req.query_string()).map_err(HttpError::Validation)?;
    let today = chrono::Utc::now().date_naive();
    let catalogs = state.templates.catalogs();
    let mut columns = Vec::new();
    let mut skipped = 0;
    for found in state.search.lookup(&ids) {
        match found {
            Ok((doc, listing)) => columns.push(Column {
                detail: view::detail(&listing, today, meta.locale, catalogs, &state.reference),
                monthly_for_devices: doc.pricing.monthly_for(devices),
            }),
            Err(_) => skipped += 1,
        }
    }
    Ok(Page::new(
        "pages/compare.html",
        serde_json::json!({ "columns": columns, "skipped": skipped, "devices": devices, "max": MAX_COMPARED }),
    ))
}
