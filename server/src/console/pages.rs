//! Console pages (organiser members only): the overview with its charts, then one page a section,
//! the reminder action and the CSV exports. Everyone else gets the policy's refusal (sign in, or 403).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};
use uuid::Uuid;

use super::charts::{self, Bar, Layout};
use super::report::{self, FunnelReport, SessionRow, Table};
use super::{ConsoleError, csv, filter, funnel, sections};
use crate::http::{HttpError, RequestMeta};
use crate::i18n::{Catalogs, Locale};
use crate::identity::actor::Actor;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::{Action, decide};
use crate::state::AppState;
use crate::ui::Page;

/// Most bars in a "by category" or "by prefecture" chart (the table lists them all).
const TOP_BARS: usize = 10;

/// The organiser acting, or the policy's refusal.
pub fn organiser(actor: Option<&Actor>) -> Result<&Actor, HttpError> {
    let decision = decide(actor, Action::UseConsole);
    if !decision.allowed() {
        return Err(decision.into());
    }
    actor.ok_or(HttpError::Unauthorized)
}

pub fn parse_filter(req: &HttpRequest, state: &AppState) -> Result<funnel::Filter, ConsoleError> {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
    filter::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), |c| state.reference.category(c).is_some())
        .map_err(ConsoleError::Filter)
}

/// A chart for the template: its layout, its accessible name and description, and its table.
fn chart(id: &str, title: String, desc: String, layout: Layout, table: Table) -> Value {
    json!({ "id": id, "title": title, "desc": desc, "layout": layout, "table": table })
}

fn funnel_charts(report: &FunnelReport, catalogs: &Catalogs, locale: Locale) -> Vec<Value> {
    let t = |key: &str| catalogs.text(locale, key);
    let [steps, categories, prefectures] = report::funnel_tables(report, catalogs, locale);
    let bars: Vec<Bar> = report
        .steps
        .iter()
        .map(|s| Bar { label: report::step_label(catalogs, locale, s.step), value: s.count })
        .collect();
    let first = report.steps.first().map_or(0, |s| s.count);
    let last = report.steps.iter().find(|s| s.step == funnel::Step::Adopted).map_or(0, |s| s.count);
    let desc = catalogs.format(
        locale,
        "console.charts.funnel_desc",
        &[("proposed", first.to_string()), ("adopted", last.to_string())],
    );
    let top = |rows: &[report::CountRow]| -> Vec<Bar> {
        rows.iter().take(TOP_BARS).map(|r| Bar { label: r.label.clone(), value: r.count }).collect()
    };
    let by_category = top(&report.by_category);
    let by_prefecture = top(&report.by_prefecture);
    vec![
        chart("chart-funnel", t("console.charts.funnel"), desc, charts::bars(&bars), steps),
        chart(
            "chart-categories",
            t("console.charts.categories"),
            t("console.charts.categories_desc"),
            charts::bars(&by_category),
            categories,
        ),
        chart(
            "chart-prefectures",
            t("console.charts.prefectures"),
            t("console.charts.prefectures_desc"),
            charts::bars(&by_prefecture),
            prefectures,
        ),
    ]
}

fn participation_chart(rows: &[SessionRow], catalogs: &Catalogs, locale: Locale) -> Value {
    // Sessions that happened (or were reported), in time order: the line of the session table.
    let held: Vec<&SessionRow> = rows.iter().filter(|r| r.participants > 0).collect();
    let points: Vec<Bar> = held
        .iter()
        .map(|r| Bar {
            label: r.starts_at.with_timezone(&crate::i18n::DEFAULT_TIME_ZONE).format("%Y-%m-%d").to_string(),
            value: r.participants,
        })
        .collect();
    let table = report::sessions_table(rows, catalogs, locale);
    let desc = catalogs.format(locale, "console.charts.participants_desc", &[("sessions", points.len().to_string())]);
    chart(
        "chart-participants",
        catalogs.text(locale, "console.charts.participants"),
        desc,
        charts::line(&points),
        table,
    )
}

/// GET /console — what waits, the funnel and the participation at a glance.
pub async fn overview(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    organiser(who.actor())?;
    let catalogs = state.templates.catalogs();
    let approvals = sections::approvals(&state, meta.locale).await?;
    let funnel = sections::funnel(&state, funnel::Filter::default(), meta.locale).await?;
    let sessions = sections::sessions(&state, meta.locale).await?;
    let mut charts = funnel_charts(&funnel, catalogs, meta.locale);
    charts.insert(1, participation_chart(&sessions, catalogs, meta.locale));
    let mail = sections::mail(&state).await?;
    let expiring = sections::verifications(&state, meta.locale).await?;
    Ok(Page::new(
        "pages/console/overview.html",
        json!({
            "section": "overview",
            "counts": {
                "organisations": approvals.organisations.len(),
                "products": approvals.products_to_review.len(),
                "case_studies": approvals.case_studies_to_publish.len(),
                "expiring": expiring.len(),
                "mail_failed": mail.failed,
                "mail_depth": mail.depth,
            },
            "charts": charts,
        }),
    ))
}

