//! Finished remote sessions, each kept once by its id at the provider, and what became of it
//! (linked to a ticket, waiting unlinked, turned away).
//!
//! The once-only writes stand on the `(provider, provider_session_id)` unique constraint:
//! a second instance's `INSERT … ON CONFLICT` waits for the first to commit and then finds
//! the session kept (or linked) and writes nothing, as a second writer on the desktop's
//! file does.

use chrono::{DateTime, Utc};
use tether_core::domain::{ChatMessage, RemoteSessionRecord, TicketAction};
use tether_core::ports::StoreResult;

use super::session_row::{bind, records, SessionRow, COLUMNS, VALUES};
use super::ticket_side;
use crate::workspace::{logged, query_error, PgStore};

const KIND: &str = "remote_session";

impl PgStore {
    pub(crate) async fn remote_session(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> StoreResult<Option<RemoteSessionRecord>> {
        let row: Option<SessionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM remote_sessions \
             WHERE provider = $1 AND provider_session_id = $2"
        ))
        .bind(provider)
        .bind(provider_session_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.map(RemoteSessionRecord::try_from).transpose()
    }

    pub(crate) async fn remote_session_by_id(
        &self,
        id: &str,
    ) -> StoreResult<Option<RemoteSessionRecord>> {
        let row: Option<SessionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM remote_sessions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.map(RemoteSessionRecord::try_from).transpose()
    }

    /// The desktop's `INSERT OR REPLACE`: the record takes the place of any row with its id
    /// or its provider session, whichever it meets. PostgreSQL's upsert settles one unique
    /// constraint only, so the rows are deleted and the record inserted, under a lock that
    /// lets readers on but makes concurrent writers of this table wait their turn (what
    /// SQLite's single writer gave for free); these writes are one per finished session.
    pub(crate) async fn save_remote_session(&self, r: &RemoteSessionRecord) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query("LOCK TABLE remote_sessions IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        let replaced: Vec<String> = sqlx::query_scalar(
            "DELETE FROM remote_sessions \
             WHERE id = $1 OR (provider = $2 AND provider_session_id = $3) RETURNING id",
        )
        .bind(&r.id)
        .bind(&r.provider)
        .bind(&r.provider_session_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(query_error)?;
        bind(
            sqlx::query(&format!(
                "INSERT INTO remote_sessions ({COLUMNS}) VALUES ({VALUES})"
            )),
            r,
        )
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        for gone in replaced.iter().filter(|id| **id != r.id) {
            logged(&mut tx, KIND, gone).await?;
        }
        logged(&mut tx, KIND, &r.id).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn import_remote_session(
        &self,
        r: &RemoteSessionRecord,
        action: &TicketAction,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let sql = format!(
            "INSERT INTO remote_sessions ({COLUMNS}) VALUES ({VALUES}) \
             ON CONFLICT (provider, provider_session_id) DO NOTHING"
        );
        let inserted = bind(sqlx::query(&sql), r)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?
            .rows_affected()
            > 0;
        if !inserted {
            return Ok(false);
        }
        ticket_side::add_action(&mut tx, action).await?;
        logged(&mut tx, KIND, &r.id).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(true)
    }

    pub(crate) async fn link_remote_session_once(
        &self,
        r: &RemoteSessionRecord,
        action: &TicketAction,
        chat: Option<&ChatMessage>,
    ) -> StoreResult<bool> {
        // One transaction: the record, the action and the transcript are all written or none
        // is. A session waiting unlinked keeps its own id; only what linking decides changes.
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let sql = format!(
            "INSERT INTO remote_sessions ({COLUMNS}) VALUES ({VALUES}) \
             ON CONFLICT (provider, provider_session_id) DO UPDATE SET \
               status = excluded.status, reason = excluded.reason, \
               ticket_id = excluded.ticket_id, chat_id = excluded.chat_id, \
               attributed_to = excluded.attributed_to \
             WHERE remote_sessions.status <> 'linked' \
             RETURNING id"
        );
        let written: Option<String> = bind(sqlx::query(&sql), r)
            .fetch_optional(&mut *tx)
            .await
            .map_err(query_error)?
            .map(|row| sqlx::Row::try_get(&row, "id"))
            .transpose()
            .map_err(query_error)?;
        let Some(id) = written else {
            return Ok(false);
        };
        ticket_side::add_action(&mut tx, action).await?;
        if let Some(message) = chat {
            ticket_side::add_message(&mut tx, message).await?;
        }
        logged(&mut tx, KIND, &id).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(true)
    }

    /// Newest first; at most 500, as on the desktop. Sessions that started in the same
    /// millisecond come in id order, here and below, where SQLite leaves them in any order.
    pub(crate) async fn unlinked_sessions(&self) -> StoreResult<Vec<RemoteSessionRecord>> {
        let rows: Vec<SessionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM remote_sessions WHERE status IN ('unlinked', 'rejected') \
             ORDER BY started_at DESC, id LIMIT 500"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        records(rows)
    }

    pub(crate) async fn remote_sessions_of(
        &self,
        provider: &str,
        external_key: &str,
    ) -> StoreResult<Vec<RemoteSessionRecord>> {
        let rows: Vec<SessionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM remote_sessions WHERE provider = $1 AND external_key = $2 \
             ORDER BY started_at, id"
        ))
        .bind(provider)
        .bind(external_key)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        records(rows)
    }

    pub(crate) async fn last_session_start(
        &self,
        provider: &str,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        sqlx::query_scalar("SELECT MAX(started_at) FROM remote_sessions WHERE provider = $1")
            .bind(provider)
            .fetch_one(&self.pool)
            .await
            .map_err(query_error)
    }
}
