//! Gathering each console section from storage: shared by the pages, the API and the exports so
//! the three always show the same numbers.

use chrono::NaiveDate;

use super::ConsoleError;
use super::funnel::Filter;
use super::report::{self, Approvals, EventRow, ExpiringRow, FunnelReport, MailHealth, SessionRow, Table};
use super::store;
use crate::i18n::Locale;
use crate::state::AppState;

/// Today in Japan: a verification valid "until today" still counts after 15:00 UTC.
pub fn today() -> NaiveDate {
    chrono::Utc::now().with_timezone(&crate::i18n::DEFAULT_TIME_ZONE).date_naive()
}

pub async fn funnel(state: &AppState, filter: Filter, locale: Locale) -> Result<FunnelReport, ConsoleError> {
    let matches = store::match_histories(&state.db, today()).await?;
    Ok(report::funnel_report(&matches, filter, &state.reference, locale))
}

pub async fn sessions(state: &AppState, locale: Locale) -> Result<Vec<SessionRow>, ConsoleError> {
    Ok(report::session_rows(&store::sessions(&state.db).await?, locale))
}

pub async fn events(state: &AppState, locale: Locale) -> Result<Vec<EventRow>, ConsoleError> {
    Ok(report::event_rows(&store::events(&state.db).await?, locale))
}

pub async fn verifications(state: &AppState, locale: Locale) -> Result<Vec<ExpiringRow>, ConsoleError> {
    let today = today();
    let rows = store::expiring(&state.db, today).await?;
    Ok(report::expiring_rows(&rows, today, state.templates.catalogs(), locale))
}

pub async fn mail(state: &AppState) -> Result<MailHealth, ConsoleError> {
    Ok(report::mail_health(store::mail(&state.db).await?))
}

pub async fn approvals(state: &AppState, locale: Locale) -> Result<Approvals, ConsoleError> {
    let orgs = store::pending_organisations(&state.db).await?;
    let products = store::products_to_review(&state.db, today()).await?;
    let cases = crate::case_studies::store::awaiting_publication(&state.db)
        .await
        .map_err(|e| ConsoleError::Internal(e.to_string()))?;
    Ok(report::approvals(&orgs, &products, &cases, state.templates.catalogs(), locale))
}

/// The table named `name` (see [`report::TABLES`]), for the export. The funnel's tables take the filter.
pub async fn table(state: &AppState, name: &str, filter: Filter, locale: Locale) -> Result<Table, ConsoleError> {
    let catalogs = state.templates.catalogs();
    let pick = |tables: Vec<Table>| tables.into_iter().find(|t| t.name == name).ok_or(ConsoleError::UnknownExport);
    match name {
        "funnel" | "matches_by_category" | "matches_by_prefecture" => {
            pick(report::funnel_tables(&funnel(state, filter, locale).await?, catalogs, locale).into())
        }
        "sessions" => Ok(report::sessions_table(&sessions(state, locale).await?, catalogs, locale)),
        "events" => Ok(report::events_table(&events(state, locale).await?, catalogs, locale)),
        "verifications" => Ok(report::verifications_table(&verifications(state, locale).await?, catalogs, locale)),
        "mail" | "mail_failures" => pick(report::mail_tables(&mail(state).await?, catalogs, locale).into()),
        "pending_organisations" | "products_to_review" | "case_studies_to_publish" => {
            pick(report::approval_tables(&approvals(state, locale).await?, catalogs, locale).into())
        }
        _ => Err(ConsoleError::UnknownExport),
    }
}
