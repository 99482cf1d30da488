//! `/matches`: the dashboard of matches (a firm's ranked products, a vendor's leads, everything
//! for the organiser) and one match with its reasons, history, contacts and the reader's steps.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::api::{parse_step, state_filter};
use super::error::MatchError;
use super::store::transitions::{self, Acting};
use super::view::{self, ListFilter, PAGE_SIZE};
use crate::http::body::read_form;
use crate::http::{HttpError, RequestMeta, RouteTable};
use crate::identity::csrf;
use crate::identity::extract::SignedIn;
use crate::state::AppState;
use crate::ui::Page;

/// Largest form a step takes.
const FORM_LIMIT: usize = 16 * 1024;

pub fn routes(routes: &mut RouteTable) {
    routes.get("/matches", list).get("/matches/{id}", show).post("/matches/{id}/transitions", step);
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    state: Option<String>,
    need: Option<Uuid>,
    page: Option<u64>,
}

pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    query: web::Query<ListQuery>,
) -> Result<Page, HttpError> {
    let actor = who.actor();
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    let filter = ListFilter { state: state_filter(query.state.as_deref())?, need: query.need, page };
    let (loaded, total) = view::list(&state, actor, &filter).await?;
    let matches = view::views(&state, actor, loaded, meta.locale, false).await?;
    // A firm looking at one of its needs also sees the live ranking (private needs included).
    let ranking = match query.need {
        Some(need) => super::api::ranked_for_need(&state, actor, need, meta.locale).await.ok(),
        None => None,
    };
    let role = if actor.is_organiser() {
        "organiser"
    } else if actor.is_kind(crate::identity::actor::OrgKind::Vendor) {
        "vendor"
    } else {
        "user"
    };
    Ok(Page::new(
        "pages/matches/list.html",
        json!({
            "role": role,
            "matches": matches,
            "ranking": ranking,
            "state": query.state,
            "need": query.need,
            "page": page,
            "pages": total.div_ceil(PAGE_SIZE).max(1),
            "total": total,
            "states": ["proposed", "interested", "introduced", "meeting", "trial", "adopted", "declined", "expired"],
        }),
    ))
}

pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    meta: RequestMeta,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let (loaded, _) = view::visible(&state, who.actor(), id.into_inner()).await?;
    let view =
        view::views(&state, who.actor(), vec![loaded], meta.locale, true).await?.pop().ok_or(HttpError::NotFound)?;
    Ok(Page::new("pages/matches/show.html", json!({ "m": view })))
}

/// A step from the match page's forms; back to the match page.
pub async fn step(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    let actor = who.actor();
    let (loaded, side) = view::visible(&state, actor, id.into_inner()).await?;
    let form = read_form(&req, payload, FORM_LIMIT).await?;
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    csrf::verify(&req, field("csrf_token").unwrap_or_default())?;
    let meeting_at = match field("meeting_at").filter(|v| !v.is_empty()) {
        None => None,
        Some(local) => {
            let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M")
                .map_err(|_| MatchError::InvalidField("meeting_at", "invalid_datetime"))?;
            let tz: chrono_tz::Tz = actor.time_zone.parse().unwrap_or(crate::i18n::DEFAULT_TIME_ZONE);
            let at = tz
                .from_local_datetime(&naive)
                .earliest()
                .ok_or(MatchError::InvalidField("meeting_at", "invalid_datetime"))?;
            Some(at.with_timezone(&Utc))
        }
    };
    let (step, note) = parse_step(field("step").unwrap_or_default(), meeting_at, field("note"))?;
    transitions::apply(&state, loaded.row.id, Acting { side, user_id: Some(actor.user_id) }, step, note.as_deref())
        .await?;
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/matches/{}", loaded.row.id))).finish())
}
