//! Writing sessions: a new one with its first history, an update that holds only if nobody
//! changed the session since it was read (a stale write is `Conflict`, a deleted one `Gone`),
//! and deletion, which takes the history and connections along.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use tether_core::domain::{HistoryEntry, Session};
use tether_core::ports::StoreError;

use super::rows::{ids_json, SESSION_COLUMNS};
use crate::workspace::{at, logged, query_error, PgStore};

impl PgStore {
    /// Inserts the session (`expected` is `None`) or updates it if it still has the
    /// `expected` `updated_at`, and appends its history, in one transaction.
    pub(crate) async fn write_session(
        &self,
        session: &Session,
        history: &[HistoryEntry],
        expected: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        // The update is conditional in one statement: a concurrent writer holds the row until
        // it commits, and PostgreSQL then checks `updated_at` against what it committed.
        let sql = match expected {
            None => format!(
                "INSERT INTO sessions ({SESSION_COLUMNS}) VALUES \
                 ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
            ),
            Some(_) => "UPDATE sessions SET channel_id = $2, provider = $3, \
                 provider_session_id = $4, customer_name = $5, issue = $6, code = $7, \
                 link = $8, state = $9, provider_status = $10, permission = $11, \
                 assignee = $12, invited = $13, created_by = $14, created_at = $15, \
                 updated_at = $16, state_changed_at = $17, ticket_id = $18 \
                 WHERE id = $1 AND updated_at = $19"
                .to_string(),
        };
        let mut q = sqlx::query(&sql)
            .bind(&session.id)
            .bind(&session.channel_id)
            .bind(&session.provider)
            .bind(&session.provider_session_id)
            .bind(&session.customer_name)
            .bind(&session.issue)
            .bind(&session.code)
            .bind(&session.link)
            .bind(session.state.as_str())
            .bind(&session.provider_status)
            .bind(session.permission.as_str())
            .bind(&session.assignee)
            .bind(ids_json(&session.invited))
            .bind(&session.created_by)
            .bind(at(session.created_at))
            .bind(at(session.updated_at))
            .bind(at(session.state_changed_at))
            .bind(&session.ticket_id);
        if let Some(expected) = expected {
            q = q.bind(at(expected));
        }
        let done = q.execute(&mut *tx).await.map_err(query_error)?;
        if done.rows_affected() == 0 {
            let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM sessions WHERE id = $1")
                .bind(&session.id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(query_error)?;
            let what = format!("the session for {}", session.customer_name);
            return Err(match exists {
                Some(_) => StoreError::Conflict(what),
                None => StoreError::Gone(what),
            });
        }
        insert_history(&mut tx, &session.id, history).await?;
        logged(&mut tx, "session", &session.id).await?;
        tx.commit().await.map_err(query_error)
    }

    /// Deleting a session that is not there is not an error, and not a change.
    pub(crate) async fn remove_session(&self, id: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        if done.rows_affected() > 0 {
            logged(&mut tx, "session", id).await?;
        }
        tx.commit().await.map_err(query_error)
    }
}

async fn insert_history(
    tx: &mut Transaction<'_, Postgres>,
    session_id: &str,
    history: &[HistoryEntry],
) -> Result<(), StoreError> {
    for h in history {
        sqlx::query(
            "INSERT INTO session_history (session_id, at, actor, event, from_state, to_state, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(session_id)
        .bind(at(h.at))
        .bind(h.actor.encode())
        .bind(h.event.map(|e| e.as_str()))
        .bind(h.from.map(|s| s.as_str()))
        .bind(h.to.as_str())
        .bind(&h.note)
        .execute(&mut **tx)
        .await
        .map_err(query_error)?;
    }
    Ok(())
}
