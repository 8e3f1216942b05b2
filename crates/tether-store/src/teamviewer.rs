//! TeamViewer sessions made from tickets (the `RemoteControlStore` port).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use tether_core::domain::teamviewer::{TicketTvSession, TvSessionState};
use tether_core::ports::{RemoteControlStore, StoreError, StoreResult};

use crate::codec::{get, millis, time};
use crate::{query_error, SqliteStore};

const COLUMNS: &str = "ticket_id, created_by, connected_since, checked_at, session";

fn record(row: &SqliteRow) -> Result<TicketTvSession, StoreError> {
    let json: String = get(row, "session")?;
    let session = serde_json::from_str(&json).map_err(|e| {
        StoreError::Corrupt(format!(
            "a TeamViewer session in the cache is unreadable: {e}"
        ))
    })?;
    let connected: Option<i64> = get(row, "connected_since")?;
    let checked: Option<i64> = get(row, "checked_at")?;
    Ok(TicketTvSession {
        session,
        ticket_id: get(row, "ticket_id")?,
        created_by: get(row, "created_by")?,
        connected_since: connected.map(|t| time(t, "connected_since")).transpose()?,
        checked_at: checked.map(|t| time(t, "checked_at")).transpose()?,
    })
}

#[async_trait]
impl RemoteControlStore for SqliteStore {
    async fn save_tv_session(&self, s: &TicketTvSession) -> StoreResult<()> {
        let json = serde_json::to_string(&s.session)
            .map_err(|e| StoreError::Corrupt(format!("a TeamViewer session: {e}")))?;
        sqlx::query(
            "INSERT INTO tv_sessions (code, ticket_id, created_by, state, created_at, closed_at, \
             connected_since, checked_at, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (code) DO UPDATE SET state = excluded.state, \
             closed_at = excluded.closed_at, connected_since = excluded.connected_since, \
             checked_at = excluded.checked_at, session = excluded.session",
        )
        .bind(&s.session.code)
        .bind(&s.ticket_id)
        .bind(&s.created_by)
        .bind(match s.session.state {
            TvSessionState::Open => "open",
            TvSessionState::Closed => "closed",
        })
        .bind(millis(s.session.created_at))
        .bind(s.session.closed_at.map(millis))
        .bind(s.connected_since.map(millis))
        .bind(s.checked_at.map(millis))
        .bind(json)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    async fn tv_session(&self, code: &str) -> StoreResult<Option<TicketTvSession>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM tv_sessions WHERE code = ?"))
            .bind(code)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error)?;
        row.as_ref().map(record).transpose()
    }

    async fn tv_sessions_for_ticket(&self, ticket_id: &str) -> StoreResult<Vec<TicketTvSession>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tv_sessions WHERE ticket_id = ? ORDER BY created_at DESC, code"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(record).collect()
    }

    async fn tv_sessions_to_check(
        &self,
        closed_since: DateTime<Utc>,
    ) -> StoreResult<Vec<TicketTvSession>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tv_sessions WHERE state = 'open' \
             OR (state = 'closed' AND closed_at >= ?) ORDER BY created_at"
        ))
        .bind(millis(closed_since))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(record).collect()
    }
}
