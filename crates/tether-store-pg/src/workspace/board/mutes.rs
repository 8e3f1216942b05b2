//! SD6: a technician mutes a channel for themselves; muting twice, or unmuting what is not
//! muted, changes nothing.

use tether_core::ports::StoreError;

use crate::workspace::{logged, query_error, PgStore};

impl PgStore {
    pub(crate) async fn list_mutes(&self, technician: &str) -> Result<Vec<String>, StoreError> {
        sqlx::query_scalar(
            "SELECT channel_id FROM channel_mutes WHERE technician_id = $1 \
             ORDER BY channel_id COLLATE \"C\"",
        )
        .bind(technician)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)
    }

    pub(crate) async fn put_mute(
        &self,
        technician: &str,
        channel: &str,
        muted: bool,
    ) -> Result<(), StoreError> {
        let sql = if muted {
            "INSERT INTO channel_mutes (technician_id, channel_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM channel_mutes WHERE technician_id = $1 AND channel_id = $2"
        };
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query(sql)
            .bind(technician)
            .bind(channel)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        if done.rows_affected() > 0 {
            logged(&mut tx, "mute", channel).await?;
        }
        tx.commit().await.map_err(query_error)
    }
}
