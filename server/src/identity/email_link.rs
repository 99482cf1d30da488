//! E-mail sign-in links: the embedded default that needs no identity provider. A link is a
//! single-use token that expires after 15 minutes, stored only as a hash, sent through the mail
//! outbox, and rate-limited per address and per IP. The answer to a request is the same whether
//! or not the address is known; an unknown address gets an account when its link is used.

use chrono::{Duration, Utc};
use entities::{app_user, sign_in_token};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    TransactionTrait,
};
use uuid::Uuid;

use super::IdentityError;
use super::tokens;
use crate::i18n::Locale;
use crate::mail::outbox::{NewMail, enqueue};

pub const LINK_LIFETIME: Duration = Duration::minutes(15);
/// Links a single address may request in [`RATE_WINDOW`].
pub const PER_ADDRESS_LIMIT: u64 = 3;
/// Links a single IP address may request in [`RATE_WINDOW`].
pub const PER_IP_LIMIT: u64 = 20;
pub const RATE_WINDOW: Duration = Duration::minutes(15);

/// Normalises and checks an e-mail address: trimmed, lower-cased, one `@`, a dot in the domain,
/// no spaces, at most 320 characters.
pub fn parse_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let ok = !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= 320
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(email)
}

/// Keeps only local paths, so a link can never send someone to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && path.len() <= 2048 =>
        {
            path.to_owned()
        }
        _ => "/account".to_owned(),
    }
}

/// Creates a link for `email` and queues the mail that carries it, in one transaction.
pub async fn request(
    db: &sea_orm::DatabaseConnection,
    email: &str,
    next: &str,
    ip: Option<&str>,
    base_url: &url::Url,
    locale: Locale,
) -> Result<(), IdentityError> {
    let now = Utc::now();
    let since = now - RATE_WINDOW;
    let recent_for_address = sign_in_token::Entity::find()
        .filter(sign_in_token::Column::Email.eq(email))
        .filter(sign_in_token::Column::CreatedAt.gt(since))
        .count(db)
        .await?;
    if recent_for_address >= PER_ADDRESS_LIMIT {
        return Err(IdentityError::RateLimited);
    }
    if let Some(ip) = ip {
        let recent_for_ip = sign_in_token::Entity::find()
            .filter(sign_in_token::Column::RequestedIp.eq(ip))
            .filter(sign_in_token::Column::CreatedAt.gt(since))
            .count(db)
            .await?;
        if recent_for_ip >= PER_IP_LIMIT {
            return Err(IdentityError::RateLimited);
        }
    }
    // Known people get mail in their own language; others in the language they used.
    let locale = match app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(db).await? {
        Some(user) if user.locale == app_user::Locale::En => Locale::En,
        Some(_) => Locale::Ja,
        None => locale,
    };
    let token = tokens::new_token();
    let mut link = base_url.join("/login/email/verify").map_err(|e| IdentityError::Internal(e.to_string()))?;
    link.query_pairs_mut().append_pair("token", &token);
    let id = Uuid::now_v7();
    let txn = db.begin().await?;
    sign_in_token::Model {
        id,
        token_hash: tokens::hash(&token),
        email: email.to_owned(),
        next: next.to_owned(),
        requested_ip: ip.map(str::to_owned),
        created_at: now,
        expires_at: now + LINK_LIFETIME,
        used_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    enqueue(
        &txn,
        NewMail {
            template: "magic_link",
            to: email.to_owned(),
            user_id: None,
            locale,
            payload: serde_json::json!({ "link": link.as_str(), "expires_minutes": LINK_LIFETIME.num_minutes() }),
            essential: true,
            idempotency_key: format!("sign-in-link:{id}"),
        },
    )
    .await
    .map_err(|e| IdentityError::Internal(e.to_string()))?;
    txn.commit().await?;
    Ok(())
}

/// What a spent link gives: the address it proved, and where to go next.
#[derive(Debug)]
pub struct Proven {
    pub email: String,
    pub next: String,
}

/// Spends a link: succeeds once, within its lifetime, for an untampered token.
pub async fn redeem<C: ConnectionTrait>(db: &C, token: &str) -> Result<Proven, IdentityError> {
    if !tokens::looks_like_token(token) {
        return Err(IdentityError::InvalidLink);
    }
    let hash = tokens::hash(token);
    let now = Utc::now();
    // One conditional UPDATE: of two concurrent uses, exactly one wins.
    let spent = sign_in_token::Entity::update_many()
        .col_expr(sign_in_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(sign_in_token::Column::TokenHash.eq(hash.clone()))
        .filter(sign_in_token::Column::UsedAt.is_null())
        .filter(sign_in_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if spent.rows_affected != 1 {
        return Err(IdentityError::InvalidLink);
    }
    let row = sign_in_token::Entity::find()
        .filter(sign_in_token::Column::TokenHash.eq(hash))
        .one(db)
        .await?
        .ok_or(IdentityError::InvalidLink)?;
    Ok(Proven { email: row.email, next: row.next })
}

/// The person with this address, created on first sign-in.
pub async fn find_or_create_user<C: ConnectionTrait>(
    db: &C,
    email: &str,
    display_name: Option<&str>,
    locale: Locale,
) -> Result<app_user::Model, IdentityError> {
    if let Some(user) = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(db).await? {
        return Ok(user);
    }
    let now = Utc::now();
    let display_name = display_name
        .map(|n| n.trim().chars().take(100).collect::<String>())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned());
    let user = app_user::Model {
        id: Uuid::now_v7(),
        email: email.to_owned(),
        display_name,
        locale: if locale == Locale::En { app_user::Locale::En } else { app_user::Locale::Ja },
        time_zone: crate::i18n::DEFAULT_TIME_ZONE.name().to_owned(),
        created_at: now,
        updated_at: now,
        last_sign_in_at: None,
    };
    Ok(user.into_active_model().reset_all().insert(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_and_checked() {
        assert_eq!(parse_email("  Owner@Example.JP "), Some("owner@example.jp".to_owned()));
        for bad in ["", "no-at", "a@b", "a@.jp", "a b@example.jp", "@example.jp", "a@example.jp.", "a@@example.jp"] {
            assert_eq!(parse_email(bad), None, "{bad}");
        }
        assert_eq!(parse_email(&format!("{}@example.jp", "a".repeat(65))), None);
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/products?lang=en")), "/products?lang=en");
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "javascript:alert(1)"] {
            assert_eq!(safe_next(Some(bad)), "/account", "{bad}");
        }
        assert_eq!(safe_next(None), "/account");
    }
}
