//! The verification desk of a product: its records, the form to record a new result, and on each
//! record the forms to amend or withdraw it (with a reason). For verifiers and the organiser.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use entities::{product, verification};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::guard::{product_to_verify, record_to_change, verifier_for};
use super::{form, store};
use crate::catalog::products::fields::Fields;
use crate::catalog::products::guard::{reindex, see_other};
use crate::catalog::products::read_form;
use crate::catalog::products::view::field_errors;
use crate::catalog::store::level_of;
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::actor::Actor;
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::state::AppState;
use crate::ui::Page;

const NOTICES: [&str; 3] = ["recorded", "amended", "withdrawn"];
const ECHO_MAX: usize = form::SUMMARY_MAX;
const LISTS: [&str; 0] = [];

/// A form that failed, to show again with its errors: the new-record form (`None`) or a record's.
struct Failed<'a> {
    record: Option<Uuid>,
    fields: &'a Fields,
    errors: &'a [FieldError],
}

fn record_fields(v: &verification::Model) -> Fields {
    Fields::from_pairs([
        ("level", level_of(v.level).code().to_owned()),
        ("verified_on", v.verified_on.to_string()),
        ("valid_until", v.valid_until.to_string()),
        ("summary_ja", v.summary_ja.clone()),
        ("summary_en", v.summary_en.clone().unwrap_or_default()),
        ("evidence_url", v.evidence_url.clone().unwrap_or_default()),
    ])
}

async fn desk(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    p: &product::Model,
    notice: Option<&str>,
    failed: Option<Failed<'_>>,
) -> Result<Page, HttpError> {
    let catalogs = state.templates.catalogs();
    let today = chrono::Utc::now().date_naive();
    let errors_for = |record: Option<Uuid>| -> (Option<Value>, Vec<Value>) {
        match &failed {
            Some(f) if f.record == record => {
                (Some(f.fields.echo(&LISTS, ECHO_MAX)), field_errors(f.errors, catalogs, meta.locale))
            }
            _ => (None, Vec::new()),
        }
    };
    let records = store::of_product(&state.db, p.id).await?;
    let names = crate::catalog::store::organisation_names(
        &state.db,
        records.iter().map(|v| v.verifier_organisation_id).collect(),
    )
    .await?;
    let rows: Vec<Value> = records
        .iter()
        .map(|v| {
            let (echo, errors) = errors_for(Some(v.id));
            let dates = crate::catalog::store::record_dates(v);
            let status = if dates.withdrawn {
                "revoked"
            } else if dates.is_current(today) {
                "valid"
            } else {
                "expired"
            };
            let mine = actor.is_organiser() || actor.member_of(v.verifier_organisation_id);
            json!({
                "id": v.id,
                "level": level_of(v.level).code(),
                "verified_on": v.verified_on.to_string(),
                "valid_until": v.valid_until.to_string(),
                "verifier_name": names.get(&v.verifier_organisation_id).cloned().unwrap_or_default(),
                "summary_ja": v.summary_ja,
                "status": catalogs.text(meta.locale, &format!("verification.status.{status}")),
                "amended_reason": v.amended_reason,
                "withdrawn_reason": v.withdrawn_reason,
                "changeable": mine && !dates.withdrawn,
                "form": echo.unwrap_or_else(|| record_fields(v).echo(&LISTS, ECHO_MAX)),
                "field_errors": errors,
            })
        })
        .collect();
    let (echo, errors) = errors_for(None);
    let verifiers: Vec<Value> = if actor.is_organiser() {
        store::active_verifiers(&state.db).await?.into_iter().map(|o| json!({ "id": o.id, "name": o.name })).collect()
    } else {
        Vec::new()
    };
    let page = Page::new(
        "pages/verifications/desk.html",
        json!({
            "product": { "id": p.id, "name": p.name },
            "notice": notice,
            "records": rows,
            "form": echo.unwrap_or_else(|| json!({})),
            "field_errors": errors,
            "levels": form::LEVELS,
            "verifiers": verifiers,
            "summary_max": form::SUMMARY_MAX,
            "reason_max": form::REASON_MAX,
        }),
    );
    Ok(if failed.is_some() { page.with_status(StatusCode::UNPROCESSABLE_ENTITY) } else { page })
}

#[derive(Debug, Deserialize)]
pub struct DeskQuery {
    notice: Option<String>,
}

/// GET /products/{id}/verifications/new — WriteVerification.
pub async fn new_form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    query: web::Query<DeskQuery>,
) -> Result<Page, HttpError> {
    let p = product_to_verify(&state, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let notice = query.notice.as_deref().filter(|n| NOTICES.contains(n));
    desk(&state, &meta, actor, &p, notice, None).await
}

fn back_to_desk(product: Uuid, notice: &str) -> Either<HttpResponse, Page> {
    Either::Left(see_other(&format!("/products/{product}/verifications/new?notice={notice}")))
}

/// POST /products/{id}/verifications — WriteVerification.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let (fields, token) = read_form(&req, payload).await?;
    csrf::verify(&req, &token)?;
    let p = product_to_verify(&state, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let checked = match form::validate(&fields, chrono::Utc::now().date_naive()) {
        Ok(input) => match verifier_for(&state, actor, input.verifier_organisation_id).await {
            Ok(verifier) => Ok((input, verifier)),
            Err(HttpError::Validation(errors)) => Err(errors),
            Err(other) => return Err(other),
        },
        Err(errors) => Err(errors),
    };
    let (input, verifier) = match checked {
        Ok(ok) => ok,
        Err(errors) => {
            let failed = Failed { record: None, fields: &fields, errors: &errors };
            return Ok(Either::Right(desk(&state, &meta, actor, &p, None, Some(failed)).await?));
        }
    };
    store::record(&state.db, actor, p.id, verifier, &input, client_ip(&req))
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(back_to_desk(p.id, "recorded"))
}

/// POST /verifications/{id}/amend — the record's verifier organisation or the organiser.
pub async fn amend(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let (fields, token) = read_form(&req, payload).await?;
    csrf::verify(&req, &token)?;
    let (v, p) = record_to_change(&state, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let (input, reason) = match (form::validate(&fields, chrono::Utc::now().date_naive()), form::check_reason(&fields))
    {
        (Ok(input), Ok(reason)) => (input, reason),
        (a, b) => {
            let mut errors = a.err().unwrap_or_default();
            errors.extend(b.err().unwrap_or_default());
            let failed = Failed { record: Some(v.id), fields: &fields, errors: &errors };
            return Ok(Either::Right(desk(&state, &meta, actor, &p, None, Some(failed)).await?));
        }
    };
    store::amend(&state.db, actor, v.id, &input, &reason, client_ip(&req))
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(back_to_desk(p.id, "amended"))
}

/// POST /verifications/{id}/withdraw — the record's verifier organisation or the organiser.
pub async fn withdraw(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let (fields, token) = read_form(&req, payload).await?;
    csrf::verify(&req, &token)?;
    let (v, p) = record_to_change(&state, who.actor(), id.into_inner()).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let reason = match form::check_reason(&fields) {
        Ok(reason) => reason,
        Err(errors) => {
            let failed = Failed { record: Some(v.id), fields: &fields, errors: &errors };
            return Ok(Either::Right(desk(&state, &meta, actor, &p, None, Some(failed)).await?));
        }
    };
    store::withdraw(&state.db, actor, v.id, &reason, client_ip(&req))
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(back_to_desk(p.id, "withdrawn"))
}
