//! The console's sections as typed rows (the API's JSON) and as [`Table`]s (the pages' tables and
//! the CSV exports), built from the store's rows. One function a section, so a page, its API twin
//! and its export never disagree. Exports carry no e-mail addresses or phone numbers.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::funnel::{self, Filter, MatchHistory, StepCount};
use super::store::{EventFigures, Expiring, MailFigures, PendingOrganisation, SessionFigures};
use crate::case_studies::store::Loaded;
use crate::catalog::store::level_of;
use crate::i18n::{Catalogs, Locale};
use crate::reference::ReferenceData;

/// A table as the page shows it and the CSV exports it: headers and cells already in the reader's
/// language.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The export's name (`/console/export/{name}`).
    pub name: &'static str,
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The names of every exportable table.
pub const TABLES: [&str; 11] = [
    "funnel",
    "matches_by_category",
    "matches_by_prefecture",
    "sessions",
    "events",
    "verifications",
    "mail",
    "mail_failures",
    "pending_organisations",
    "products_to_review",
    "case_studies_to_publish",
];

struct Labels<'a> {
    catalogs: &'a Catalogs,
    locale: Locale,
}

impl Labels<'_> {
    fn t(&self, key: &str) -> String {
        self.catalogs.text(self.locale, key)
    }

    fn table(&self, name: &'static str, columns: &[&str], rows: Vec<Vec<String>>) -> Table {
        Table {
            name,
            caption: self.t(&format!("console.tables.{name}")),
            headers: columns.iter().map(|c| self.t(&format!("console.columns.{c}"))).collect(),
            rows,
        }
    }
}

fn pct(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_default()
}

/// The funnel and the matches by category and prefecture, for one filter.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FunnelReport {
    pub filter: Filter,
    pub steps: Vec<StepCount>,
    pub by_category: Vec<CountRow>,
    pub by_prefecture: Vec<CountRow>,
}

/// A labelled count.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CountRow {
    pub code: String,
    pub label: String,
    pub count: u64,
}

pub fn funnel_report(
    matches: &[MatchHistory],
    filter: Filter,
    reference: &ReferenceData,
    locale: Locale,
) -> FunnelReport {
    let steps = funnel::count(matches, &filter);
    let mut by_category: Vec<CountRow> = funnel::by_category(matches, &filter)
        .into_iter()
        .map(|(code, count)| CountRow { label: reference.category_name(&code, locale), code, count })
        .collect();
    by_category.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    let mut by_prefecture: Vec<CountRow> = funnel::by_prefecture(matches, &filter)
        .into_iter()
        .map(|(code, count)| CountRow { label: reference.prefecture_name(code, locale), code: code.to_string(), count })
        .collect();
    by_prefecture.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    FunnelReport { filter, steps, by_category, by_prefecture }
}

pub fn step_label(catalogs: &Catalogs, locale: Locale, step: funnel::Step) -> String {
    catalogs.text(locale, &format!("console.steps.{}", step.code()))
}

pub fn funnel_tables(report: &FunnelReport, catalogs: &Catalogs, locale: Locale) -> [Table; 3] {
    let l = Labels { catalogs, locale };
    let steps = report
        .steps
        .iter()
        .map(|s| vec![step_label(catalogs, locale, s.step), s.count.to_string(), pct(s.conversion_pct)])
        .collect();
    let counts = |rows: &[CountRow]| rows.iter().map(|r| vec![r.label.clone(), r.count.to_string()]).collect();
    [
        l.table("funnel", &["step", "matches", "conversion_pct"], steps),
        l.table("matches_by_category", &["category", "matches"], counts(&report.by_category)),
        l.table("matches_by_prefecture", &["prefecture", "matches"], counts(&report.by_prefecture)),
    ]
}

/// One session's participation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionRow {
    pub id: Uuid,
    pub working_group: String,
    pub title: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub status: String,
    pub registrations: u64,
    pub attended: u64,
    /// The participants reported for the session (sessions before the platform), else those who attended.
    pub participants: u64,
    pub messages: u64,
    pub polls: u64,
    pub minutes_published: bool,
}

pub fn session_rows(sessions: &[SessionFigures], locale: Locale) -> Vec<SessionRow> {
    let english = locale == Locale::En;
    sessions
        .iter()
        .map(|f| {
            let s = &f.session;
            SessionRow {
                id: s.id,
                working_group: f.group_name_en.clone().filter(|_| english).unwrap_or_else(|| f.group_name_ja.clone()),
                title: s.title_en.clone().filter(|_| english).unwrap_or_else(|| s.title_ja.clone()),
                starts_at: s.starts_at,
                status: serde_json::to_value(s.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                registrations: f.registrations,
                attended: f.attended,
                participants: s.reported_participants.and_then(|p| u64::try_from(p).ok()).unwrap_or(f.attended),
                messages: f.messages,
                polls: f.polls,
                minutes_published: s.minutes_published_at.is_some(),
            }
        })
        .collect()
}

fn tokyo_date(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&crate::i18n::DEFAULT_TIME_ZONE).format("%Y-%m-%d").to_string()
}

