//! Storage of invitations. An invitation is a random token (only its hash is stored) mailed to
//! an address; whoever signs in with that address may accept or decline it once within
//! [`rules::INVITATION_LIFETIME`]. The row, its mail and its audit entry commit together.

use chrono::{DateTime, Utc};
use entities::{app_user, invitation, membership, organisation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::error::OrganisationError;
use super::rules;
use super::store::{begin_write, entity_role};
use crate::i18n::Locale;
use crate::identity::actor::{Actor, Role};
use crate::identity::audit::{self, Entry};
use crate::identity::session::role_of;
use crate::identity::tokens;
use crate::mail::outbox::{NewMail, enqueue};

/// What an inviter asks for.
#[derive(Debug, Clone)]
pub struct NewInvitation<'a> {
    pub organisation: &'a organisation::Model,
    /// Lower-case, checked address.
    pub email: String,
    pub role: Role,
    /// The site's public URL: the link in the mail is `{base_url}/invitations/{token}`.
    pub base_url: &'a url::Url,
    /// The inviter's language, used when the invitee has no account yet.
    pub locale: Locale,
}

/// Creates an invitation and queues its mail. Earlier open invitations of the same address to
/// the same organisation are revoked: only the newest link works.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    new: NewInvitation<'_>,
    ip: Option<String>,
) -> Result<(), OrganisationError> {
    let org = new.organisation;
    let txn = begin_write(db).await?;
    let invitee = app_user::Entity::find().filter(app_user::Column::Email.eq(new.email.as_str())).one(&txn).await?;
    if let Some(user) = &invitee {
        let member = membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(org.id))
            .filter(membership::Column::UserId.eq(user.id))
            .count(&txn)
            .await?;
        if member > 0 {
            return Err(OrganisationError::AlreadyMember);
        }
    }
    let now = Utc::now();
    invitation::Entity::update_many()
        .col_expr(invitation::Column::Status, Expr::value(invitation::InvitationStatus::Revoked))
        .col_expr(invitation::Column::RespondedAt, Expr::value(Some(now)))
        .filter(invitation::Column::OrganisationId.eq(org.id))
        .filter(invitation::Column::Email.eq(new.email.as_str()))
        .filter(invitation::Column::Status.eq(invitation::InvitationStatus::Pending))
        .exec(&txn)
        .await?;
    let token = tokens::new_token();
    let id = Uuid::now_v7();
    invitation::Model {
        id,
        organisation_id: org.id,
        email: new.email.clone(),
        role: entity_role(new.role),
        token_hash: tokens::hash(&token),
        invited_by_user_id: Some(actor.user_id),
        status: invitation::InvitationStatus::Pending,
        created_at: now,
        expires_at: now + rules::INVITATION_LIFETIME,
        responded_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    // People with an account read mail in their own language.
    let locale = match &invitee {
        Some(user) if user.locale == app_user::Locale::En => Locale::En,
        Some(_) => Locale::Ja,
        None => new.locale,
    };
    let link = format!("{}/invitations/{token}", new.base_url.as_str().trim_end_matches('/'));
    enqueue(
        &txn,
        NewMail {
            template: "invitation",
            to: new.email.clone(),
            user_id: invitee.as_ref().map(|u| u.id),
            locale,
            payload: serde_json::json!({
                "organisation_name": org.name,
                "role": rules::role_code(new.role),
                "link": link,
                "email": new.email,
                "inviter_name": actor.display_name,
                "expires_days": rules::INVITATION_LIFETIME.num_days(),
            }),
            // It is how someone gets access to an organisation: sent even to those who
            // turned notification mail off.
            essential: true,
            idempotency_key: format!("invitation:{id}"),
        },
    )
    .await?;
    audit::record(
        &txn,
        Entry::new("invitation.created", "organisation")
            .by(Some(actor))
            .object(org.id)
            .ip(ip)
            .detail(serde_json::json!({ "invitation_id": id, "email": new.email, "role": rules::role_code(new.role) })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An invitation found by its token, with its organisation.
#[derive(Debug, Clone)]
pub struct Found {
    pub invitation: invitation::Model,
    pub organisation: organisation::Model,
}

impl Found {
    /// Still open: neither answered nor revoked nor expired.
    pub fn open(&self, now: DateTime<Utc>) -> bool {
        self.invitation.status == invitation::InvitationStatus::Pending && self.invitation.expires_at > now
    }

    pub fn role(&self) -> Role {
        role_of(self.invitation.role)
    }
}

/// The invitation behind a token, if the token is one of ours.
pub async fn find_by_token<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<Found>, DbErr> {
    if !tokens::looks_like_token(token) {
        return Ok(None);
    }
    let row = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::hash(token)))
        .find_also_related(organisation::Entity)
        .one(db)
        .await?;
    Ok(row.and_then(|(invitation, organisation)| Some(Found { invitation, organisation: organisation? })))
}

/// Accepts (a membership with the invited role) or declines an invitation addressed to the
/// actor. The conditional update spends the token: of two uses, exactly one wins.
pub async fn respond(
    db: &DatabaseConnection,
    actor: &Actor,
    found: &Found,
    accept: bool,
    ip: Option<String>,
) -> Result<(), OrganisationError> {
    let now = Utc::now();
    let status = if accept { invitation::InvitationStatus::Accepted } else { invitation::InvitationStatus::Declined };
    let txn = begin_write(db).await?;
    let spent = invitation::Entity::update_many()
        .col_expr(invitation::Column::Status, Expr::value(status))
        .col_expr(invitation::Column::RespondedAt, Expr::value(Some(now)))
        .filter(invitation::Column::Id.eq(found.invitation.id))
        .filter(invitation::Column::Email.eq(actor.email.to_lowercase()))
        .filter(invitation::Column::Status.eq(invitation::InvitationStatus::Pending))
        .filter(invitation::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(OrganisationError::InvitationSpent);
    }
    let organisation_id = found.organisation.id;
    if accept {
        let already = membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(organisation_id))
            .filter(membership::Column::UserId.eq(actor.user_id))
            .count(&txn)
            .await?;
        if already > 0 {
            return Err(OrganisationError::AlreadyMember);
        }
        membership::Model {
            id: Uuid::now_v7(),
            organisation_id,
            user_id: actor.user_id,
            role: found.invitation.role,
            created_at: now,
        }
        .into_active_model()
        .reset_all()
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Entry::new(if accept { "invitation.accepted" } else { "invitation.declined" }, "organisation")
            .by(Some(actor))
            .object(organisation_id)
            .ip(ip)
            .detail(
                serde_json::json!({ "invitation_id": found.invitation.id, "role": rules::role_code(found.role()) }),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Open invitations of an organisation, newest first, for the people who may invite.
pub async fn open_for<C: ConnectionTrait>(db: &C, organisation_id: Uuid) -> Result<Vec<invitation::Model>, DbErr> {
    invitation::Entity::find()
        .filter(invitation::Column::OrganisationId.eq(organisation_id))
        .filter(invitation::Column::Status.eq(invitation::InvitationStatus::Pending))
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(db)
        .await
}
