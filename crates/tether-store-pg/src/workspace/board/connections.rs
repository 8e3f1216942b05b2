//! SP2: the intervals in which Tether saw a technician connected to a session. At most one
//! is open at a time (a unique index, so two instances polling at once cannot open two); an
//! end before its start is taken as the start.

use chrono::{DateTime, Utc};
use tether_core::ports::store::Connection;
use tether_core::ports::StoreError;

use super::rows::read_error;
use crate::workspace::{at, logged, query_error, PgStore};

#[derive(sqlx::FromRow)]
struct ConnectionRow {
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
}

impl PgStore {
    /// A connection already open stays as it is.
    pub(crate) async fn open_connection(
        &self,
        session_id: &str,
        started: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query(
            "INSERT INTO session_connections (session_id, started_at) VALUES ($1, $2) \
             ON CONFLICT (session_id) WHERE ended_at IS NULL DO NOTHING",
        )
        .bind(session_id)
        .bind(at(started))
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        if done.rows_affected() > 0 {
            logged(&mut tx, "session", session_id).await?;
        }
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn close_connection(
        &self,
        session_id: &str,
        ended: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query(
            "UPDATE session_connections SET ended_at = GREATEST(started_at, $1) \
             WHERE session_id = $2 AND ended_at IS NULL",
        )
        .bind(at(ended))
        .bind(session_id)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        if done.rows_affected() > 0 {
            logged(&mut tx, "session", session_id).await?;
        }
        tx.commit().await.map_err(query_error)
    }

    /// Oldest first; the last may still be open.
    pub(crate) async fn list_connections(
        &self,
        session_id: &str,
    ) -> Result<Vec<Connection>, StoreError> {
        let rows: Vec<ConnectionRow> = sqlx::query_as(
            "SELECT started_at, ended_at FROM session_connections WHERE session_id = $1 \
             ORDER BY id",
        )
        .bind(session_id)
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        Ok(rows
            .into_iter()
            .map(|r| Connection {
                started_at: r.started_at,
                ended_at: r.ended_at,
            })
            .collect())
    }
}
