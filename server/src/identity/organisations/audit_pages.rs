//! The audit log for organisers: `GET /audit` (a page, times in the reader's zone, Asia/Tokyo by
//! default) and `GET /api/v1/audit` (the same entries as JSON). 50 entries a page, newest first,
//! optionally filtered by an action prefix.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::audit_store::{self, AuditRow, PER_PAGE};
use super::guard::authorise;
use crate::http::{FieldError, HttpError};
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::Action;
use crate::state::AppState;
use crate::ui::Page;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// 1-based page number (default 1); 50 entries a page.
    pub page: Option<u64>,
    /// Only actions starting with this, e.g. `organisation.` or `sign_in` (a-z, 0-9, `_`, `.`).
    pub action: Option<String>,
}

impl AuditQuery {
    /// The 1-based page and the prefix, checked.
    fn checked(&self) -> Result<(u64, Option<&str>), HttpError> {
        let prefix = self.action.as_deref().map(str::trim).filter(|p| !p.is_empty());
        if prefix.is_some_and(|p| !audit_store::valid_prefix(p)) {
            return Err(HttpError::Validation(vec![FieldError::new("action", "invalid")]));
        }
        Ok((self.page.unwrap_or(1).max(1), prefix))
    }
}

/// One audit entry.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntryView {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// What was done, e.g. `organisation.approved`.
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub actor_user_id: Option<Uuid>,
    /// The actor's name and address, while the account exists.
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub actor_organisation_id: Option<Uuid>,
    pub actor_organisation_name: Option<String>,
    /// Details of the action (JSON).
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    /// The client address, for actions that came over HTTP.
    pub ip: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

fn entry_view(row: AuditRow) -> AuditEntryView {
    let e = row.entry;
    AuditEntryView {
        id: e.id,
        at: e.at,
        action: e.action,
        object_type: e.object_type,
        object_id: e.object_id,
        actor_user_id: e.actor_user_id,
        actor_name: row.actor.as_ref().map(|u| u.display_name.clone()),
        actor_email: row.actor.map(|u| u.email),
        actor_organisation_id: e.actor_organisation_id,
        actor_organisation_name: row.actor_organisation,
        detail: e.detail,
        ip: e.ip,
    }
}

async fn load(
    state: &AppState,
    who: &MaybeSignedIn,
    query: &AuditQuery,
) -> Result<(AuditPage, Option<String>), HttpError> {
    authorise(who.actor(), Action::UseConsole)?;
    let (page, prefix) = query.checked()?;
    let (rows, total) = audit_store::page(&state.db, prefix, page - 1).await?;
    let items = rows.into_iter().map(entry_view).collect();
    Ok((AuditPage { items, total, page, per_page: PER_PAGE }, prefix.map(str::to_owned)))
}

pub async fn page(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    query: web::Query<AuditQuery>,
) -> Result<Page, HttpError> {
    let (page, prefix) = load(&state, &who, &query).await?;
    let pages = page.total.div_ceil(PER_PAGE).max(1);
    let link = |n: u64| match &prefix {
        Some(p) => format!(
            "/audit?{}",
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("action", p)
                .append_pair("page", &n.to_string())
                .finish()
        ),
        None => format!("/audit?page={n}"),
    };
    Ok(Page::new(
        "pages/audit.html",
        json!({
            "entries": page.items,
            "total": page.total,
            "page": page.page,
            "pages": pages,
            "action": prefix,
            "prev_url": (page.page > 1).then(|| link(page.page - 1)),
            "next_url": (page.page < pages).then(|| link(page.page + 1)),
        }),
    ))
}

/// The audit log, newest first (organisers only).
#[utoipa::path(get, path = "/api/v1/audit", tag = "identity", params(AuditQuery), responses(
    (status = 200, body = AuditPage),
    (status = 400, description = "bad parameters", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 403, description = "not the organiser", body = crate::http::Problem, content_type = "application/problem+json"),
    (status = 422, description = "invalid action prefix", body = crate::http::Problem, content_type = "application/problem+json"),
))]
pub async fn api(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, HttpError> {
    let (page, _) = load(&state, &who, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}
