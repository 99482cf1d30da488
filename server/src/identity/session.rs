//! Browser sessions. The cookie holds a random token; the database holds its hash, the person,
//! a CSRF token, and two expiries: idle (pushed forward as the session is used) and absolute.
//! Signing in always starts a new session (the id rotates); signing out deletes it; "sign out
//! everywhere" deletes all of the person's sessions.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use chrono::{DateTime, Duration, Utc};
use entities::{app_user, membership, organisation, web_session};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, Set};
use uuid::Uuid;

use super::actor::{Actor, Membership, OrgKind, OrgStatus, Role};
use super::tokens;

pub const SESSION_COOKIE: &str = "colapla_session";
/// A session unused for this long is over.
pub const IDLE_LIFETIME: Duration = Duration::hours(12);
/// A session is over this long after sign-in, however active.
pub const ABSOLUTE_LIFETIME: Duration = Duration::days(30);
/// Record activity at most this often, so reads do not turn into writes.
const TOUCH_EVERY: Duration = Duration::minutes(5);

/// The signed-in session of a request, put in the request's extensions by the middleware.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub id_hash: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure on https.
pub fn cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CookieDuration::days(ABSOLUTE_LIFETIME.num_days()))
        .finish()
}

/// A cookie that removes the session cookie.
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = cookie("", secure);
    cookie.make_removal();
    cookie
}

/// Starts a session for `user_id` and returns the cookie token. The browser's previous session,
/// if any, ends here: the id always changes at sign-in.
pub async fn start<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    signed_in_with: &str,
    user_agent: Option<&str>,
    previous_token: Option<&str>,
) -> Result<String, DbErr> {
    if let Some(previous) = previous_token {
        web_session::Entity::delete_by_id(tokens::hash(previous)).exec(db).await?;
    }
    let token = tokens::new_token();
    let now = Utc::now();
    web_session::Model {
        id_hash: tokens::hash(&token),
        user_id,
        csrf_token: tokens::new_token(),
        created_at: now,
        last_seen_at: now,
        idle_expires_at: now + IDLE_LIFETIME,
        absolute_expires_at: now + ABSOLUTE_LIFETIME,
        signed_in_with: signed_in_with.chars().take(32).collect(),
        user_agent: user_agent.map(|ua| ua.chars().take(200).collect()),
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await?;
    app_user::Entity::update_many()
        .col_expr(app_user::Column::LastSignInAt, sea_orm::sea_query::Expr::value(Some(now)))
        .filter(app_user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(token)
}

/// Ends one session.
pub async fn end<C: ConnectionTrait>(db: &C, id_hash: &str) -> Result<(), DbErr> {
    web_session::Entity::delete_by_id(id_hash.to_owned()).exec(db).await?;
    Ok(())
}

/// Ends every session of a person ("sign out everywhere").
pub async fn end_all<C: ConnectionTrait>(db: &C, user_id: Uuid) -> Result<u64, DbErr> {
    Ok(web_session::Entity::delete_many().filter(web_session::Column::UserId.eq(user_id)).exec(db).await?.rows_affected)
}

fn expired(session: &web_session::Model, now: DateTime<Utc>) -> bool {
    now >= session.idle_expires_at || now >= session.absolute_expires_at
}

/// Resolves a cookie token to a live session and its person; expired sessions are deleted.
pub async fn resolve<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<CurrentSession>, DbErr> {
    if !tokens::looks_like_token(token) {
        return Ok(None);
    }
    let Some(session) = web_session::Entity::find_by_id(tokens::hash(token)).one(db).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    if expired(&session, now) {
        end(db, &session.id_hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= TOUCH_EVERY {
        let mut active = session.clone().into_active_model();
        active.last_seen_at = Set(now);
        active.idle_expires_at = Set((now + IDLE_LIFETIME).min(session.absolute_expires_at));
        active.update(db).await?;
    }
    let Some(actor) = load_actor(db, session.user_id).await? else {
        return Ok(None);
    };
    Ok(Some(CurrentSession { id_hash: session.id_hash, csrf_token: session.csrf_token, actor }))
}

/// The person and their memberships, as the policy sees them.
pub async fn load_actor<C: ConnectionTrait>(db: &C, user_id: Uuid) -> Result<Option<Actor>, DbErr> {
    let Some(user) = app_user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .find_also_related(organisation::Entity)
        .all(db)
        .await?;
    let memberships = rows
        .into_iter()
        .filter_map(|(m, org)| {
            let org = org?;
            Some(Membership {
                organisation_id: org.id,
                organisation_name: org.name,
                kind: kind_of(org.kind),
                status: status_of(org.status),
                role: role_of(m.role),
            })
        })
        .collect();
    Ok(Some(Actor {
        user_id: user.id,
        email: user.email,
        display_name: user.display_name,
        time_zone: user.time_zone,
        memberships,
    }))
}

pub fn kind_of(kind: organisation::OrganisationKind) -> OrgKind {
    match kind {
        organisation::OrganisationKind::Vendor => OrgKind::Vendor,
        organisation::OrganisationKind::UserCompany => OrgKind::UserCompany,
        organisation::OrganisationKind::Organiser => OrgKind::Organiser,
        organisation::OrganisationKind::Verifier => OrgKind::Verifier,
    }
}

pub fn status_of(status: organisation::OrganisationStatus) -> OrgStatus {
    match status {
        organisation::OrganisationStatus::Pending => OrgStatus::Pending,
        organisation::OrganisationStatus::Active => OrgStatus::Active,
        organisation::OrganisationStatus::Suspended => OrgStatus::Suspended,
    }
}

pub fn role_of(role: membership::MembershipRole) -> Role {
    match role {
        membership::MembershipRole::Owner => Role::Owner,
        membership::MembershipRole::Admin => Role::Admin,
        membership::MembershipRole::Member => Role::Member,
    }
}
