//! `GET /mail/unsubscribe?token=…` shows a confirmation (link scanners and previews follow GET
//! links, so GET must change nothing); `POST /mail/unsubscribe?token=…` unsubscribes. The POST is
//! also RFC 8058's one-click request, sent by mail clients without cookies or a form token: the
//! signed token is the authority, so the body (`List-Unsubscribe=One-Click`) is not read.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;

use super::unsubscribe;
use crate::http::HttpError;
use crate::state::AppState;
use crate::ui::Page;

const TEMPLATE: &str = "pages/mail_unsubscribe.html";

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

fn invalid_link() -> Page {
    Page::new(TEMPLATE, serde_json::json!({ "step": "invalid" })).with_status(StatusCode::BAD_REQUEST)
}

pub async fn confirm(state: web::Data<AppState>, query: web::Query<TokenQuery>) -> Result<Page, HttpError> {
    let token = query.into_inner().token.unwrap_or_default();
    if unsubscribe::verify(&state.secret_key, &token).is_err() {
        return Ok(invalid_link());
    }
    Ok(Page::new(TEMPLATE, serde_json::json!({ "step": "confirm", "token": token })))
}

pub async fn unsubscribe(state: web::Data<AppState>, query: web::Query<TokenQuery>) -> Result<Page, HttpError> {
    let token = query.into_inner().token.unwrap_or_default();
    let Ok(user_id) = unsubscribe::verify(&state.secret_key, &token) else {
        return Ok(invalid_link());
    };
    unsubscribe::unsubscribe_all(&state.db, user_id, chrono::Utc::now()).await?;
    tracing::info!(%user_id, "unsubscribed from non-essential mail");
    Ok(Page::new(TEMPLATE, serde_json::json!({ "step": "done" })))
}
