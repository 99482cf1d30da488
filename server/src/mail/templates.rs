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
