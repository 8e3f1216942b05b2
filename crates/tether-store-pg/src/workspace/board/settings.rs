//! The workspace's settings: plain key-values the console keeps (integrations, preferences).

use tether_core::ports::StoreError;

use crate::workspace::{logged, query_error, PgStore};

impl PgStore {
    pub(crate) async fn get_setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error)
    }

    pub(crate) async fn put_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        logged(&mut tx, "setting", key).await?;
        tx.commit().await.map_err(query_error)
    }

    /// Deleting a key that is not there is not an error, and not a change.
    pub(crate) async fn remove_setting(&self, key: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query("DELETE FROM settings WHERE key = $1")
            .bind(key)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        if done.rows_affected() > 0 {
            logged(&mut tx, "setting", key).await?;
        }
        tx.commit().await.map_err(query_error)
    }
}
