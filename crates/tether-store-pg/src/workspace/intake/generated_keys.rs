//! The session keys Tether generated (BT8): an admin may turn away every session whose key
//! Tether did not make.

use chrono::{DateTime, Utc};
use tether_core::ports::StoreResult;

use crate::workspace::{at, logged, query_error, PgStore};

impl PgStore {
    /// Keeps the key, replacing one with the same short key (the desktop's `INSERT OR
    /// REPLACE`: `short_key` is the only unique column, so an upsert is the same thing).
    pub(crate) async fn record_key(
        &self,
        short_key: &str,
        external_key: &str,
        ticket_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query(
            "INSERT INTO generated_keys (short_key, external_key, ticket_id, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (short_key) DO UPDATE SET \
             external_key = excluded.external_key, ticket_id = excluded.ticket_id, \
             created_at = excluded.created_at",
        )
        .bind(short_key)
        .bind(external_key)
        .bind(ticket_id)
        .bind(at(now))
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        logged(&mut tx, "generated_key", short_key).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn key_generated(&self, external_key: &str) -> StoreResult<bool> {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM generated_keys WHERE external_key = $1)")
            .bind(external_key)
            .fetch_one(&self.pool)
            .await
            .map_err(query_error)
    }
}
