//! The mail templates colapla knows, and the payload fields each needs. Each has three files under
//! `web/templates/mail/`: `<name>.subject.txt`, `<name>.txt` and `<name>.html`.
//!
//! Templates render missing values as empty text (the page environment is lenient), so a mail's
//! payload is checked here when it is enqueued: a sign-in mail without its link fails in the
//! caller's transaction instead of reaching someone's inbox empty.

use super::MailError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailTemplate {
    pub name: &'static str,
    /// Payload fields the template reads.
    pub required: &'static [&'static str],
}

/// A sign-in link. Payload: `link` (URL), `expires_minutes` (number). Send it as essential.
pub const MAGIC_LINK: MailTemplate = MailTemplate { name: "magic_link", required: &["link", "expires_minutes"] };

/// A plain message for tests and for checking a mail set-up. Payload: `note` (text).
pub const TEST_MESSAGE: MailTemplate = MailTemplate { name: "test_message", required: &["note"] };

/// An invitation to join an organisation. Payload: `organisation_name`, `role` (owner | admin |
/// member), `link` (URL), `email` (the invited address), `inviter_name`, `expires_days` (number).
/// Send it as essential.
pub const INVITATION: MailTemplate = MailTemplate {
    name: "invitation",
    required: &["organisation_name", "role", "link", "email", "inviter_name", "expires_days"],
};

/// Session mail (see `rooms::mail`). Payload: `session_title`, `group_name`, `starts_at_text`
/// (the start in the recipient's language and zone), `session_link`, `room_link` (the join link),
/// `calendar_link` (the ICS file), `role` (a registration role code).
const SESSION_FIELDS: &[&str] =
    &["session_title", "group_name", "starts_at_text", "session_link", "room_link", "calendar_link", "role"];

/// A registration for a session is confirmed (at once, or approved by a moderator).
pub const SESSION_CONFIRMED: MailTemplate = MailTemplate { name: "session_confirmed", required: SESSION_FIELDS };

/// A moderator invited (and registered) the person for a session.
pub const SESSION_INVITATION: MailTemplate = MailTemplate { name: "session_invitation", required: SESSION_FIELDS };

/// The reminder the day before a session.
pub const SESSION_REMINDER: MailTemplate = MailTemplate { name: "session_reminder", required: SESSION_FIELDS };

/// A session the person registered for was called off.
pub const SESSION_CANCELLED: MailTemplate = MailTemplate { name: "session_cancelled", required: SESSION_FIELDS };
/// A matching event's schedule is out. Payload: `event_title`, `organisation`, `meetings`
/// (number), `agenda_url`.
pub const EVENT_PUBLISHED: MailTemplate =
    MailTemplate { name: "event_published", required: &["event_title", "organisation", "meetings", "agenda_url"] };

/// The day before a matching-event day. Payload: `event_title`, `day`, `first_at`, `meetings`
/// (number), `agenda_url`.
pub const EVENT_DAY_REMINDER: MailTemplate = MailTemplate {
    name: "event_day_reminder",
    required: &["event_title", "day", "first_at", "meetings", "agenda_url"],
};

/// Shortly before one meeting. Payload: `event_title`, `counterpart`, `starts_at`, `place` (a
/// table or a join link), `agenda_url`.
pub const EVENT_MEETING_REMINDER: MailTemplate = MailTemplate {
    name: "event_meeting_reminder",
    required: &["event_title", "counterpart", "starts_at", "place", "agenda_url"],
};

/// The outcome survey of one meeting. Payload: `event_title`, `counterpart`, `meeting_at`,
/// `survey_url`, `round` (1 after the event, 2 about three months later).
pub const EVENT_SURVEY: MailTemplate = MailTemplate {
    name: "event_survey",
    required: &["event_title", "counterpart", "meeting_at", "survey_url", "round"],
};

/// New leads for a vendor, at most one a day. Payload: `organisation_name`, `count`, `leads`
/// (each `need_title`, `firm_name` or null, `product_name`, `reasons` as sentences, `link`), `link`.
pub const LEAD_DIGEST: MailTemplate =
    MailTemplate { name: "lead_digest", required: &["organisation_name", "count", "leads", "link"] };

/// One side of a match is interested; asks the other. Payload: `product_name`, `need_title`,
/// `from_name` (null while anonymous), `from_side` (user | vendor), `reasons`, `link`.
pub const MATCH_INTEREST: MailTemplate =
    MailTemplate { name: "match_interest", required: &["product_name", "need_title", "from_side", "reasons", "link"] };

/// Both sides are interested: the introduction with contacts. Payload: `product_name`,
/// `need_title`, `counterpart_name`, `contacts` (each `name`, `email`), `reasons`, `link`.
pub const MATCH_INTRODUCED: MailTemplate = MailTemplate {
    name: "match_introduced",
    required: &["product_name", "need_title", "counterpart_name", "contacts", "reasons", "link"],
};

/// A reminder about a match. Payload: `kind` (lead_unanswered | meeting_tomorrow | after_meeting
/// | after_trial | case_study), `product_name`, `need_title`, `meeting_at` (text or null), `link`.
pub const MATCH_REMINDER: MailTemplate =
    MailTemplate { name: "match_reminder", required: &["kind", "product_name", "need_title", "link"] };

/// A verification result of the vendor's product lapses soon (from the organiser's console).
/// Payload: `product_name`, `level` (green | blue | red | dev), `valid_until` (YYYY-MM-DD), `link`.
pub const VERIFICATION_EXPIRY: MailTemplate =
    MailTemplate { name: "verification_expiry", required: &["product_name", "level", "valid_until", "link"] };

/// A case study about the user company waits for its approval. Payload: `product_name`,
/// `organisation_name`, `title`, `link`.
pub const CASE_STUDY_APPROVAL: MailTemplate =
    MailTemplate { name: "case_study_approval", required: &["product_name", "organisation_name", "title", "link"] };

pub const ALL: &[MailTemplate] = &[
    MAGIC_LINK,
    TEST_MESSAGE,
    INVITATION,
    LEAD_DIGEST,
    MATCH_INTEREST,
    MATCH_INTRODUCED,
    MATCH_REMINDER,
    VERIFICATION_EXPIRY,
    CASE_STUDY_APPROVAL,
    SESSION_CONFIRMED,
    SESSION_INVITATION,
    SESSION_REMINDER,
    SESSION_CANCELLED,
    EVENT_PUBLISHED,
    EVENT_DAY_REMINDER,
    EVENT_MEETING_REMINDER,
    EVENT_SURVEY,
];

impl MailTemplate {
    pub fn find(name: &str) -> Result<Self, MailError> {
        ALL.iter().copied().find(|t| t.name == name).ok_or_else(|| MailError::UnknownTemplate(name.to_owned()))
    }

    /// Every required field is present and not null.
    pub fn check_payload(&self, payload: &serde_json::Value) -> Result<(), MailError> {
        for field in self.required {
            if payload.get(field).is_none_or(serde_json::Value::is_null) {
                return Err(MailError::MissingPayload { template: self.name, field });
            }
        }
        Ok(())
    }

    pub fn subject_file(&self) -> String {
        format!("mail/{}.subject.txt", self.name)
    }

    pub fn text_file(&self) -> String {
        format!("mail/{}.txt", self.name)
    }

    pub fn html_file(&self) -> String {
        format!("mail/{}.html", self.name)
    }
}
