//! TeamViewer sessions made from tickets (the `RemoteControlStore` port): kept whatever the
//! card's state (TV6), the session as TeamViewer last described it in a JSON document and
//! what the queries need in columns.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tether_core::domain::teamviewer::{TicketTvSession, TvSessionState};
use tether_core::ports::{RemoteControlStore, StoreError, StoreResult};

use crate::workspace::{at, logged, query_error, PgStore};

const COLUMNS: &str = "ticket_id, created_by, connected_since, checked_at, session";

#[derive(sqlx::FromRow)]
struct TvRow {
    ticket_id: String,
    created_by: String,
    connected_since: Option<DateTime<Utc>>,
    checked_at: Option<DateTime<Utc>>,
    session: serde_json::Value,
}

impl TryFrom<TvRow> for TicketTvSession {
    type Error = StoreError;

    fn try_from(r: TvRow) -> Result<Self, StoreError> {
        Ok(TicketTvSession {
            session: serde_json::from_value(r.session).map_err(|e| {
                StoreError::Corrupt(format!(
                    "session: a TeamViewer session in the cache is unreadable: {e}"
                ))
            })?,
            ticket_id: r.ticket_id,
            created_by: r.created_by,
            connected_since: r.connected_since,
            checked_at: r.checked_at,
        })
    }
}

fn sessions(rows: Vec<TvRow>) -> StoreResult<Vec<TicketTvSession>> {
    rows.into_iter().map(TicketTvSession::try_from).collect()
}

#[async_trait]
impl RemoteControlStore for PgStore {
    /// A session seen again keeps its ticket, its creator and its creation time.
    async fn save_tv_session(&self, s: &TicketTvSession) -> StoreResult<()> {
        let json = serde_json::to_value(&s.session)
            .map_err(|e| StoreError::Corrupt(format!("a TeamViewer session: {e}")))?;
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query(
            "INSERT INTO tv_sessions (code, ticket_id, created_by, state, created_at, closed_at, \
             connected_since, checked_at, session) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
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
        .bind(at(s.session.created_at))
        .bind(s.session.closed_at.map(at))
        .bind(s.connected_since.map(at))
        .bind(s.checked_at.map(at))
        .bind(json)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        logged(&mut tx, "tv_session", &s.session.code).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(())
    }

    async fn tv_session(&self, code: &str) -> StoreResult<Option<TicketTvSession>> {
        let row: Option<TvRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tv_sessions WHERE code = $1"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.map(TicketTvSession::try_from).transpose()
    }

    async fn tv_sessions_for_ticket(&self, ticket_id: &str) -> StoreResult<Vec<TicketTvSession>> {
        let rows: Vec<TvRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tv_sessions WHERE ticket_id = $1 \
             ORDER BY created_at DESC, code"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        sessions(rows)
    }

    /// Oldest first; sessions made in the same millisecond come in code order.
    async fn tv_sessions_to_check(
        &self,
        closed_since: DateTime<Utc>,
    ) -> StoreResult<Vec<TicketTvSession>> {
        let rows: Vec<TvRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tv_sessions WHERE state = 'open' \
             OR (state = 'closed' AND closed_at >= $1) ORDER BY created_at, code"
        ))
        .bind(at(closed_since))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        sessions(rows)
    }
}
