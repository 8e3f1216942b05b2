//! The team workspace's home in PostgreSQL (DESIGN.md, *Solo and team workspaces*). It starts
//! with what every other part of the team server builds on: the change log, a gapless
//! sequence of every change that server instances share through `LISTEN/NOTIFY` and desktops
//! follow from the last sequence they applied; and the technicians with the access tokens
//! their desktops sign in with.

mod access_tokens;
mod change_log;
mod error;
mod job_lock;
mod replays;
#[doc(hidden)]
pub mod test_support;
mod workspace;

pub use access_tokens::{AccessTokens, IssuedToken, TeamTechnician, TokenInfo};
pub use change_log::{Change, ChangeLog, NewChange, CHANNEL};
pub use error::PgError;
pub use job_lock::{JobLocks, Leading};
pub use replays::Replays;
pub use workspace::PgStore;

/// Connects and brings the schema up to date (the migrations are embedded).
pub async fn connect(url: &str) -> Result<sqlx::PgPool, PgError> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(16)
        // A database that is not there is said within seconds; a server that must wait for
        // its database is ordered after it (systemd, compose), not left retrying here.
        .acquire_timeout(std::time::Duration::from_secs(5))
        .connect(url)
        .await
        .map_err(PgError::connect)?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(|e| PgError::Migrate(e.to_string()))?;
    Ok(pool)
}
