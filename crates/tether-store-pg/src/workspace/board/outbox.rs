//! SPEC TK2: provider actions waiting to be delivered, retried until the provider confirms,
//! or kept with the reason when it refused for good.
//!
//! The desktop has one delivery round at a time; a team has one per server instance. So a
//! round claims what it reads (`claimed_until`, taken with `FOR UPDATE SKIP LOCKED`): another
//! instance's round skips those rows until this round records the outcome, or until the
//! claim runs out because this instance died mid-round. The claim is invisible through the
//! port; `next_attempt_at` keeps the SQLite store's meaning.

use chrono::{DateTime, Duration, Utc};
use tether_core::ports::store::OutboxItem;
use tether_core::ports::StoreError;

use super::rows::read_error;
use crate::workspace::{at, logged, query_error, PgStore};

/// How long a round holds the actions it read: longer than a round of provider calls takes,
/// short enough that an instance dying mid-round delays the rest by minutes.
const CLAIM: Duration = Duration::minutes(5);

const OUTBOX_COLUMNS: &str =
    "id, provider, provider_session_id, action, attempts, last_error, next_attempt_at, refused_at";

#[derive(sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    provider: String,
    provider_session_id: String,
    action: String,
    attempts: i32,
    last_error: Option<String>,
    next_attempt_at: DateTime<Utc>,
    refused_at: Option<DateTime<Utc>>,
}

impl TryFrom<OutboxRow> for OutboxItem {
    type Error = StoreError;

    fn try_from(r: OutboxRow) -> Result<OutboxItem, StoreError> {
        Ok(OutboxItem {
            attempts: u32::try_from(r.attempts)
                .map_err(|_| StoreError::Corrupt(format!("attempts = {}", r.attempts)))?,
            id: r.id,
            provider: r.provider,
            provider_session_id: r.provider_session_id,
            action: r.action,
            last_error: r.last_error,
            next_attempt_at: r.next_attempt_at,
            refused_at: r.refused_at,
        })
    }
}

fn items(rows: Vec<OutboxRow>) -> Result<Vec<OutboxItem>, StoreError> {
    let mut items = rows
        .into_iter()
        .map(OutboxItem::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    items.sort_by_key(|i| i.id);
    Ok(items)
}

/// What became of one delivery attempt.
enum Outcome<'a> {
    /// Tried again from this time on.
    RetryAt(&'a str, DateTime<Utc>),
    /// Kept, not tried again until a technician says so.
    RefusedAt(&'a str, DateTime<Utc>),
}

impl PgStore {
    pub(crate) async fn push_outbox(
        &self,
        provider: &str,
        provider_session_id: &str,
        action: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO outbox (provider, provider_session_id, action, created_at, \
                next_attempt_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(provider)
        .bind(provider_session_id)
        .bind(action)
        .bind(at(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(query_error)?;
        logged(&mut tx, "outbox", &id.to_string()).await?;
        tx.commit().await.map_err(query_error)
    }

    /// Due and not refused, oldest first, and claimed for this round: what it sends. The
    /// claim changes nothing a desktop sees, so it is not logged; the outcome is.
    pub(crate) async fn due(&self, now: DateTime<Utc>) -> Result<Vec<OutboxItem>, StoreError> {
        let now = at(now);
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let rows: Vec<OutboxRow> = sqlx::query_as(
            "WITH due AS ( \
                SELECT id FROM outbox \
                WHERE refused_at IS NULL AND next_attempt_at <= $1 \
                  AND (claimed_until IS NULL OR claimed_until <= $1) \
                ORDER BY id FOR UPDATE SKIP LOCKED) \
             UPDATE outbox SET claimed_until = $2 FROM due WHERE outbox.id = due.id \
             RETURNING outbox.id, provider, provider_session_id, action, attempts, last_error, \
                next_attempt_at, refused_at",
        )
        .bind(now)
        .bind(now + CLAIM)
        .fetch_all(&mut *tx)
        .await
        .map_err(read_error)?;
        tx.commit().await.map_err(query_error)?;
        items(rows)
    }

    /// Everything waiting, refused or not, oldest first.
    pub(crate) async fn all_outbox(&self) -> Result<Vec<OutboxItem>, StoreError> {
        let rows: Vec<OutboxRow> =
            sqlx::query_as(&format!("SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY id"))
                .fetch_all(&self.pool)
                .await
                .map_err(read_error)?;
        items(rows)
    }

    pub(crate) async fn outbox_count(&self) -> Result<u32, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Kept, with why, and not sent again until someone says so.
    pub(crate) async fn refuse_outbox(
        &self,
        id: i64,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.record_attempt(id, Outcome::RefusedAt(error, now))
            .await
    }

    pub(crate) async fn retry_later(
        &self,
        id: i64,
        error: &str,
        next: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.record_attempt(id, Outcome::RetryAt(error, next)).await
    }

    /// One attempt more, why, and when it is due again (or that it never is): the round's
    /// claim ends here.
    async fn record_attempt(&self, id: i64, outcome: Outcome<'_>) -> Result<(), StoreError> {
        let (column, error, when) = match outcome {
            Outcome::RetryAt(error, when) => ("next_attempt_at", error, when),
            Outcome::RefusedAt(error, when) => ("refused_at", error, when),
        };
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query(&format!(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1, {column} = $2, \
                claimed_until = NULL WHERE id = $3"
        ))
        .bind(error)
        .bind(at(when))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        if done.rows_affected() > 0 {
            logged(&mut tx, "outbox", &id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)
    }

    /// Due now, refused or not: a technician's *Retry*. A round that holds it still
    /// delivers it; nobody else does meanwhile.
    pub(crate) async fn retry_outbox_now(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done =
            sqlx::query("UPDATE outbox SET refused_at = NULL, next_attempt_at = $1 WHERE id = $2")
                .bind(at(now))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(query_error)?;
        let found = done.rows_affected() > 0;
        if found {
            logged(&mut tx, "outbox", &id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)?;
        Ok(found)
    }

    /// Delivered (or discarded): gone from the outbox.
    pub(crate) async fn finish(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query("DELETE FROM outbox WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        if done.rows_affected() > 0 {
            logged(&mut tx, "outbox", &id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)
    }
}
