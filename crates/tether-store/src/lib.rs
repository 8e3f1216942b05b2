//! The local cache (SPEC TK1): a real SQLite file through sqlx, WAL and a busy timeout,
//! migrations embedded and additive. It implements the core's `Store` port; nothing else
//! in Tether touches SQL.

mod alerts;
mod assets;
mod attempts;
mod channels;
mod chats;
mod codec;
mod desk_port;
mod directory;
mod imports;
mod intake;
mod json;
mod mail;
mod outbox;
mod port;
mod search;
mod sessions;
mod settings;
mod teamviewer;
mod technicians;
mod tickets;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use tether_core::ports::StoreError;

/// Every migration, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the cache at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let fail = |message: String| StoreError::Open {
            path: path.display().to_string(),
            message,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| fail(e.to_string()))?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| fail(e.to_string()))?;
        MIGRATOR.run(&pool).await.map_err(|e| {
            fail(format!(
                "{e} (was this file written by a newer Tether? keep it and upgrade)"
            ))
        })?;
        Ok(SqliteStore { pool })
    }

    /// The pool, for benchmarks that compare against bare queries.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

pub(crate) fn query_error(e: sqlx::Error) -> StoreError {
    StoreError::Query(e.to_string())
}
