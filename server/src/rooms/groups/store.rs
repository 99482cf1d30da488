//! Storage of working groups and their members.

use chrono::Utc;
use entities::working_group_member::WorkingGroupRole;
use entities::{app_user, working_group, working_group_member};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    Set,
};
use uuid::Uuid;

use super::form::GroupDraft;

pub async fn create(db: &DatabaseConnection, draft: &GroupDraft) -> Result<working_group::Model, DbErr> {
    let now = Utc::now();
    working_group::Model {
        id: Uuid::now_v7(),
        kind: draft.kind,
        name_ja: draft.name_ja.clone(),
        name_en: draft.name_en.clone(),
        description_ja: draft.description_ja.clone(),
        description_en: draft.description_en.clone(),
        region_code: draft.region_code.clone(),
        status: draft.status,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await
}

pub async fn update(
    db: &DatabaseConnection,
    group: working_group::Model,
    draft: &GroupDraft,
) -> Result<working_group::Model, DbErr> {
    let mut row = group.into_active_model();
    row.kind = Set(draft.kind);
    row.name_ja = Set(draft.name_ja.clone());
    row.name_en = Set(draft.name_en.clone());
    row.description_ja = Set(draft.description_ja.clone());
    row.description_en = Set(draft.description_en.clone());
    row.region_code = Set(draft.region_code.clone());
    row.status = Set(draft.status);
    row.updated_at = Set(Utc::now());
    row.update(db).await
}

/// Every group, by kind then name (the organiser's view).
pub async fn all(db: &DatabaseConnection) -> Result<Vec<working_group::Model>, DbErr> {
    working_group::Entity::find()
        .order_by_asc(working_group::Column::Kind)
        .order_by_asc(working_group::Column::NameJa)
        .all(db)
        .await
}

#[derive(Debug, Clone)]
pub struct Member {
    pub user: app_user::Model,
    pub role: WorkingGroupRole,
}

/// The group's members, moderators first, then by name.
pub async fn members(db: &DatabaseConnection, group_id: Uuid) -> Result<Vec<Member>, DbErr> {
    let rows = working_group_member::Entity::find()
        .filter(working_group_member::Column::WorkingGroupId.eq(group_id))
        .find_also_related(app_user::Entity)
        .all(db)
        .await?;
    let mut members: Vec<Member> =
        rows.into_iter().filter_map(|(m, user)| user.map(|user| Member { user, role: m.role })).collect();
    members.sort_by(|a, b| {
        (a.role != WorkingGroupRole::Moderator, &a.user.display_name)
            .cmp(&(b.role != WorkingGroupRole::Moderator, &b.user.display_name))
    });
    Ok(members)
}

pub async fn user_by_email(db: &DatabaseConnection, email: &str) -> Result<Option<app_user::Model>, DbErr> {
    app_user::Entity::find().filter(app_user::Column::Email.eq(email.trim().to_lowercase())).one(db).await
}

/// Adds the user to the group, or changes their role if they are in it.
pub async fn put_member(
    db: &DatabaseConnection,
    group_id: Uuid,
    user_id: Uuid,
    role: WorkingGroupRole,
) -> Result<(), DbErr> {
    let row = working_group_member::ActiveModel {
        id: Set(Uuid::now_v7()),
        working_group_id: Set(group_id),
        user_id: Set(user_id),
        role: Set(role),
        created_at: Set(Utc::now()),
    };
    working_group_member::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([working_group_member::Column::WorkingGroupId, working_group_member::Column::UserId])
                .update_column(working_group_member::Column::Role)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Removes the user from the group; true when they were in it.
pub async fn remove_member(db: &DatabaseConnection, group_id: Uuid, user_id: Uuid) -> Result<bool, DbErr> {
    let result = working_group_member::Entity::delete_many()
        .filter(working_group_member::Column::WorkingGroupId.eq(group_id))
        .filter(working_group_member::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
