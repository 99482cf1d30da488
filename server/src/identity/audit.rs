//! The audit log: sign-ins, failed sign-ins, role and kind changes, approvals and organiser
//! actions. Written in the same transaction as the change it records; read by organisers only.

use chrono::Utc;
use entities::audit_log;
use sea_orm::{ActiveValue::NotSet, ConnectionTrait, DbErr, EntityTrait, Set};
use uuid::Uuid;

use super::actor::Actor;

/// One entry to record. `action` is a dotted name such as `sign_in.email` or `organisation.approved`.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub action: &'static str,
    pub actor: Option<&'a Actor>,
    pub object_type: &'static str,
    pub object_id: Option<String>,
    pub detail: serde_json::Value,
    pub ip: Option<String>,
}

impl<'a> Entry<'a> {
    pub fn new(action: &'static str, object_type: &'static str) -> Self {
        Self { action, actor: None, object_type, object_id: None, detail: serde_json::Value::Null, ip: None }
    }

    pub fn by(mut self, actor: Option<&'a Actor>) -> Self {
        self.actor = actor;
        self
    }

    pub fn object(mut self, id: impl ToString) -> Self {
        self.object_id = Some(id.to_string());
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }

    pub fn ip(mut self, ip: Option<String>) -> Self {
        self.ip = ip;
        self
    }
}

pub async fn record<C: ConnectionTrait>(db: &C, entry: Entry<'_>) -> Result<(), DbErr> {
    let actor_user_id: Option<Uuid> = entry.actor.map(|a| a.user_id);
    let actor_organisation_id = entry.actor.and_then(|a| a.primary()).map(|m| m.organisation_id);
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: NotSet,
        at: Set(Utc::now()),
        actor_user_id: Set(actor_user_id),
        actor_organisation_id: Set(actor_organisation_id),
        action: Set(entry.action.to_owned()),
        object_type: Set(entry.object_type.to_owned()),
        object_id: Set(entry.object_id),
        detail: Set(entry.detail),
        ip: Set(entry.ip),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The client address as the server saw it (no proxy headers are trusted).
pub fn client_ip(req: &actix_web::HttpRequest) -> Option<String> {
    req.peer_addr().map(|a| a.ip().to_string())
}
