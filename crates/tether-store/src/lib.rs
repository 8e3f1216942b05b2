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
#[doc(hidden)]
pub use search::fts_query;
mod sessions;
mod settings;
mod team_outbox;
mod teamviewer;
mod technicians;
mod tickets;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub use team_outbox::TeamAction;

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
        private_file(path).map_err(|e| fail(e.to_string()))?;
        // FULL: an event acknowledged to its sender (BeyondTrust, Syncro) must survive a power
        // loss; NORMAL in WAL mode may lose the last commits.
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| fail(e.to_string()))?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
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

/// The cache holds customers, tickets and chats: its directory is the user's alone (0700)
/// and the file too (0600), created so before SQLite opens it; SQLite gives its WAL and
/// shared-memory files the database file's mode.
fn private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let existed = dir.exists();
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
            builder.mode(0o700);
            builder.create(dir)?;
            // A cache directory an older Tether made readable to all is closed now; a shared
            // directory someone pointed Tether at (world-writable, like /tmp) is left alone.
            let mode = std::fs::metadata(dir)?.permissions().mode();
            if existed && path.exists() && mode & 0o002 == 0 && mode & 0o077 != 0 {
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
            }
        }
        #[cfg(not(unix))]
        builder.create(dir)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

pub(crate) fn query_error(e: sqlx::Error) -> StoreError {
    StoreError::Query(e.to_string())
}
