//! SPEC TK2: provider actions waiting to be delivered.

use chrono::{DateTime, Utc};
use sqlx::Row;
use tether_core::ports::store::OutboxItem;
use tether_core::ports::StoreError;

use crate::attempts::{Next, Outbox};
use crate::codec::{millis, time};
use crate::{query_error, SqliteStore};

impl SqliteStore {
    pub(crate) async fn push_outbox(
        &self,
        provider: &str,
        provider_session_id: &str,
        action: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO outbox (provider, provider_session_id, action, created_at, next_attempt_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(provider)
        .bind(provider_session_id)
        .bind(action)
        .bind(millis(now))
        .bind(millis(now))
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    /// Due and not refused: what the next delivery round sends.
    pub(crate) async fn due(&self, now: DateTime<Utc>) -> Result<Vec<OutboxItem>, StoreError> {
        self.outbox_where("refused_at IS NULL AND next_attempt_at <= ?", Some(now))
            .await
    }

    /// Everything waiting, refused or not, oldest first.
    pub(crate) async fn all_outbox(&self) -> Result<Vec<OutboxItem>, StoreError> {
        self.outbox_where("1 = 1", None).await
    }

    async fn outbox_where(
        &self,
        condition: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let sql = format!(
            "SELECT id, provider, provider_session_id, action, attempts, last_error, \
                next_attempt_at, refused_at FROM outbox WHERE {condition} ORDER BY id"
        );
        let mut q = sqlx::query(&sql);
        if let Some(now) = now {
            q = q.bind(millis(now));
        }
        let rows = q.fetch_all(&self.pool).await.map_err(query_error)?;
        rows.iter()
            .map(|r| {
                let attempts: i64 = r.try_get("attempts").map_err(query_error)?;
                let refused: Option<i64> = r.try_get("refused_at").map_err(query_error)?;
                Ok(OutboxItem {
                    id: r.try_get("id").map_err(query_error)?,
                    provider: r.try_get("provider").map_err(query_error)?,
                    provider_session_id: r.try_get("provider_session_id").map_err(query_error)?,
                    action: r.try_get("action").map_err(query_error)?,
                    attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                    last_error: r.try_get("last_error").map_err(query_error)?,
                    next_attempt_at: time(
                        r.try_get("next_attempt_at").map_err(query_error)?,
                        "next_attempt_at",
                    )?,
                    refused_at: refused.map(|t| time(t, "refused_at")).transpose()?,
                })
            })
            .collect()
    }

    /// Kept, with why, and not sent again until someone says so.
    pub(crate) async fn refuse_outbox(
        &self,
        id: i64,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.record_attempt(Outbox::Provider, id, error, Next::RefusedAt(now))
            .await
    }

    /// Due now, refused or not: a technician's *Retry*.
    pub(crate) async fn retry_outbox_now(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE outbox SET refused_at = NULL, next_attempt_at = ? WHERE id = ?")
                .bind(millis(now))
                .bind(id)
                .execute(&self.pool)
                .await
                .map_err(query_error)?;
        Ok(done.rows_affected() > 0)
    }

    pub(crate) async fn outbox_count(&self) -> Result<u32, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    pub(crate) async fn finish(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM outbox WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn retry_later(
        &self,
        id: i64,
        error: &str,
        next: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.record_attempt(Outbox::Provider, id, error, Next::RetryAt(next))
            .await
    }
}