pub fn sessions_table(rows: &[SessionRow], catalogs: &Catalogs, locale: Locale) -> Table {
    let l = Labels { catalogs, locale };
    let yes_no = |b: bool| l.t(if b { "console.yes" } else { "console.no" });
    let cells = rows
        .iter()
        .map(|r| {
            vec![
                tokyo_date(r.starts_at),
                r.working_group.clone(),
                r.title.clone(),
                r.registrations.to_string(),
                r.attended.to_string(),
                r.participants.to_string(),
                r.messages.to_string(),
                r.polls.to_string(),
                yes_no(r.minutes_published),
            ]
        })
        .collect();
    l.table(
        "sessions",
        &[
            "date",
            "working_group",
            "session",
            "registrations",
            "attended",
            "participants",
            "messages",
            "polls",
            "minutes",
        ],
        cells,
    )
}

/// One matching event's figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventRow {
    pub id: Uuid,
    pub title: String,
    pub starts_on: NaiveDate,
    pub requests: u64,
    pub accepted: u64,
    pub declined: u64,
    /// Accepted requests in percent of all requests (one decimal); `None` without requests.
    pub acceptance_pct: Option<f64>,
    pub meetings_held: u64,
    pub outcome_agreement: u64,
    pub outcome_negotiating: u64,
    pub outcome_no_contact: u64,
}

pub fn event_rows(events: &[EventFigures], locale: Locale) -> Vec<EventRow> {
    events
        .iter()
        .map(|f| EventRow {
            id: f.event.id,
            title: f
                .event
                .title_en
                .clone()
                .filter(|_| locale == Locale::En)
                .unwrap_or_else(|| f.event.title_ja.clone()),
            starts_on: f.event.starts_on,
            requests: f.requests,
            accepted: f.accepted,
            declined: f.declined,
            acceptance_pct: (f.requests > 0).then(|| (f.accepted as f64 * 1000.0 / f.requests as f64).round() / 10.0),
            meetings_held: f.meetings_held,
            outcome_agreement: f.agreement,
            outcome_negotiating: f.negotiating,
            outcome_no_contact: f.no_contact,
        })
        .collect()
}

pub fn events_table(rows: &[EventRow], catalogs: &Catalogs, locale: Locale) -> Table {
    let cells = rows
        .iter()
        .map(|r| {
            vec![
                r.starts_on.to_string(),
                r.title.clone(),
                r.requests.to_string(),
                r.accepted.to_string(),
                r.declined.to_string(),
                pct(r.acceptance_pct),
                r.meetings_held.to_string(),
                r.outcome_agreement.to_string(),
                r.outcome_negotiating.to_string(),
                r.outcome_no_contact.to_string(),
            ]
        })
        .collect();
    Labels { catalogs, locale }.table(
        "events",
        &[
            "date",
            "event",
            "requests",
            "accepted",
            "declined",
            "acceptance_pct",
            "meetings_held",
            "outcome_agreement",
            "outcome_negotiating",
            "outcome_no_contact",
        ],
        cells,
    )
}

/// A verification that lapses within the window.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExpiringRow {
    pub id: Uuid,
    pub product_id: Uuid,
    pub product_name: String,
    pub vendor_name: String,
    /// green | blue | red | dev
    pub level: String,
    pub level_label: String,
    pub valid_until: NaiveDate,
    pub days_left: i64,
    /// A reminder went to the vendor today already.
    pub reminded_today: bool,
}

pub fn expiring_rows(rows: &[Expiring], today: NaiveDate, catalogs: &Catalogs, locale: Locale) -> Vec<ExpiringRow> {
    rows.iter()
        .map(|e| {
            let level = level_of(e.verification.level);
            ExpiringRow {
                id: e.verification.id,
                product_id: e.product.id,
                product_name: e.product.name.clone(),
                vendor_name: e.vendor_name.clone(),
                level: level.code().to_owned(),
                level_label: crate::catalog::view::level_label(catalogs, locale, level),
                valid_until: e.verification.valid_until,
                days_left: (e.verification.valid_until - today).num_days(),
                reminded_today: e.reminded_today,
            }
        })
        .collect()
}

pub fn verifications_table(rows: &[ExpiringRow], catalogs: &Catalogs, locale: Locale) -> Table {
    let l = Labels { catalogs, locale };
    let cells = rows
        .iter()
        .map(|r| {
            vec![
                r.product_name.clone(),
                r.vendor_name.clone(),
                r.level_label.clone(),
                r.valid_until.to_string(),
                r.days_left.to_string(),
                l.t(if r.reminded_today { "console.yes" } else { "console.no" }),
            ]
        })
        .collect();
    l.table("verifications", &["product", "vendor", "level", "valid_until", "days_left", "reminded_today"], cells)
}

