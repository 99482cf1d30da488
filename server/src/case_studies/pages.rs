//! Case-study pages: a case's page (with the actions its reader may take), drafting from a match,
//! the vendor's edit form, and the status actions. Forms carry the CSRF token.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use serde_json::json;
use uuid::Uuid;

use super::form::{self, CaseText};
use super::rules::Command;
use super::{guard, view};
use crate::http::body::{LARGE_BODY_LIMIT, read_form};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::csrf;
use crate::identity::extract::{MaybeSignedIn, SignedIn};
use crate::state::AppState;
use crate::ui::Page;

const NOTICES: [&str; 7] = ["drafted", "edited", "submitted", "approved", "sent-back", "published", "withdrawn"];

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}

fn csrf_of(req: &HttpRequest, pairs: &[(String, String)]) -> Result<(), HttpError> {
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str()).unwrap_or_default();
    csrf::verify(req, token)
}

#[derive(Debug, serde::Deserialize)]
pub struct ShowQuery {
    notice: Option<String>,
}

/// GET /case-studies/{id}
pub async fn show(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    query: web::Query<ShowQuery>,
) -> Result<Page, HttpError> {
    let loaded = guard::visible(&state, who.actor(), id.into_inner()).await?;
    let party = loaded.party(who.actor());
    Ok(Page::new(
        "pages/case_studies/show.html",
        json!({
            "case": view::view(&loaded, meta.locale),
            "actions": view::actions(&loaded, party),
            "editable": view::editable(&loaded, party),
            "waiting": view::waiting_for_user_company(loaded.status()),
            "notice": query.notice.as_deref().filter(|n| NOTICES.contains(n)),
        }),
    ))
}

/// POST /case-studies — drafts a case from the adopted match named by `match_id`.
pub async fn draft(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    csrf_of(&req, &pairs)?;
    let match_id = pairs
        .iter()
        .find(|(k, _)| k == "match_id")
        .and_then(|(_, v)| v.parse::<Uuid>().ok())
        .ok_or_else(|| HttpError::Validation(vec![FieldError::new("match_id", "invalid")]))?;
    let id = guard::draft(&state, who.actor(), match_id).await?;
    Ok(see_other(&format!("/case-studies/{id}?notice=drafted")))
}

fn form_page(state: &AppState, meta: &RequestMeta, id: Uuid, text: &CaseText, errors: &[FieldError]) -> Page {
    let catalogs = state.templates.catalogs();
    let errors: Vec<_> = errors
        .iter()
        .map(|e| json!({ "field": e.field, "message": catalogs.format(meta.locale, &format!("validation.{}", e.code), &e.params) }))
        .collect();
    Page::new(
        "pages/case_studies/form.html",
        json!({
            "id": id,
            "form": { "title_ja": text.title_ja, "body_ja": text.body_ja, "title_en": text.title_en, "body_en": text.body_en },
            "field_errors": errors,
            "limits": { "title": form::TITLE_MAX, "body": form::BODY_MAX },
        }),
    )
}

/// GET /case-studies/{id}/edit — the vendor, while the case is a draft.
pub async fn edit_form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let loaded = guard::editable(&state, who.actor(), id.into_inner()).await?;
    let c = &loaded.case;
    let text = CaseText {
        title_ja: c.title_ja.clone(),
        body_ja: c.body_ja.clone(),
        title_en: c.title_en.clone(),
        body_en: c.body_en.clone(),
    };
    Ok(form_page(&state, &meta, c.id, &text, &[]))
}

/// POST /case-studies/{id} — saves the vendor's text.
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let id = id.into_inner();
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    csrf_of(&req, &pairs)?;
    guard::editable(&state, who.actor(), id).await?;
    match form::validate(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
        Ok(text) => {
            guard::edit(&state, who.actor(), id, &text).await?;
            Ok(Either::Left(see_other(&format!("/case-studies/{id}?notice=edited"))))
        }
        Err(errors) => {
            let echo = CaseText {
                title_ja: pair(&pairs, "title_ja"),
                body_ja: pair(&pairs, "body_ja"),
                title_en: Some(pair(&pairs, "title_en")),
                body_en: Some(pair(&pairs, "body_en")),
            };
            let page = form_page(&state, &meta, id, &echo, &errors).with_status(StatusCode::UNPROCESSABLE_ENTITY);
            Ok(Either::Right(page))
        }
    }
}

fn pair(pairs: &[(String, String)], key: &str) -> String {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// POST /case-studies/{id}/{action} — submit, approve, send-back, publish, withdraw.
pub async fn act(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(Uuid, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let (id, action) = path.into_inner();
    let command = Command::from_action(&action).ok_or(HttpError::NotFound)?;
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    csrf_of(&req, &pairs)?;
    guard::act(&state, who.actor(), id, command).await?;
    let notice = match command {
        Command::Submit => "submitted",
        Command::Approve => "approved",
        Command::SendBack => "sent-back",
        Command::Publish => "published",
        Command::Withdraw => "withdrawn",
        Command::Edit => "edited",
    };
    Ok(see_other(&format!("/case-studies/{id}?notice={notice}")))
}
