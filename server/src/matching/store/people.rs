//! Who to tell: the people of each side of a match, with the language they read mail in.

use entities::{app_user, mail_preference, membership, organisation};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::i18n::Locale;

/// A person to mail.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub locale: Locale,
    /// Where the person reads times (Asia/Tokyo unless they chose another).
    pub time_zone: chrono_tz::Tz,
}

/// Which finer preference a mail falls under.
#[derive(Debug, Clone, Copy)]
pub enum Topic {
    Leads,
    Reminders,
}

/// Members of an active organisation who have not turned this topic off.
pub async fn members<C: ConnectionTrait>(
    conn: &C,
    organisation_id: Uuid,
    topic: Topic,
) -> Result<Vec<Recipient>, DbErr> {
    let Some(org) = organisation::Entity::find_by_id(organisation_id).one(conn).await? else {
        return Ok(Vec::new());
    };
    if org.status != organisation::OrganisationStatus::Active {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    recipients(conn, ids, topic).await
}

/// These accounts, minus those who turned `topic` off, in a stable order.
pub async fn recipients<C: ConnectionTrait>(conn: &C, ids: Vec<Uuid>, topic: Topic) -> Result<Vec<Recipient>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let muted: std::collections::HashSet<Uuid> = mail_preference::Entity::find()
        .filter(mail_preference::Column::UserId.is_in(ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .filter(|p| match topic {
            Topic::Leads => !p.leads,
            Topic::Reminders => !p.reminders,
        })
        .map(|p| p.user_id)
        .collect();
    let mut users = app_user::Entity::find().filter(app_user::Column::Id.is_in(ids)).all(conn).await?;
    users.sort_by_key(|u| u.id);
    Ok(users
        .into_iter()
        .filter(|u| !muted.contains(&u.id))
        .map(|u| Recipient {
            user_id: u.id,
            email: u.email,
            display_name: u.display_name,
            time_zone: u.time_zone.parse().unwrap_or(crate::i18n::DEFAULT_TIME_ZONE),
            locale: match u.locale {
                app_user::Locale::Ja => Locale::Ja,
                app_user::Locale::En => Locale::En,
            },
        })
        .collect())
}

/// The people of the firm behind a need: who posted it, or else every member.
pub async fn need_side<C: ConnectionTrait>(
    conn: &C,
    organisation_id: Uuid,
    posted_by: Option<Uuid>,
    topic: Topic,
) -> Result<Vec<Recipient>, DbErr> {
    if let Some(user) = posted_by {
        let still_member = membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(organisation_id))
            .filter(membership::Column::UserId.eq(user))
            .one(conn)
            .await?
            .is_some();
        if still_member {
            return recipients(conn, vec![user], topic).await;
        }
    }
    members(conn, organisation_id, topic).await
}
