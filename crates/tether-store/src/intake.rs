//! Inbound events, finished remote sessions and generated keys (the `IntakeStore` port).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use tether_core::domain::{RemoteSessionRecord, RemoteSessionStatus, TicketAction, TimeSource};
use tether_core::ports::StoreResult;
use tether_core::ports::{InboundEvent, IntakeStore, StoreError};

use crate::codec::{get, millis, time};
use crate::{query_error, SqliteStore};

const SESSION_COLUMNS: &str = "id, provider, provider_session_id, status, reason, ticket_id, \
    chat_id, external_key, customer_name, customer_host, rep_name, attributed_to, started_at, ended_at, \
    duration_seconds, transcript, time_source";

fn status_str(s: RemoteSessionStatus) -> &'static str {
    match s {
        RemoteSessionStatus::Linked => "linked",
        RemoteSessionStatus::Unlinked => "unlinked",
        RemoteSessionStatus::Rejected => "rejected",
    }
}

fn record(row: &SqliteRow) -> Result<RemoteSessionRecord, StoreError> {
    let status: String = get(row, "status")?;
    let ended: Option<i64> = get(row, "ended_at")?;
    let duration: Option<i64> = get(row, "duration_seconds")?;
    Ok(RemoteSessionRecord {
        id: get(row, "id")?,
        provider: get(row, "provider")?,
        provider_session_id: get(row, "provider_session_id")?,
        status: match status.as_str() {
            "linked" => RemoteSessionStatus::Linked,
            "unlinked" => RemoteSessionStatus::Unlinked,
            "rejected" => RemoteSessionStatus::Rejected,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "unknown session status {other:?}"
                )))
            }
        },
        reason: get(row, "reason")?,
        ticket_id: get(row, "ticket_id")?,
        chat_id: get(row, "chat_id")?,
        external_key: get(row, "external_key")?,
        customer_name: get(row, "customer_name")?,
        customer_host: get(row, "customer_host")?,
        rep_name: get(row, "rep_name")?,
        attributed_to: get(row, "attributed_to")?,
        started_at: time(
            get::<Option<i64>>(row, "started_at")?.unwrap_or(0),
            "started_at",
        )?,
        ended_at: ended.map(|e| time(e, "ended_at")).transpose()?,
        duration_seconds: u32::try_from(duration.unwrap_or(0)).unwrap_or(0),
        transcript: get(row, "transcript")?,
        time_source: get::<Option<String>>(row, "time_source")?
            .as_deref()
            .and_then(TimeSource::parse),
    })
}

/// Binds a record's columns, in `SESSION_COLUMNS` order.
fn bind_record<'q>(
    q: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    r: &'q RemoteSessionRecord,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    q.bind(&r.id)
        .bind(&r.provider)
        .bind(&r.provider_session_id)
        .bind(status_str(r.status))
        .bind(&r.reason)
        .bind(&r.ticket_id)
        .bind(&r.chat_id)
        .bind(&r.external_key)
        .bind(&r.customer_name)
        .bind(&r.customer_host)
        .bind(&r.rep_name)
        .bind(&r.attributed_to)
        .bind(millis(r.started_at))
        .bind(r.ended_at.map(millis))
        .bind(i64::from(r.duration_seconds))
        .bind(&r.transcript)
        .bind(r.time_source.map(TimeSource::as_str))
}

#[async_trait]
impl IntakeStore for SqliteStore {
    async fn record_event(
        &self,
        source: &str,
        event: &str,
        lsid: &str,
        external_key: &str,
        payload: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        sqlx::query_scalar(
            "INSERT INTO inbound_events (source, event, lsid, external_key, payload, received_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(source)
        .bind(event)
        .bind(lsid)
        .bind(external_key)
        .bind(payload)
        .bind(millis(now))
        .fetch_one(&self.pool)
        .await
        .map_err(query_error)
    }

    async fn unprocessed_events(
        &self,
        source: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<InboundEvent>> {
        let rows = sqlx::query(
            "SELECT id, source, event, lsid, external_key, received_at, attempts FROM inbound_events \
             WHERE source = ? AND processed_at IS NULL \
             AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT 200",
        )
        .bind(source)
        .bind(millis(now))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter()
            .map(|r| {
                Ok(InboundEvent {
                    id: get(r, "id")?,
                    source: get(r, "source")?,
                    event: get(r, "event")?,
                    lsid: get(r, "lsid")?,
                    external_key: get(r, "external_key")?,
                    received_at: time(get(r, "received_at")?, "received_at")?,
                    attempts: get::<i64>(r, "attempts")?.max(0) as u32,
                })
            })
            .collect()
    }

    async fn defer_event(&self, id: i64, next_at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE inbound_events SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
        )
        .bind(millis(next_at))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    async fn prune_events(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM inbound_events WHERE processed_at IS NOT NULL AND processed_at < ?",
        )
        .bind(millis(before))
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(done.rows_affected())
    }

    async fn mark_event(&self, id: i64, outcome: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE inbound_events SET processed_at = ?, outcome = ? WHERE id = ?")
            .bind(millis(now))
            .bind(outcome)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }

    async fn remote_session(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> StoreResult<Option<RemoteSessionRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM remote_sessions WHERE provider = ? AND provider_session_id = ?"
        ))
        .bind(provider)
        .bind(provider_session_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.as_ref().map(record).transpose()
    }

