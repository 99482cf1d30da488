//! Working-group storage.

use std::collections::HashMap;

use entities::{wg_session, working_group};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct GroupWithSessions {
    pub group: working_group::Model,
    pub sessions: Vec<wg_session::Model>,
}

/// Active working groups, by kind then name, each with its sessions in time order.
pub async fn active_groups(db: &DatabaseConnection) -> Result<Vec<GroupWithSessions>, DbErr> {
    let groups = working_group::Entity::find()
        .filter(working_group::Column::Status.eq(working_group::WorkingGroupStatus::Active))
        .order_by_asc(working_group::Column::Kind)
        .order_by_asc(working_group::Column::NameJa)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let mut sessions: HashMap<Uuid, Vec<wg_session::Model>> = HashMap::new();
    if !ids.is_empty() {
        for s in wg_session::Entity::find()
            .filter(wg_session::Column::WorkingGroupId.is_in(ids))
            .order_by_asc(wg_session::Column::StartsAt)
            .all(db)
            .await?
        {
            sessions.entry(s.working_group_id).or_default().push(s);
        }
    }
    Ok(groups
        .into_iter()
        .map(|group| GroupWithSessions { sessions: sessions.remove(&group.id).unwrap_or_default(), group })
        .collect())
}
