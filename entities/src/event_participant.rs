//! The `event_participant` table. An organisation taking part in a matching event, with its contact
//! person.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Which side a participant is on at a matching event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum ParticipantRole {
    /// シーズ側.
    #[sea_orm(string_value = "vendor")]
    Vendor,
    /// ニーズ側.
    #[sea_orm(string_value = "user_company")]
    UserCompany,
}

/// Where a participant's registration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    /// Invited, not yet answered.
    #[sea_orm(string_value = "invited")]
    Invited,
    /// Taking part.
    #[sea_orm(string_value = "registered")]
    Registered,
    /// Not taking part.
    #[sea_orm(string_value = "declined")]
    Declined,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "event_participant")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "event_participant_event_id_organisation_id")]
    pub event_id: Uuid,
    #[sea_orm(unique_key = "event_participant_event_id_organisation_id", indexed)]
    pub organisation_id: Uuid,
    /// Contact person for the event.
    pub user_id: Option<Uuid>,
    pub role: ParticipantRole,
    pub status: ParticipantStatus,
    /// Pitch video shown to other participants.
    #[sea_orm(column_type = "String(StringLen::N(2048))")]
    pub video_url: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::matching_event::Entity",
        from = "Column::EventId",
        to = "super::matching_event::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_event_participant_event_id"
    )]
    MatchingEvent,
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_event_participant_organisation_id"
    )]
    Organisation,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_event_participant_user_id"
    )]
    AppUser,
    #[sea_orm(has_many = "super::participant_unavailability::Entity")]
    ParticipantUnavailability,
    #[sea_orm(has_many = "super::meeting_request::Entity", via_rel = "Relation::FromParticipant")]
    SentMeetingRequest,
    #[sea_orm(has_many = "super::meeting_request::Entity", via_rel = "Relation::ToParticipant")]
    ReceivedMeetingRequest,
}

impl Related<super::matching_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MatchingEvent.def()
    }
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl Related<super::participant_unavailability::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ParticipantUnavailability.def()
    }
}

/// Many-to-many through `participant_unavailability`.
impl Related<super::event_slot::Entity> for Entity {
    fn to() -> RelationDef {
        super::participant_unavailability::Relation::EventSlot.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::participant_unavailability::Relation::EventParticipant.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
