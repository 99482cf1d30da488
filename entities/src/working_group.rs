//! The `working_group` table. A small participatory online working group (少人数参加型のオンラインワーキンググループ).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The four kinds of working group, plus regional communities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum WorkingGroupKind {
    /// 政策・調査とのコラボレーション.
    #[sea_orm(string_value = "policy")]
    Policy,
    /// シーズサイド: vendors, universities, SIers.
    #[sea_orm(string_value = "seeds")]
    Seeds,
    /// ニーズサイド: user companies and industry groups.
    #[sea_orm(string_value = "needs")]
    Needs,
    /// ニーズとシーズ: business matching.
    #[sea_orm(string_value = "matching")]
    Matching,
    /// 地域SECURITY: a regional community.
    #[sea_orm(string_value = "regional")]
    Regional,
}

/// Whether a working group is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum WorkingGroupStatus {
    /// Running.
    #[sea_orm(string_value = "active")]
    Active,
    /// Closed; kept for history.
    #[sea_orm(string_value = "archived")]
    Archived,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "working_group")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: WorkingGroupKind,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub name_ja: String,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub name_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description_ja: String,
    #[sea_orm(column_type = "Text")]
    pub description_en: Option<String>,
    /// Set for regional groups.
    #[sea_orm(column_type = "String(StringLen::N(32))")]
    pub region_code: Option<String>,
    pub status: WorkingGroupStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionCode",
        to = "super::region::Column::Code",
        on_delete = "Restrict",
        fk_name = "fk_working_group_region_code"
    )]
    Region,
    #[sea_orm(has_many = "super::working_group_member::Entity")]
    WorkingGroupMember,
    #[sea_orm(has_many = "super::wg_session::Entity")]
    WgSession,
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl Related<super::working_group_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkingGroupMember.def()
    }
}

impl Related<super::wg_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WgSession.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
