//! What pages and the API show of groups, sessions and registrations: one set of views, so the
//! page and the JSON say the same thing. Times are UTC (RFC 3339); pages format them in the
//! reader's zone.

use chrono::Utc;
use entities::{agenda_item, wg_session, working_group};
use serde::Serialize;
use uuid::Uuid;

use super::groups::form::{kind_code, status_code};
use super::groups::store::Member;
use super::registrations::rules::SELF_SERVICE_ROLES;
use super::registrations::store::{Registrant, role_code, status_code as registration_status};
use crate::i18n::Locale;

pub fn pick(ja: &str, en: Option<&String>, locale: Locale) -> String {
    match (locale, en) {
        (Locale::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => ja.to_owned(),
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgendaItemView {
    pub position: i32,
    pub title_ja: String,
    pub title_en: Option<String>,
    /// In the reader's language.
    pub title: String,
    pub planned_minutes: i32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionLinks {
    pub page: String,
    /// The realtime room: the join link.
    pub room: String,
    pub calendar: String,
    pub record: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub id: Uuid,
    pub working_group_id: Uuid,
    pub title_ja: String,
    pub title_en: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// UTC, RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
    pub duration_minutes: i64,
    pub capacity: i32,
    pub requires_approval: bool,
    /// scheduled | live | ended | cancelled
    pub status: String,
    /// True once the session's end has passed.
    pub past: bool,
    pub approved: u64,
    /// Seats left; none when the session has no limit.
    pub seats_left: Option<u64>,
    pub agenda: Vec<AgendaItemView>,
    pub minutes_published_at: Option<String>,
    pub links: SessionLinks,
}

pub fn session_status(status: wg_session::SessionStatus) -> &'static str {
    match status {
        wg_session::SessionStatus::Scheduled => "scheduled",
        wg_session::SessionStatus::Live => "live",
        wg_session::SessionStatus::Ended => "ended",
        wg_session::SessionStatus::Cancelled => "cancelled",
    }
}

pub fn session(s: &wg_session::Model, agenda: &[agenda_item::Model], approved: u64, locale: Locale) -> SessionView {
    let capacity = u64::try_from(s.capacity).unwrap_or(0);
    SessionView {
        id: s.id,
        working_group_id: s.working_group_id,
        title_ja: s.title_ja.clone(),
        title_en: s.title_en.clone(),
        title: pick(&s.title_ja, s.title_en.as_ref(), locale),
        description: s.description.clone(),
        starts_at: s.starts_at.to_rfc3339(),
        ends_at: s.ends_at.to_rfc3339(),
        duration_minutes: (s.ends_at - s.starts_at).num_minutes(),
        capacity: s.capacity,
        requires_approval: s.requires_approval,
        status: session_status(s.status).to_owned(),
        past: s.ends_at < Utc::now(),
        approved,
        seats_left: (capacity > 0).then(|| capacity.saturating_sub(approved)),
        agenda: agenda
            .iter()
            .map(|a| AgendaItemView {
                position: a.position,
                title_ja: a.title_ja.clone(),
                title_en: a.title_en.clone(),
                title: pick(&a.title_ja, a.title_en.as_ref(), locale),
                planned_minutes: a.planned_minutes,
            })
            .collect(),
        minutes_published_at: s.minutes_published_at.map(|at| at.to_rfc3339()),
        links: SessionLinks {
            page: format!("/sessions/{}", s.id),
            room: format!("/sessions/{}/room", s.id),
            calendar: format!("/sessions/{}/calendar.ics", s.id),
            record: format!("/sessions/{}/record", s.id),
        },
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub user_id: Uuid,
    pub display_name: String,
    /// moderator | member
    pub role: String,
}

pub fn members(members: &[Member]) -> Vec<MemberView> {
    members
        .iter()
        .map(|m| MemberView {
            user_id: m.user.id,
            display_name: m.user.display_name.clone(),
            role: match m.role {
                entities::working_group_member::WorkingGroupRole::Moderator => "moderator",
                entities::working_group_member::WorkingGroupRole::Member => "member",
            }
            .to_owned(),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupView {
    pub id: Uuid,
    /// policy | seeds | needs | matching | regional
    pub kind: String,
    pub name_ja: String,
    pub name_en: Option<String>,
    pub name: String,
    pub description_ja: String,
    pub description_en: Option<String>,
    pub description: String,
    pub region_code: Option<String>,
    /// active | archived
    pub status: String,
    /// Members, for the group's circle and the organiser only; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberView>>,
}

pub fn group(g: &working_group::Model, members: Option<Vec<MemberView>>, locale: Locale) -> GroupView {
    GroupView {
        id: g.id,
        kind: kind_code(g.kind).to_owned(),
        name_ja: g.name_ja.clone(),
        name_en: g.name_en.clone(),
        name: pick(&g.name_ja, g.name_en.as_ref(), locale),
        description_ja: g.description_ja.clone(),
        description_en: g.description_en.clone(),
        description: pick(&g.description_ja, g.description_en.as_ref(), locale),
        region_code: g.region_code.clone(),
        status: status_code(g.status).to_owned(),
        members,
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupList {
    pub items: Vec<GroupView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupDetail {
    #[serde(flatten)]
    pub group: GroupView,
    pub sessions: Vec<SessionView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationView {
    pub id: Uuid,
    pub user_id: Uuid,
    pub display_name: String,
    /// moderator | presenter | participant | observer | notes_taker
    pub role: String,
    /// pending | approved | declined | cancelled
    pub status: String,
    pub attended_at: Option<String>,
    pub registered_at: String,
}

pub fn registration(r: &Registrant) -> RegistrationView {
    RegistrationView {
        id: r.registration.id,
        user_id: r.user.id,
        display_name: r.user.display_name.clone(),
        role: role_code(r.registration.role).to_owned(),
        status: registration_status(r.registration.status).to_owned(),
        attended_at: r.registration.attended_at.map(|at| at.to_rfc3339()),
        registered_at: r.registration.created_at.to_rfc3339(),
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationList {
    pub items: Vec<RegistrationView>,
}

/// One's own registration as the API returns it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OwnRegistration {
    pub id: Uuid,
    pub session_id: Uuid,
    pub role: String,
    pub status: String,
}

pub fn own(r: &entities::session_registration::Model) -> OwnRegistration {
    OwnRegistration {
        id: r.id,
        session_id: r.session_id,
        role: role_code(r.role).to_owned(),
        status: registration_status(r.status).to_owned(),
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MinutesView {
    pub session_id: Uuid,
    pub markdown: Option<String>,
    pub published_at: Option<String>,
}

/// The role codes a person may pick for themselves.
pub fn self_service_roles() -> Vec<&'static str> {
    SELF_SERVICE_ROLES.iter().map(|r| role_code(*r)).collect()
}
