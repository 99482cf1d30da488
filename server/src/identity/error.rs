use sea_orm::DbErr;

/// What can go wrong in identity; mapped to HTTP once, in `http/error.rs`.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("too many sign-in requests")]
    RateLimited,
    #[error("the sign-in link is invalid, expired or already used")]
    InvalidLink,
    #[error("demo sign-in is not available here")]
    DemoUnavailable,
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("{0}")]
    Internal(String),
}
