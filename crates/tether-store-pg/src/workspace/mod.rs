//! The team workspace behind the core's store port: the same port the desktop's SQLite file
//! implements (`tether-store`), so the console runs unchanged on either. Every write logs
//! what it changed in the change log inside its own transaction (`changes::logged`), which is
//! what desktops follow.

mod board;
mod changes;
mod codec;

use sqlx::PgPool;
use tether_core::ports::StoreError;

pub(crate) use changes::logged;
pub(crate) use codec::{at, query_error};

#[derive(Clone)]
pub struct PgStore {
    pub(crate) pool: PgPool,
}

impl PgStore {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<PgStore, StoreError> {
        let pool = crate::connect(url).await.map_err(|e| StoreError::Open {
            path: "the team database".into(),
            message: e.to_string(),
        })?;
        Ok(PgStore { pool })
    }

    /// A store on a pool already connected (and migrated by `crate::connect`).
    pub fn new(pool: PgPool) -> PgStore {
        PgStore { pool }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}
