//! `POST /api/v1/organisations`: the organisation form as JSON, for the signed-in browser session
//! (the same checks, the same field names, errors as problem+json with field messages). A
//! cookie-authenticated write needs the session's CSRF token, here in the `X-CSRF-Token` header.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use entities::organisation;
use serde::Serialize;
use uuid::Uuid;

use super::form::{self, OrganisationInput};
use super::guard::{authorise, may_create};
use super::{rules, store};
use crate::http::body::{LARGE_BODY_LIMIT, read_json};
use crate::http::{HttpError, RequestMeta};
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::Action;
use crate::identity::session::{kind_of, status_of};
use crate::state::AppState;

/// The fields of a new organisation (all text is also accepted for the numbers).
#[derive(Debug, utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the request body; the handler reads the fields one by one")]
pub struct OrganisationRequest {
    /// vendor | user_company | verifier (vendors and verifiers wait for the organiser's approval).
    kind: String,
    /// At most 200 characters.
    name: String,
    name_en: Option<String>,
    /// JIS X 0401 prefecture code, 1 to 47.
    prefecture_code: i16,
    /// An industry code from the reference data.
    industry_code: String,
    /// A company-size band code; chosen from `employees` when missing.
    size_band_code: Option<String>,
    employees: Option<i32>,
    /// An http(s) address.
    website: Option<String>,
}

/// An organisation as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrganisationView {
    pub id: Uuid,
    /// vendor | user_company | organiser | verifier
    pub kind: &'static str,
    /// pending | active | suspended
    pub status: &'static str,
    pub name: String,
    pub name_en: Option<String>,
    pub prefecture_code: Option<i16>,
    pub industry_code: Option<String>,
    pub size_band_code: Option<String>,
    pub employees: Option<i32>,
    pub website: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<organisation::Model> for OrganisationView {
    fn from(org: organisation::Model) -> Self {
        Self {
            id: org.id,
            kind: rules::kind_code(kind_of(org.kind)),
            status: rules::status_code(status_of(org.status)),
            name: org.name,
            name_en: org.name_en,
            prefecture_code: org.prefecture_code,
            industry_code: org.industry_code,
            size_band_code: org.size_band_code,
            employees: org.employees,
            website: org.website,
            created_at: org.created_at,
        }
    }
}

/// Creates an organisation; the signed-in person becomes its owner.
#[utoipa::path(post, path = "/api/v1/organisations", tag = "identity", request_body = OrganisationRequest,
    params(("x-csrf-token" = String, Header, description = "the session's CSRF token (the `csrf_token` of any page's forms)")),
    responses(
        (status = 201, body = OrganisationView, description = "created; `Location` names its page"),
        (status = 400, description = "not JSON", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 401, description = "not signed in", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 403, description = "already in an organisation, or no CSRF token", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 409, description = "created meanwhile by another request", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 413, description = "body over 4 MiB", body = crate::http::Problem, content_type = "application/problem+json"),
        (status = 422, description = "field errors", body = crate::http::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    may_create(actor)?;
    let token = crate::http::body::csrf_header(&req);
    csrf::verify(&req, token)?;
    let body = read_json(&req, payload, LARGE_BODY_LIMIT).await?;
    let new = form::validate(&OrganisationInput::from_json(&body), &state.reference).map_err(HttpError::Validation)?;
    authorise(actor, Action::CreateOrganisation(new.kind))?;
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };
    let org = store::create(&state.db, actor, new, client_ip(&req))
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/organisations/{}", org.id)))
        .json(OrganisationView::from(org)))
}
