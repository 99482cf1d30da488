/// What can go wrong with mail: refusing a mail at enqueue time, building the transport or the
/// signing key at start-up, and checking an unsubscribe link. Delivery failures are not errors of
/// this kind: the worker records them on the outbox row and retries or gives up.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("unknown mail template {0:?}")]
    UnknownTemplate(String),
    #[error("mail template {template} needs the payload field {field:?}")]
    MissingPayload { template: &'static str, field: &'static str },
    // The address itself is left out: it is personal data and this message may be logged.
    #[error("the recipient is not a valid e-mail address")]
    InvalidRecipient,
    #[error("non-essential mail ({template}) must name the recipient user, so that it can be unsubscribed from")]
    NoUnsubscribeTarget { template: &'static str },
    #[error("idempotency key must be 1 to 255 characters")]
    InvalidIdempotencyKey,
    #[error("mail template: {0}")]
    Template(String),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("mail transport (SMTP_URL): {0}")]
    Transport(String),
    #[error("mail_from: {0}")]
    Sender(String),
    #[error("secret key file {path}: {source}")]
    SecretKeyFile { path: String, source: std::io::Error },
    #[error("the unsubscribe link is not valid")]
    InvalidToken,
}
