//! Loading a group or a session together with the actor's standing in it, so every handler asks
//! [`super::access`] with facts read from storage, never inferred from the URL. A session whose
//! group the actor may not see is "not found", like the group itself.

use entities::{session_registration, wg_session, working_group, working_group_member};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::access::{RoomAction, Standing, decide};
use crate::http::HttpError;
use crate::identity::actor::Actor;

pub fn authorise(standing: &Standing, action: RoomAction) -> Result<(), HttpError> {
    let decision = decide(standing, action);
    if decision.allowed() { Ok(()) } else { Err(HttpError::from(decision)) }
}

/// The actor's standing in `group_id` (and in `session_id`, when given).
pub async fn standing<C: ConnectionTrait>(
    db: &C,
    actor: Option<&Actor>,
    group_id: Uuid,
    session_id: Option<Uuid>,
) -> Result<(Standing, Option<session_registration::Model>), sea_orm::DbErr> {
    let Some(actor) = actor else { return Ok((Standing::default(), None)) };
    let member = working_group_member::Entity::find()
        .filter(working_group_member::Column::WorkingGroupId.eq(group_id))
        .filter(working_group_member::Column::UserId.eq(actor.user_id))
        .one(db)
        .await?;
    let registration = match session_id {
        Some(id) => {
            session_registration::Entity::find()
                .filter(session_registration::Column::SessionId.eq(id))
                .filter(session_registration::Column::UserId.eq(actor.user_id))
                .one(db)
                .await?
        }
        None => None,
    };
    let standing = Standing {
        signed_in: true,
        organiser: actor.is_organiser(),
        group_role: member.map(|m| m.role),
        registration: registration.as_ref().map(|r| (r.role, r.status)),
    };
    Ok((standing, registration))
}

#[derive(Debug, Clone)]
pub struct GroupContext {
    pub group: working_group::Model,
    pub standing: Standing,
}

/// The group `id`, if the actor may see it (404 otherwise).
pub async fn group<C: ConnectionTrait>(db: &C, actor: Option<&Actor>, id: Uuid) -> Result<GroupContext, HttpError> {
    let group = working_group::Entity::find_by_id(id).one(db).await?.ok_or(HttpError::NotFound)?;
    let (standing, _) = standing(db, actor, group.id, None).await?;
    let active = group.status == working_group::WorkingGroupStatus::Active;
    authorise(&standing, RoomAction::ViewGroup { active })?;
    Ok(GroupContext { group, standing })
}

#[derive(Debug, Clone)]
pub struct SessionContext {
    pub session: wg_session::Model,
    pub group: working_group::Model,
    pub standing: Standing,
    /// The actor's own registration, in any status.
    pub registration: Option<session_registration::Model>,
}

/// The session `id`, if the actor may see its group (404 otherwise).
pub async fn session<C: ConnectionTrait>(db: &C, actor: Option<&Actor>, id: Uuid) -> Result<SessionContext, HttpError> {
    let session = wg_session::Entity::find_by_id(id).one(db).await?.ok_or(HttpError::NotFound)?;
    let group =
        working_group::Entity::find_by_id(session.working_group_id).one(db).await?.ok_or(HttpError::NotFound)?;
    let (standing, registration) = standing(db, actor, group.id, Some(session.id)).await?;
    let active = group.status == working_group::WorkingGroupStatus::Active;
    authorise(&standing, RoomAction::ViewGroup { active })?;
    Ok(SessionContext { session, group, standing, registration })
}
