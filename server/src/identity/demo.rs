//! Demo sign-in: with the demo data on a loopback base URL, the sign-in page offers one click
//! for each role, so a newcomer can try the vendor, the small firm, the organiser and the
//! verifier side by side. Refused everywhere else.

use entities::app_user;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::IdentityError;
use crate::config::Config;
use crate::state::AppState;

#[derive(Debug, Clone, Copy)]
pub struct DemoRole {
    /// The form value and the catalog key under `login.demo.`.
    pub key: &'static str,
    pub email: &'static str,
}

/// The demo accounts of `demo.toml`, one for each kind of organisation.
pub const ROLES: [DemoRole; 4] = [
    DemoRole { key: "vendor", email: "vendor@colapla.example" },
    DemoRole { key: "user_company", email: "gifu@colapla.example" },
    DemoRole { key: "organiser", email: "organiser@colapla.example" },
    DemoRole { key: "verifier", email: "verifier@colapla.example" },
];

/// Demo mode is on when the base URL is loopback and the demo accounts exist.
pub async fn detect<C: ConnectionTrait>(db: &C, config: &Config) -> Result<bool, DbErr> {
    if !config.base_url_is_loopback() {
        return Ok(false);
    }
    let emails: Vec<&str> = ROLES.iter().map(|r| r.email).collect();
    let found = app_user::Entity::find().filter(app_user::Column::Email.is_in(emails)).count(db).await?;
    Ok(found == ROLES.len() as u64)
}

/// The person to sign in as for a role, when demo mode is on.
pub async fn user_for(state: &AppState, role: &str) -> Result<Option<Uuid>, IdentityError> {
    if !state.demo_mode || !state.config.base_url_is_loopback() {
        return Err(IdentityError::DemoUnavailable);
    }
    let Some(role) = ROLES.iter().find(|r| r.key == role) else {
        return Ok(None);
    };
    Ok(app_user::Entity::find().filter(app_user::Column::Email.eq(role.email)).one(&state.db).await?.map(|u| u.id))
}