/// The outbox and mail preferences in numbers.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MailHealth {
    /// Mails not yet sent (pending and being sent).
    pub depth: u64,
    pub pending: u64,
    pub sending: u64,
    /// Pending mails that failed at least once and wait for another attempt.
    pub retrying: u64,
    pub sent: u64,
    pub failed: u64,
    /// People who unsubscribed from all non-essential mail.
    pub unsubscribed_all: u64,
    pub leads_off: u64,
    pub reminders_off: u64,
    pub digests_off: u64,
    pub failures: Vec<FailedMail>,
}

/// A mail the worker gave up on (no recipient address: the reason is what the organiser acts on).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FailedMail {
    pub id: i64,
    pub template: String,
    pub attempts: i32,
    pub reason: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

pub fn mail_health(f: MailFigures) -> MailHealth {
    MailHealth {
        depth: f.pending + f.sending,
        pending: f.pending,
        sending: f.sending,
        retrying: f.retrying,
        sent: f.sent,
        failed: f.failed,
        unsubscribed_all: f.unsubscribed_all,
        leads_off: f.leads_off,
        reminders_off: f.reminders_off,
        digests_off: f.digests_off,
        failures: f
            .failures
            .into_iter()
            .map(|m| FailedMail {
                id: m.id,
                template: m.template,
                attempts: m.attempts,
                reason: m.last_error,
                created_at: m.created_at,
            })
            .collect(),
    }
}

pub fn mail_tables(m: &MailHealth, catalogs: &Catalogs, locale: Locale) -> [Table; 2] {
    let l = Labels { catalogs, locale };
    let metric = |key: &str, value: u64| vec![l.t(&format!("console.mail.{key}")), value.to_string()];
    let summary = vec![
        metric("depth", m.depth),
        metric("retrying", m.retrying),
        metric("sent", m.sent),
        metric("failed", m.failed),
        metric("unsubscribed_all", m.unsubscribed_all),
        metric("leads_off", m.leads_off),
        metric("reminders_off", m.reminders_off),
        metric("digests_off", m.digests_off),
    ];
    let failures = m
        .failures
        .iter()
        .map(|f| {
            vec![
                f.id.to_string(),
                f.template.clone(),
                f.attempts.to_string(),
                f.reason.clone().unwrap_or_default(),
                f.created_at.to_rfc3339(),
            ]
        })
        .collect();
    [
        l.table("mail", &["metric", "value"], summary),
        l.table("mail_failures", &["id", "template", "attempts", "reason", "created_at"], failures),
    ]
}

/// What waits for the organiser's decision.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Approvals {
    pub organisations: Vec<ApprovalItem>,
    pub products_to_review: Vec<ApprovalItem>,
    pub case_studies_to_publish: Vec<ApprovalItem>,
}

/// One thing to decide on, with the page where it is decided.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApprovalItem {
    pub id: Uuid,
    pub name: String,
    /// The organisation kind, the product's vendor, or the case's product.
    pub detail: String,
    pub since: chrono::DateTime<chrono::Utc>,
    pub link: String,
}

pub fn approvals(
    orgs: &[PendingOrganisation],
    products: &[(entities::product::Model, String)],
    cases: &[Loaded],
    catalogs: &Catalogs,
    locale: Locale,
) -> Approvals {
    Approvals {
        organisations: orgs
            .iter()
            .map(|o| ApprovalItem {
                id: o.org.id,
                name: o.org.name.clone(),
                detail: catalogs.text(
                    locale,
                    &format!(
                        "organisation_kind.{}",
                        serde_json::to_value(o.org.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default()
                    ),
                ),
                since: o.org.created_at,
                link: "/approvals".to_owned(),
            })
            .collect(),
        products_to_review: products
            .iter()
            .map(|(p, vendor)| ApprovalItem {
                id: p.id,
                name: p.name.clone(),
                detail: vendor.clone(),
                since: p.published_at.unwrap_or(p.created_at),
                link: format!("/products/{}", p.id),
            })
            .collect(),
        case_studies_to_publish: cases
            .iter()
            .map(|c| ApprovalItem {
                id: c.case.id,
                name: c
                    .case
                    .title_en
                    .clone()
                    .filter(|_| locale == Locale::En)
                    .unwrap_or_else(|| c.case.title_ja.clone()),
                detail: c.product.name.clone(),
                since: c.case.approved_at.unwrap_or(c.case.updated_at),
                link: format!("/case-studies/{}", c.case.id),
            })
            .collect(),
    }
}

pub fn approval_tables(a: &Approvals, catalogs: &Catalogs, locale: Locale) -> [Table; 3] {
    let l = Labels { catalogs, locale };
    let rows = |items: &[ApprovalItem]| {
        items.iter().map(|i| vec![i.name.clone(), i.detail.clone(), tokyo_date(i.since)]).collect::<Vec<_>>()
    };
    [
        l.table("pending_organisations", &["name", "kind", "since"], rows(&a.organisations)),
        l.table("products_to_review", &["name", "vendor", "since"], rows(&a.products_to_review)),
        l.table("case_studies_to_publish", &["name", "product", "since"], rows(&a.case_studies_to_publish)),
    ]
}
