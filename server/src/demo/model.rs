//! The shape of demo data: plain values, read from `data/demo.toml` (embedded in the binary)
//! or produced by the generator for `colapla demo --scale N`. The loader turns them into rows.
//!
//! Organisations are referred to by `key`, a short stable name used only inside the demo file.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoData {
    #[serde(default)]
    pub organisations: Vec<DemoOrganisation>,
    #[serde(default)]
    pub users: Vec<DemoUser>,
    #[serde(default)]
    pub products: Vec<DemoProduct>,
    #[serde(default)]
    pub needs: Vec<DemoNeed>,
    #[serde(default)]
    pub working_groups: Vec<DemoWorkingGroup>,
    #[serde(default)]
    pub matching_events: Vec<DemoMatchingEvent>,
}

/// A matching event taking meeting requests, dated relative to the day the demo is loaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoMatchingEvent {
    pub title_ja: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    /// The first day is this many days after loading.
    pub starts_in_days: i64,
    pub days: i64,
    /// `HH:MM` in Japan time.
    pub day_start: String,
    pub day_end: String,
    pub slot_minutes: i16,
    /// `HH:MM-HH:MM` each.
    #[serde(default)]
    pub breaks: Vec<String>,
    pub tables: i32,
    #[serde(default)]
    pub online: bool,
    pub request_limit: Option<i32>,
    /// Organisation keys of the registered participants (vendors and user companies).
    pub participants: Vec<String>,
    #[serde(default)]
    pub requests: Vec<DemoMeetingRequest>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoMeetingRequest {
    pub from: String,
    pub to: String,
    pub message: Option<String>,
    /// pending | accepted | declined
    pub state: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoOrganisation {
    pub key: String,
    /// vendor | user_company | organiser | verifier
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    /// JIS X 0401 prefecture code, 1..=47.
    pub prefecture: Option<i16>,
    pub industry: Option<String>,
    pub size_band: Option<String>,
    pub employees: Option<i32>,
    pub website: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoUser {
    pub email: String,
    pub display_name: String,
    /// The `key` of the organisation this person belongs to.
    pub organisation: String,
    /// owner | admin | member
    pub role: String,
    /// ja | en
    #[serde(default = "default_locale")]
    pub locale: String,
}

fn default_locale() -> String {
    "ja".to_owned()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoProduct {
    /// The `key` of the vendor organisation.
    pub vendor: String,
    pub name: String,
    pub categories: Vec<String>,
    pub description_ja: String,
    pub description_en: Option<String>,
    pub strong_points_ja: String,
    pub strong_points_en: Option<String>,
    pub initial_yen: i64,
    pub monthly_yen: i64,
    pub per_device_monthly_yen: i64,
    /// cloud | on_premises | appliance | service
    pub deployment: String,
    #[serde(default)]
    pub nationwide: bool,
    /// Prefecture codes served, in addition to `regions`.
    #[serde(default)]
    pub prefectures: Vec<i16>,
    /// Region codes served (every prefecture of the region).
    #[serde(default)]
    pub regions: Vec<String>,
    pub size_bands: Vec<String>,
    pub support_languages: Vec<String>,
    pub website: Option<String>,
    pub ease_of_introduction: Option<i16>,
    pub ease_of_operation: Option<i16>,
    #[serde(default)]
    pub verifications: Vec<DemoVerification>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoVerification {
    /// green | blue | red | dev
    pub level: String,
    /// The `key` of the verifier (or organiser) organisation.
    pub verifier: String,
    /// A fixed date, for historical records…
    pub verified_on: Option<NaiveDate>,
    /// …or a date relative to the day the demo is loaded, so that current records stay current.
    pub verified_days_ago: Option<u32>,
    /// Defaults to two years after `verified_on`.
    pub valid_until: Option<NaiveDate>,
    pub fiscal_year: Option<i16>,
    pub summary_ja: String,
    pub summary_en: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoNeed {
    /// The `key` of the user-company organisation.
    pub organisation: String,
    pub title: String,
    pub body: String,
    /// Worry codes, e.g. ransomware, telework, email_fraud, website_defacement, customer_audit.
    pub worries: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    pub budget_initial_yen: i64,
    pub budget_monthly_yen: i64,
    pub employees: i32,
    pub devices: i32,
    pub prefecture: i16,
    pub industry: Option<String>,
    #[serde(default)]
    pub keywords: String,
    /// private | anonymous | named
    pub visibility: String,
    pub deadline_days_ahead: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoWorkingGroup {
    /// policy | seeds | needs | matching | regional
    pub kind: String,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub description_ja: String,
    pub description_en: Option<String>,
    pub region: Option<String>,
    #[serde(default)]
    pub sessions: Vec<DemoSession>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoSession {
    pub title_ja: String,
    pub title_en: Option<String>,
    /// A fixed time for past sessions (UTC, RFC 3339)…
    pub starts_at: Option<DateTime<Utc>>,
    /// …or days from the day the demo is loaded, at 10:00 Asia/Tokyo, for upcoming ones.
    pub starts_in_days: Option<u32>,
    pub duration_minutes: u32,
    pub capacity: i32,
    #[serde(default)]
    pub requires_approval: bool,
    /// For past sessions: how many took part (the FY2021 figures of the programme, for example).
    pub participants: Option<i32>,
    #[serde(default)]
    pub agenda: Vec<DemoAgendaItem>,
    /// Approved registrations, so a visitor signed in as a demo account can open the room.
    #[serde(default)]
    pub registrations: Vec<DemoRegistration>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoRegistration {
    pub email: String,
    /// moderator | presenter | participant | observer | notes_taker
    pub role: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoAgendaItem {
    pub title_ja: String,
    pub title_en: Option<String>,
    pub minutes: i32,
}
