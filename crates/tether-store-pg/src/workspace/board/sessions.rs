//! Reading sessions: the board's lists, pages and counts, one session, and its history.

use sqlx::{Postgres, QueryBuilder};
use tether_core::domain::{HistoryEntry, PageCursor, Session, SessionState};
use tether_core::ports::store::SessionFilter;
use tether_core::ports::StoreError;

use super::rows::{self, read_error, HistoryRow, SessionRow, SESSION_COLUMNS};
use super::session_filter::{push_after, push_filter};
use crate::workspace::PgStore;

/// The board's order: newest state change first, then id.
const BOARD_ORDER: &str = " ORDER BY state_changed_at DESC, id";

#[derive(sqlx::FromRow)]
struct StateCount {
    state: String,
    n: i64,
}

impl PgStore {
    pub(crate) async fn list_sessions(
        &self,
        filter: &SessionFilter,
    ) -> Result<Vec<Session>, StoreError> {
        let mut q = QueryBuilder::new(format!("SELECT {SESSION_COLUMNS} FROM sessions"));
        push_filter(&mut q, filter);
        q.push(BOARD_ORDER);
        self.fetch_sessions(q).await
    }

    pub(crate) async fn page_of_sessions(
        &self,
        filter: &SessionFilter,
        after: Option<&PageCursor>,
        limit: u32,
    ) -> Result<Vec<Session>, StoreError> {
        let mut q = QueryBuilder::new(format!("SELECT {SESSION_COLUMNS} FROM sessions"));
        push_filter(&mut q, filter);
        if let Some(after) = after {
            push_after(&mut q, after);
        }
        q.push(BOARD_ORDER)
            .push(" LIMIT ")
            .push_bind(i64::from(limit));
        self.fetch_sessions(q).await
    }

    async fn fetch_sessions(
        &self,
        mut q: QueryBuilder<'_, Postgres>,
    ) -> Result<Vec<Session>, StoreError> {
        let rows: Vec<SessionRow> = q
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(read_error)?;
        rows::sessions(rows)
    }

    /// Counts per state, in `SessionState::ALL` order. A channel's counts come from the
    /// (channel, state) index alone.
    pub(crate) async fn count(&self, filter: &SessionFilter) -> Result<[u32; 5], StoreError> {
        let mut q = QueryBuilder::new("SELECT state, COUNT(*) AS n FROM sessions");
        push_filter(&mut q, filter);
        q.push(" GROUP BY state");
        let rows: Vec<StateCount> = q
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(read_error)?;
        let mut counts = [0u32; 5];
        for row in rows {
            let state = rows::state(&row.state)?;
            let slot = SessionState::ALL
                .iter()
                .position(|s| *s == state)
                .unwrap_or_default();
            counts[slot] = u32::try_from(row.n).unwrap_or(u32::MAX);
        }
        Ok(counts)
    }

    pub(crate) async fn get_session(&self, id: &str) -> Result<Option<Session>, StoreError> {
        let row: Option<SessionRow> = sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(read_error)?;
        row.map(Session::try_from).transpose()
    }

    pub(crate) async fn get_session_by_provider_id(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> Result<Option<Session>, StoreError> {
        let row: Option<SessionRow> = sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions \
             WHERE provider = $1 AND provider_session_id = $2"
        ))
        .bind(provider)
        .bind(provider_session_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(read_error)?;
        row.map(Session::try_from).transpose()
    }

    /// Oldest first, as written.
    pub(crate) async fn list_history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows: Vec<HistoryRow> = sqlx::query_as(
            "SELECT at, actor, event, from_state, to_state, note FROM session_history \
             WHERE session_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        rows.into_iter().map(HistoryEntry::try_from).collect()
    }

    /// SP2: closed sessions from a ticket with no record of their import yet (the intake's
    /// `remote_sessions`, keyed like the session by provider and provider id).
    pub(crate) async fn closed_not_imported(&self) -> Result<Vec<Session>, StoreError> {
        let rows: Vec<SessionRow> = sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s WHERE state = 'closed' \
             AND ticket_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM remote_sessions r \
                 WHERE r.provider = s.provider AND r.provider_session_id = s.provider_session_id) \
             ORDER BY created_at, id"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        rows::sessions(rows)
    }
}
