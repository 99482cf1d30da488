//! The `session_registration` table. A user's registration for a session, with a role and an
//! approval status.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A person's role in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum RegistrationRole {
    /// Runs the session.
    #[sea_orm(string_value = "moderator")]
    Moderator,
    /// Presents.
    #[sea_orm(string_value = "presenter")]
    Presenter,
    /// Takes part.
    #[sea_orm(string_value = "participant")]
    Participant,
    /// Listens.
    #[sea_orm(string_value = "observer")]
    Observer,
    /// Writes the minutes.
    #[sea_orm(string_value = "notes_taker")]
    NotesTaker,
}

/// Where a session registration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Waiting for approval.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// May join.
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Refused by a moderator.
    #[sea_orm(string_value = "declined")]
    Declined,
    /// Withdrawn by the person.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "session_registration")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "session_registration_session_id_user_id")]
    pub session_id: Uuid,
    #[sea_orm(unique_key = "session_registration_session_id_user_id", indexed)]
    pub user_id: Uuid,
    pub role: RegistrationRole,
    pub status: RegistrationStatus,
    /// First time the user joined the room.
    pub attended_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::wg_session::Entity",
        from = "Column::SessionId",
        to = "super::wg_session::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_session_registration_session_id"
    )]
    WgSession,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_session_registration_user_id"
    )]
    AppUser,
}

impl Related<super::wg_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WgSession.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