/// GET /console/funnel — the funnel with its filters.
pub async fn funnel_page(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    req: HttpRequest,
) -> Result<Page, HttpError> {
    organiser(who.actor())?;
    let filter = parse_filter(&req, &state)?;
    let query = filter::to_query(&filter);
    let report = sections::funnel(&state, filter, meta.locale).await?;
    let choices = json!({
        "categories": state.reference.categories.iter().map(|c| json!({ "code": c.named.code, "name": state.reference.category_name(&c.named.code, meta.locale) })).collect::<Vec<_>>(),
        "prefectures": (1..=47).map(|c: i16| json!({ "code": c, "name": state.reference.prefecture_name(c, meta.locale) })).collect::<Vec<_>>(),
        "levels": ["green", "blue", "red", "dev"],
    });
    Ok(Page::new(
        "pages/console/funnel.html",
        json!({
            "section": "funnel",
            "filter": report.filter,
            "query": query,
            "choices": choices,
            "charts": funnel_charts(&report, state.templates.catalogs(), meta.locale),
        }),
    ))
}

/// GET /console/sessions — working-group sessions and their participation.
pub async fn sessions_page(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
) -> Result<Page, HttpError> {
    organiser(who.actor())?;
    let rows = sections::sessions(&state, meta.locale).await?;
    let chart = participation_chart(&rows, state.templates.catalogs(), meta.locale);
    Ok(Page::new("pages/console/section.html", json!({ "section": "sessions", "charts": [chart], "tables": [] })))
}

/// GET /console/events — matching events: requests, acceptance, meetings, outcomes.
pub async fn events_page(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    organiser(who.actor())?;
    let rows = sections::events(&state, meta.locale).await?;
    let table = report::events_table(&rows, state.templates.catalogs(), meta.locale);
    Ok(Page::new("pages/console/section.html", json!({ "section": "events", "charts": [], "tables": [table] })))
}

/// GET /console/mail — outbox depth, sent, retrying, failed (with reasons) and unsubscribes.
pub async fn mail_page(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    organiser(who.actor())?;
    let health = sections::mail(&state).await?;
    let tables = report::mail_tables(&health, state.templates.catalogs(), meta.locale);
    Ok(Page::new("pages/console/section.html", json!({ "section": "mail", "charts": [], "tables": tables })))
}

/// GET /console/approvals — organisations, products and case studies waiting, with where to decide.
pub async fn approvals_page(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
) -> Result<Page, HttpError> {
    organiser(who.actor())?;
    let approvals = sections::approvals(&state, meta.locale).await?;
    Ok(Page::new("pages/console/approvals.html", json!({ "section": "approvals", "approvals": approvals })))
}

#[derive(Debug, serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// GET /console/verifications — results that lapse within 60 days, with the reminder button.
pub async fn verifications_page(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    query: web::Query<NoticeQuery>,
) -> Result<Page, HttpError> {
    organiser(who.actor())?;
    let rows = sections::verifications(&state, meta.locale).await?;
    let notice = query.notice.as_deref().filter(|n| ["reminded", "already_reminded"].contains(n));
    Ok(Page::new(
        "pages/console/verifications.html",
        json!({ "section": "verifications", "rows": rows, "notice": notice, "window_days": super::store::EXPIRY_WINDOW_DAYS }),
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct RemindForm {
    #[serde(default)]
    csrf_token: String,
}

/// POST /console/verifications/{id}/remind — mails the vendor (once a day per verification).
pub async fn remind(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    form: web::Form<RemindForm>,
) -> Result<HttpResponse, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let actor = organiser(who.actor())?;
    let sent =
        super::store::remind(&state.db, actor, id.into_inner(), sections::today(), &state.config.base_url).await?;
    let notice = if sent { "reminded" } else { "already_reminded" };
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/console/verifications?notice={notice}")))
        .finish())
}

/// GET /console/export/{table} — one console table as CSV (UTF-8 with BOM, CRLF).
pub async fn export(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    name: web::Path<String>,
) -> Result<HttpResponse, HttpError> {
    organiser(who.actor())?;
    let name = name.into_inner();
    let filter = parse_filter(&req, &state)?;
    let table = sections::table(&state, &name, filter, meta.locale).await?;
    let body = csv::write(&table.headers, &table.rows);
    let file = format!("colapla-{}-{}.csv", table.name, sections::today());
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