    async fn remote_session_by_id(&self, id: &str) -> StoreResult<Option<RemoteSessionRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM remote_sessions WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.as_ref().map(record).transpose()
    }

    async fn save_remote_session(&self, r: &RemoteSessionRecord) -> StoreResult<()> {
        let sql = format!(
            "INSERT OR REPLACE INTO remote_sessions ({SESSION_COLUMNS}) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        );
        bind_record(sqlx::query(&sql), r)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }

    async fn import_remote_session(
        &self,
        r: &RemoteSessionRecord,
        action: &TicketAction,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let sql = format!(
            "INSERT INTO remote_sessions ({SESSION_COLUMNS}) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (provider, provider_session_id) DO NOTHING"
        );
        let inserted = bind_record(sqlx::query(&sql), r)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?
            .rows_affected()
            > 0;
        if inserted {
            crate::tickets::insert_action(&mut tx, action).await?;
        }
        tx.commit().await.map_err(query_error)?;
        Ok(inserted)
    }

    async fn link_remote_session_once(
        &self,
        r: &RemoteSessionRecord,
        action: &TicketAction,
        chat: Option<&tether_core::domain::ChatMessage>,
    ) -> StoreResult<bool> {
        // One transaction: a kill -9 leaves all three writes or none, and a second linker
        // (another process on the same file) finds the session linked and writes nothing.
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let sql = format!(
            "INSERT INTO remote_sessions ({SESSION_COLUMNS}) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (provider, provider_session_id) DO UPDATE SET \
               status = excluded.status, reason = excluded.reason, \
               ticket_id = excluded.ticket_id, chat_id = excluded.chat_id, \
               attributed_to = excluded.attributed_to \
             WHERE remote_sessions.status != 'linked'"
        );
        let written = bind_record(sqlx::query(&sql), r)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?
            .rows_affected()
            > 0;
        if written {
            crate::tickets::insert_action(&mut tx, action).await?;
            if let Some(message) = chat {
                crate::chats::insert_message(&mut tx, message).await?;
            }
        }
        tx.commit().await.map_err(query_error)?;
        Ok(written)
    }

    async fn unlinked_sessions(&self) -> StoreResult<Vec<RemoteSessionRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM remote_sessions WHERE status IN ('unlinked', 'rejected') \
             ORDER BY started_at DESC LIMIT 500"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(record).collect()
    }

    async fn remote_sessions_of(
        &self,
        provider: &str,
        external_key: &str,
    ) -> StoreResult<Vec<RemoteSessionRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM remote_sessions WHERE provider = ? AND external_key = ? \
             ORDER BY started_at"
        ))
        .bind(provider)
        .bind(external_key)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(record).collect()
    }

    async fn last_session_start(&self, provider: &str) -> StoreResult<Option<DateTime<Utc>>> {
        let ms: Option<i64> =
            sqlx::query_scalar("SELECT MAX(started_at) FROM remote_sessions WHERE provider = ?")
                .bind(provider)
                .fetch_one(&self.pool)
                .await
                .map_err(query_error)?;
        ms.map(|m| time(m, "started_at")).transpose()
    }

    async fn record_key(
        &self,
        short_key: &str,
        external_key: &str,
        ticket_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT OR REPLACE INTO generated_keys (short_key, external_key, ticket_id, created_at) \
             VALUES (?, ?, ?, ?)",
        )
        .bind(short_key)
        .bind(external_key)
        .bind(ticket_id)
        .bind(millis(now))
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    async fn key_generated(&self, external_key: &str) -> StoreResult<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM generated_keys WHERE external_key = ?")
                .bind(external_key)
                .fetch_one(&self.pool)
                .await
                .map_err(query_error)?;
        Ok(n > 0)
    }
}
