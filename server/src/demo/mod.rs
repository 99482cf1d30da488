//! Demo data, so that a newcomer can click through every role on a fresh clone: the six evaluated
//! products of the programme with their verification results, the twelve Otasuketai services and
//! the regions they serve, working groups of every kind, small-firm needs in Japanese, and one
//! account for each role. `generate` adds realistic synthetic data for load tests.

pub mod generate;
pub mod history;
mod loader;
pub mod model;

use entities::prelude::*;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, TransactionTrait};

pub use loader::LoadSummary;
pub use model::DemoData;

/// The demo data shipped in the binary.
pub const DEMO_TOML: &str = include_str!("data/demo.toml");

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo file does not parse: {0}")]
    Parse(String),
    #[error("the demo data refers to an unknown {what} {key:?}")]
    UnknownKey { what: &'static str, key: String },
    #[error("the demo data has an invalid {field}: {value:?}")]
    Invalid { field: &'static str, value: String },
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

pub fn parse_default() -> Result<DemoData, DemoError> {
    toml::from_str(DEMO_TOML).map_err(|e| DemoError::Parse(e.to_string()))
}

/// True when no organisation exists yet: a fresh database.
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, DemoError> {
    Ok(Organisation::find().count(db).await? == 0)
}

/// Loads the shipped demo data, dated relative to today.
pub async fn load_default(db: &DatabaseConnection) -> Result<LoadSummary, DemoError> {
    let data = parse_default()?;
    loader::load(db, &data, chrono::Utc::now()).await
}

/// Adds `count` generated products and `count` generated needs.
pub async fn load_generated(db: &DatabaseConnection, count: usize, seed: u64) -> Result<LoadSummary, DemoError> {
    let now = chrono::Utc::now();
    let data = generate::generate(count, seed, now.date_naive());
    loader::load(db, &data, now).await
}

/// Deletes every row of every non-reference table, children first, in one transaction.
pub async fn reset(db: &DatabaseConnection) -> Result<(), DemoError> {
    let txn = db.begin().await?;
    macro_rules! wipe {
        ($($entity:ty),* $(,)?) => { $( <$entity>::delete_many().exec(&txn).await?; )* };
    }
    wipe!(
        AuditLog,
        Outbox,
        MailPreference,
        Meeting,
        MeetingRequest,
        ParticipantUnavailability,
        EventSlot,
        EventParticipant,
        MatchingEvent,
        RoomEvent,
        SessionRegistration,
        AgendaItem,
        WgSession,
        WorkingGroupMember,
        WorkingGroup,
        CaseStudy,
        NeedMatch,
        NeedCategory,
        Need,
        Verification,
        ProductHistory,
        ProductRegion,
        ProductSizeBand,
        ProductCategory,
        Product,
        Membership,
        IdentityLink,
        AppUser,
        Organisation,
    );
    txn.commit().await?;
    Ok(())
}
