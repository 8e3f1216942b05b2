//! The change log: each change to the team workspace gets the next sequence number inside
//! the transaction that makes it, so the change and its entry commit together or not at
//! all. Writers take the counter's row lock until they commit, which hands numbers out in
//! commit order: whoever has read up to N has read everything up to N, and "everything
//! after N" is an exact answer after any reconnect. A NOTIFY tells the other instances that
//! there is something to read; the table, not the notification, is what they read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use sqlx::{PgPool, Postgres, Transaction};

use crate::error::PgError;

/// The channel instances LISTEN on; the payload is the new sequence number.
pub const CHANNEL: &str = "tether_changes";

/// A change as the workspace makes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewChange {
    pub actor: String,
    /// What changed, e.g. `session_released`.
    pub kind: String,
    pub payload: serde_json::Value,
}

/// A change as the log keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Change {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

#[derive(Clone)]
pub struct ChangeLog {
    pool: PgPool,
}

impl ChangeLog {
    pub fn new(pool: PgPool) -> Self {
        ChangeLog { pool }
    }

    /// Logs `change` as part of `tx` (the transaction that makes it) and returns its number.
    /// The number is taken last thing before the caller commits, so the counter's lock is
    /// held as briefly as possible.
    pub async fn append(
        tx: &mut Transaction<'_, Postgres>,
        change: &NewChange,
        at: DateTime<Utc>,
    ) -> Result<i64, PgError> {
        let seq: i64 = sqlx::query_scalar(
            "UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq",
        )
        .fetch_one(&mut **tx)
        .await
        .map_err(PgError::query)?;
        sqlx::query(
            "INSERT INTO changes (seq, at, actor, kind, payload) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(seq)
        .bind(at)
        .bind(&change.actor)
        .bind(&change.kind)
        .bind(&change.payload)
        .execute(&mut **tx)
        .await
        .map_err(PgError::query)?;
        // Delivered at commit, and only if it commits.
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(seq.to_string())
            .execute(&mut **tx)
            .await
            .map_err(PgError::query)?;
        Ok(seq)
    }

    /// A change on its own (its transaction holds nothing else).
    pub async fn record(&self, change: &NewChange, at: DateTime<Utc>) -> Result<i64, PgError> {
        let mut tx = self.pool.begin().await.map_err(PgError::query)?;
        let seq = Self::append(&mut tx, change, at).await?;
        tx.commit().await.map_err(PgError::query)?;
        Ok(seq)
    }

    /// Up to `limit` changes after `seq`, oldest first.
    pub async fn since(&self, seq: i64, limit: i64) -> Result<Vec<Change>, PgError> {
        sqlx::query_as(
            "SELECT seq, at, actor, kind, payload FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(PgError::query)
    }

    /// The newest sequence number (0 for an empty log).
    pub async fn head(&self) -> Result<i64, PgError> {
        sqlx::query_scalar("SELECT seq FROM change_counter WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(PgError::query)
    }

    /// A follower from `after`: each `next()` returns the changes after the last it returned,
    /// waiting for a NOTIFY when there are none. Listening starts before the first read, so
    /// a change committed in between is not missed.
    pub async fn follow(&self, after: i64) -> Result<Follower, PgError> {
        let mut listener = PgListener::connect_with(&self.pool)
            .await
            .map_err(PgError::connect)?;
        listener.listen(CHANNEL).await.map_err(PgError::query)?;
        Ok(Follower {
            log: self.clone(),
            listener,
            last: after,
        })
    }
}

pub struct Follower {
    log: ChangeLog,
    listener: PgListener,
    last: i64,
}

impl Follower {
    /// The next changes in order (at most 1,000 at a time), waiting until there are some.
    pub async fn next(&mut self) -> Result<Vec<Change>, PgError> {
        loop {
            let changes = self.log.since(self.last, 1000).await?;
            if let Some(newest) = changes.last() {
                self.last = newest.seq;
                return Ok(changes);
            }
            // A lost connection is re-established by the listener; the read above covers
            // whatever was notified while it was away.
            self.listener.recv().await.map_err(PgError::query)?;
            // One read answers every notification that arrived meanwhile: a busy log would
            // otherwise cost a query per change already read.
            while self.listener.next_buffered().is_some() {}
        }
    }

    /// The last sequence number returned.
    pub fn last(&self) -> i64 {
        self.last
    }
}
