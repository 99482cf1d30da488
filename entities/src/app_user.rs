//! The `app_user` table. A person who signs in. Named `app_user` because `user` is an SQL keyword.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A language the platform speaks: Japanese (default) or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    /// 日本語.
    #[sea_orm(string_value = "ja")]
    Ja,
    /// English.
    #[sea_orm(string_value = "en")]
    En,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Sign-in address, stored in lower case; unique.
    #[sea_orm(column_type = "String(StringLen::N(320))", unique)]
    pub email: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub display_name: String,
    pub locale: Locale,
    /// IANA time zone for display, `Asia/Tokyo` by default.
    #[sea_orm(column_type = "String(StringLen::N(64))", default_value = "Asia/Tokyo")]
    pub time_zone: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_sign_in_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::identity_link::Entity")]
    IdentityLink,
    #[sea_orm(has_many = "super::membership::Entity")]
    Membership,
    #[sea_orm(has_many = "super::product_history::Entity")]
    ProductHistory,
    #[sea_orm(has_many = "super::verification::Entity")]
    Verification,
    #[sea_orm(has_many = "super::need::Entity")]
    Need,
    #[sea_orm(has_many = "super::case_study::Entity")]
    CaseStudy,
    #[sea_orm(has_many = "super::working_group_member::Entity")]
    WorkingGroupMember,
    #[sea_orm(has_many = "super::session_registration::Entity")]
    SessionRegistration,
    #[sea_orm(has_many = "super::room_event::Entity")]
    RoomEvent,
    #[sea_orm(has_many = "super::event_participant::Entity")]
    EventParticipant,
    #[sea_orm(has_many = "super::outbox::Entity")]
    Outbox,
    #[sea_orm(has_one = "super::mail_preference::Entity")]
    MailPreference,
}

impl Related<super::identity_link::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::IdentityLink.def()
    }
}

impl Related<super::membership::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Membership.def()
    }
}

impl Related<super::product_history::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductHistory.def()
    }
}

impl Related<super::verification::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Verification.def()
    }
}

impl Related<super::need::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Need.def()
    }
}

impl Related<super::case_study::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CaseStudy.def()
    }
}

impl Related<super::working_group_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroupMember.def()
    }
}

impl Related<super::session_registration::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SessionRegistration.def()
    }
}

impl Related<super::room_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoomEvent.def()
    }
}

impl Related<super::event_participant::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EventParticipant.def()
    }
}

impl Related<super::outbox::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Outbox.def()
    }
}

impl Related<super::mail_preference::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MailPreference.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
