//! Mail about sessions, written to the outbox in the caller's transaction: a registration
//! confirmed (at once or by approval), an invitation, the reminder the day before, and the news
//! that a session was called off. Each carries
//! the session's page, the room's join link and the calendar file's address, with the start
//! written in the recipient's language and time zone.

use entities::{app_user, wg_session, working_group};
use sea_orm::ConnectionTrait;

use crate::i18n::{DEFAULT_TIME_ZONE, Locale, format_datetime};
use crate::mail::outbox::{NewMail, enqueue};
use crate::mail::{MailError, templates};

/// Which mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionMail {
    Confirmed,
    Invitation,
    Reminder,
    /// The session was called off.
    Cancelled,
}

impl SessionMail {
    fn template(self) -> &'static str {
        match self {
            SessionMail::Confirmed => templates::SESSION_CONFIRMED.name,
            SessionMail::Invitation => templates::SESSION_INVITATION.name,
            SessionMail::Reminder => templates::SESSION_REMINDER.name,
            SessionMail::Cancelled => templates::SESSION_CANCELLED.name,
        }
    }

    /// One mail of each kind per person and session, however often the trigger fires.
    fn key(self, session: &wg_session::Model, user: &app_user::Model) -> String {
        let kind = match self {
            SessionMail::Confirmed => "session-confirmed",
            SessionMail::Invitation => "session-invitation",
            // A session moved to another day gets a reminder for its new date.
            SessionMail::Reminder => "session-reminder",
            SessionMail::Cancelled => "session-cancelled",
        };
        match self {
            SessionMail::Reminder => format!("{kind}:{}:{}:{}", session.id, user.id, session.starts_at.timestamp()),
            _ => format!("{kind}:{}:{}", session.id, user.id),
        }
    }
}

pub fn locale_of(user: &app_user::Model) -> Locale {
    match user.locale {
        app_user::Locale::Ja => Locale::Ja,
        app_user::Locale::En => Locale::En,
    }
}

pub fn title_in(session: &wg_session::Model, locale: Locale) -> String {
    match (locale, &session.title_en) {
        (Locale::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => session.title_ja.clone(),
    }
}

fn group_name_in(group: &working_group::Model, locale: Locale) -> String {
    match (locale, &group.name_en) {
        (Locale::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => group.name_ja.clone(),
    }
}

/// Enqueues `mail` for `user` about `session` on `conn`.
pub async fn send<C: ConnectionTrait>(
    conn: &C,
    base_url: &url::Url,
    mail: SessionMail,
    session: &wg_session::Model,
    group: &working_group::Model,
    user: &app_user::Model,
    role: &str,
) -> Result<(), MailError> {
    let locale = locale_of(user);
    let zone = user.time_zone.parse().unwrap_or(DEFAULT_TIME_ZONE);
    let base = base_url.as_str().trim_end_matches('/');
    let payload = serde_json::json!({
        "session_title": title_in(session, locale),
        "group_name": group_name_in(group, locale),
        "starts_at_text": format_datetime(session.starts_at, zone, locale),
        "session_link": format!("{base}/sessions/{}", session.id),
        "room_link": format!("{base}/sessions/{}/room", session.id),
        "calendar_link": format!("{base}/sessions/{}/calendar.ics", session.id),
        "role": role,
    });
    enqueue(
        conn,
        NewMail {
            template: mail.template(),
            to: user.email.clone(),
            user_id: Some(user.id),
            locale,
            payload,
            // Notifications: someone who turned notification mail off still finds the join link
            // and the calendar file on the session page.
            essential: false,
            idempotency_key: mail.key(session, user),
        },
    )
    .await
}
