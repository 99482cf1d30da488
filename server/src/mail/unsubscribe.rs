//! Unsubscribe links (RFC 8058 one-click). A token is the user id and its HMAC under the site's
//! secret key, so links need no table and never expire; only the key holder can make one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use entities::{app_user, mail_preference};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

use super::{MailError, SecretKey};

/// Signatures for this purpose only; bump the version to invalidate every link ever sent.
const PURPOSE: &str = "colapla/mail-unsubscribe/v1";

/// `<user id>.<signature>`, URL-safe.
pub fn token(key: &SecretKey, user_id: Uuid) -> String {
    let id = user_id.simple().to_string();
    format!("{id}.{}", URL_SAFE_NO_PAD.encode(key.sign(PURPOSE, &id)))
}

/// The user a token was made for, when it was made with `key`.
pub fn verify(key: &SecretKey, token: &str) -> Result<Uuid, MailError> {
    let (id, signature) = token.trim().split_once('.').ok_or(MailError::InvalidToken)?;
    let user_id = Uuid::try_parse(id).map_err(|_| MailError::InvalidToken)?;
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| MailError::InvalidToken)?;
    if id != user_id.simple().to_string() || !key.verify(PURPOSE, id, &signature) {
        return Err(MailError::InvalidToken);
    }
    Ok(user_id)
}

/// The link for `List-Unsubscribe` and the mail's footer.
pub fn url(base_url: &url::Url, key: &SecretKey, user_id: Uuid) -> String {
    format!("{}/mail/unsubscribe?token={}", base_url.as_str().trim_end_matches('/'), token(key, user_id))
}

/// Turns off all non-essential mail for `user_id`. Doing it again keeps the first time; a user who
/// no longer exists has nothing to turn off.
pub async fn unsubscribe_all<C: ConnectionTrait>(conn: &C, user_id: Uuid, now: DateTime<Utc>) -> Result<(), MailError> {
    if app_user::Entity::find_by_id(user_id).one(conn).await?.is_none() {
        return Ok(());
    }
    if let Some(existing) = mail_preference::Entity::find_by_id(user_id).one(conn).await?
        && existing.unsubscribed_all_at.is_some()
    {
        return Ok(());
    }
    let row = mail_preference::ActiveModel {
        user_id: Set(user_id),
        leads: Set(true),
        reminders: Set(true),
        digests: Set(true),
        unsubscribed_all_at: Set(Some(now)),
        updated_at: Set(now),
    };
    mail_preference::Entity::insert(row)
        .on_conflict(
            OnConflict::column(mail_preference::Column::UserId)
                .update_columns([mail_preference::Column::UnsubscribedAllAt, mail_preference::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_refuse_tampering() {
        let key = SecretKey::from_text("0123456789abcdef0123456789abcdef");
        let user = Uuid::new_v4();
        let token = token(&key, user);
        assert_eq!(verify(&key, &token).unwrap(), user);

        let other = Uuid::new_v4().simple().to_string();
        let (_, signature) = token.split_once('.').unwrap();
        assert!(verify(&key, &format!("{other}.{signature}")).is_err(), "signature of another user");
        assert!(verify(&key, &token[..token.len() - 2]).is_err(), "truncated");
        assert!(verify(&key, "").is_err() && verify(&key, "x.y").is_err());
        assert!(verify(&SecretKey::from_text("a different key, long enough....."), &token).is_err());
        let hyphenated = format!("{user}.{signature}");
        assert!(verify(&key, &hyphenated).is_err(), "one spelling of the id only");
    }

    #[test]
    fn the_url_sits_under_the_base_url() {
        let key = SecretKey::from_text("0123456789abcdef0123456789abcdef");
        let base = url::Url::parse("https://colapla.example.jp/").unwrap();
        let link = url(&base, &key, Uuid::nil());
        assert!(
            link.starts_with("https://colapla.example.jp/mail/unsubscribe?token=00000000000000000000000000000000.")
        );
    }
}
