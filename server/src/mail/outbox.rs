//! Putting mail into the outbox. [`enqueue`] writes one row in the caller's transaction, so a
//! change and the mail that reports it commit (or roll back) together; the worker sends it later.
//!
//! Rules:
//! - the idempotency key makes a mail be enqueued once: enqueuing the same key again does nothing;
//! - each row gets its Message-ID (`<uuid@host-of-base-url>`) here, so every attempt to send it,
//!   even after a crash, carries the same one and receivers can tell a repeat;
//! - non-essential mail must name the recipient user (its unsubscribe link is signed for that
//!   user), and is silently not enqueued when that user unsubscribed from non-essential mail.
//!   Essential mail (sign-in links, security notices) is always enqueued. The finer preferences
//!   (`leads`, `reminders`, `digests`) are for the features that decide to write a mail.

use std::sync::OnceLock;

use chrono::Utc;
use entities::{mail_preference, outbox};
use sea_orm::{ActiveValue::NotSet, ConnectionTrait, EntityTrait, Set, TryInsertResult};
use uuid::Uuid;

use super::MailError;
use super::templates::MailTemplate;
use crate::i18n::Locale;

/// A mail to send. `template` names files under `web/templates/mail/` (see [`super::templates`]);
/// `payload` holds the values the template reads.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub template: &'static str,
    pub to: String,
    /// The recipient's account, when there is one (required for non-essential mail).
    pub user_id: Option<Uuid>,
    pub locale: Locale,
    pub payload: serde_json::Value,
    /// Sent even to people who unsubscribed: sign-in links, security notices.
    pub essential: bool,
    /// Names this mail for good, e.g. `sign-in-link:<token id>`; at most 255 characters.
    pub idempotency_key: String,
}

static MESSAGE_ID_DOMAIN: OnceLock<String> = OnceLock::new();

/// Sets the right-hand side of Message-IDs to the base URL's host. Called at start-up; one process
/// serves one site, so the first value stays (later calls are ignored).
pub fn set_message_id_domain(base_url: &url::Url) {
    if let Some(host) = base_url.host_str() {
        let _ = MESSAGE_ID_DOMAIN.set(host.to_owned());
    }
}

/// A new RFC 5322 Message-ID, angle brackets included.
pub fn new_message_id() -> String {
    let domain = MESSAGE_ID_DOMAIN.get().map_or("localhost", String::as_str);
    format!("<{}@{domain}>", Uuid::new_v4())
}

/// Writes `mail` to the outbox on `conn` (use the transaction of the change it reports). A key
/// already in the outbox, or non-essential mail to someone who unsubscribed, is `Ok` and writes
/// nothing.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, mail: NewMail) -> Result<(), MailError> {
    let template = MailTemplate::find(mail.template)?;
    template.check_payload(&mail.payload)?;
    if mail.idempotency_key.is_empty() || mail.idempotency_key.chars().count() > 255 {
        return Err(MailError::InvalidIdempotencyKey);
    }
    let to: lettre::Address = mail.to.trim().parse().map_err(|_| MailError::InvalidRecipient)?;
    if !mail.essential {
        let user_id = mail.user_id.ok_or(MailError::NoUnsubscribeTarget { template: template.name })?;
        if unsubscribed(conn, user_id).await? {
            tracing::debug!(
                template = template.name,
                "not enqueued: the recipient unsubscribed from non-essential mail"
            );
            return Ok(());
        }
    }
    let now = Utc::now();
    let row = outbox::ActiveModel {
        id: NotSet,
        idempotency_key: Set(mail.idempotency_key),
        message_id: Set(new_message_id()),
        template: Set(template.name.to_owned()),
        recipient_email: Set(to.to_string()),
        recipient_user_id: Set(mail.user_id),
        locale: Set(entity_locale(mail.locale)),
        payload: Set(mail.payload),
        essential: Set(mail.essential),
        state: Set(outbox::OutboxState::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    };
    // ON CONFLICT DO NOTHING rather than catching the error: on PostgreSQL a failed statement
    // would abort the caller's whole transaction.
    let result = outbox::Entity::insert(row)
        .on_conflict_do_nothing_on([outbox::Column::IdempotencyKey])
        .exec_without_returning(conn)
        .await?;
    if matches!(result, TryInsertResult::Conflicted | TryInsertResult::Inserted(0)) {
        tracing::debug!(template = template.name, "already enqueued under this idempotency key");
    }
    Ok(())
}

async fn unsubscribed<C: ConnectionTrait>(conn: &C, user_id: Uuid) -> Result<bool, MailError> {
    let preference = mail_preference::Entity::find_by_id(user_id).one(conn).await?;
    Ok(preference.is_some_and(|p| p.unsubscribed_all_at.is_some()))
}

pub(super) fn entity_locale(locale: Locale) -> entities::app_user::Locale {
    match locale {
        Locale::Ja => entities::app_user::Locale::Ja,
        Locale::En => entities::app_user::Locale::En,
    }
}

pub(super) fn locale_of(locale: entities::app_user::Locale) -> Locale {
    match locale {
        entities::app_user::Locale::Ja => Locale::Ja,
        entities::app_user::Locale::En => Locale::En,
    }
}
