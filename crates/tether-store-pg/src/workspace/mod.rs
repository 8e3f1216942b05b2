//! The team workspace behind the core's store port: the same port the desktop's SQLite file
//! implements (`tether-store`), so the console runs unchanged on either. Every write logs
//! what it changed in the change log inside its own transaction (`changes::logged`), which is
//! what desktops follow.

mod board;
mod changes;
mod codec;
mod desk;
mod intake;

use std::sync::Arc;

use sqlx::PgPool;
use tether_core::ports::StoreError;

pub(crate) use changes::logged;
pub(crate) use codec::{at, query_error};

#[derive(Clone)]
pub struct PgStore {
    pub(crate) pool: PgPool,
    /// This store's name in the claims it takes (inbound events), random per store: another
    /// server instance on the same database does not take what this one holds, while this one
    /// reads its own claims back as the desktop reads its unprocessed events.
    pub(crate) instance: Arc<str>,
}

impl PgStore {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<PgStore, StoreError> {
        let pool = crate::connect(url).await.map_err(|e| StoreError::Open {
            path: "the team database".into(),
            message: e.to_string(),
        })?;
        Ok(PgStore::new(pool))
    }

    /// A store on a pool already connected (and migrated by `crate::connect`).
    pub fn new(pool: PgPool) -> PgStore {
        PgStore {
            pool,
            instance: format!("{:032x}", rand::random::<u128>()).into(),
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}
