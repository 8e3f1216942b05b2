//! One instance at a time does each of the team's jobs (polling a provider, reconciling,
//! sending mail): the one holding the job's PostgreSQL advisory lock. The lock lives on a
//! connection of its own, not one from the pool, so it is held exactly as long as that
//! connection: when an instance dies its connection goes and the lock with it, and another
//! instance takes the job at its next try. A leader checks it still leads before each round,
//! so one whose connection was cut stops instead of working beside its successor.

use sha2::{Digest, Sha256};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

use crate::error::PgError;

#[derive(Clone)]
pub struct JobLocks {
    options: PgConnectOptions,
}

/// Leading `job`: held until dropped, stepped down, or the connection is lost.
pub struct Leading {
    job: String,
    key: i64,
    conn: PgConnection,
    backend_pid: i32,
}

/// The advisory lock's key for a job name: stable across instances and versions.
fn key(job: &str) -> i64 {
    let digest = Sha256::digest(format!("tether-job:{job}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

impl JobLocks {
    pub fn new(url: &str) -> Result<Self, PgError> {
        let options: PgConnectOptions = url
            .parse()
            .map_err(|e: sqlx::Error| PgError::Invalid(format!("not a PostgreSQL URL: {e}")))?;
        Ok(JobLocks { options })
    }

    /// Leads `job` if no other instance does.
    pub async fn try_lead(&self, job: &str) -> Result<Option<Leading>, PgError> {
        let mut conn = self.options.connect().await.map_err(PgError::connect)?;
        let (got, backend_pid): (bool, i32) =
            sqlx::query_as("SELECT pg_try_advisory_lock($1), pg_backend_pid()")
                .bind(key(job))
                .fetch_one(&mut conn)
                .await
                .map_err(PgError::query)?;
        if !got {
            let _ = conn.close().await;
            return Ok(None);
        }
        tracing::info!("this instance now runs {job}");
        Ok(Some(Leading {
            job: job.to_string(),
            key: key(job),
            conn,
            backend_pid,
        }))
    }
}

impl Leading {
    pub fn job(&self) -> &str {
        &self.job
    }

    /// The database session holding the lock (for an admin's `pg_stat_activity`).
    pub fn backend_pid(&self) -> i32 {
        self.backend_pid
    }

    /// Whether this instance still holds the job: its connection is alive and the lock is
    /// its own. Asked before each round of the job.
    pub async fn still_leading(&mut self) -> bool {
        let held: Result<bool, _> = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' \
             AND pid = pg_backend_pid() AND granted AND objsubid = 1 \
             AND ((classid::bigint << 32) | objid::bigint) = $1)",
        )
        .bind(self.key)
        .fetch_one(&mut self.conn)
        .await;
        match held {
            Ok(held) => held,
            Err(e) => {
                tracing::warn!("lost {} (its database session ended: {e})", self.job);
                false
            }
        }
    }

    /// Hands the job over now rather than when the connection closes.
    pub async fn step_down(mut self) {
        let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(self.key)
            .execute(&mut self.conn)
            .await;
        let _ = self.conn.close().await;
    }
}
