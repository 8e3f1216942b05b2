//! Board rows as PostgreSQL returns them, and their way into domain values. A value Tether
//! cannot read is `StoreError::Corrupt` naming its column, never a panic, as in the SQLite
//! store (its `codec.rs`), whose messages these keep.

use chrono::{DateTime, Utc};
use tether_core::domain::{Actor, HistoryEntry, Permission, Session, SessionEvent, SessionState};
use tether_core::ports::StoreError;

/// Every column of `sessions`, in the order `SessionRow` reads them.
pub(super) const SESSION_COLUMNS: &str = "id, channel_id, provider, provider_session_id, \
    customer_name, issue, code, link, state, provider_status, permission, assignee, invited, \
    created_by, created_at, updated_at, state_changed_at, ticket_id";

/// A failed read: a column that would not decode is the row's fault (`Corrupt`, naming it);
/// anything else is the query's.
pub(super) fn read_error(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::ColumnDecode { index, source } => {
            StoreError::Corrupt(format!("{index}: {source}"))
        }
        other => crate::workspace::query_error(other),
    }
}

pub(super) fn state(s: &str) -> Result<SessionState, StoreError> {
    SessionState::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown state {s:?}")))
}

/// A JSONB list of technician ids (`members`, `invited`).
pub(super) fn ids(json: serde_json::Value, column: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_value(json)
        .map_err(|e| StoreError::Corrupt(format!("{column} is not a list of ids: {e}")))
}

pub(super) fn ids_json(ids: &[String]) -> serde_json::Value {
    serde_json::Value::from(ids.to_vec())
}

#[derive(sqlx::FromRow)]
pub(super) struct SessionRow {
    id: String,
    channel_id: String,
    provider: String,
    provider_session_id: String,
    customer_name: String,
    issue: String,
    code: String,
    link: String,
    state: String,
    provider_status: String,
    permission: String,
    assignee: Option<String>,
    invited: serde_json::Value,
    created_by: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    state_changed_at: DateTime<Utc>,
    ticket_id: Option<String>,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;

    fn try_from(row: SessionRow) -> Result<Session, StoreError> {
        Ok(Session {
            state: state(&row.state)?,
            permission: Permission::parse(&row.permission).ok_or_else(|| {
                StoreError::Corrupt(format!("unknown permission {:?}", row.permission))
            })?,
            invited: ids(row.invited, "invited")?,
            id: row.id,
            channel_id: row.channel_id,
            provider: row.provider,
            provider_session_id: row.provider_session_id,
            customer_name: row.customer_name,
            issue: row.issue,
            code: row.code,
            link: row.link,
            provider_status: row.provider_status,
            assignee: row.assignee,
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            state_changed_at: row.state_changed_at,
            ticket_id: row.ticket_id,
        })
    }
}

pub(super) fn sessions(rows: Vec<SessionRow>) -> Result<Vec<Session>, StoreError> {
    rows.into_iter().map(Session::try_from).collect()
}

#[derive(sqlx::FromRow)]
pub(super) struct HistoryRow {
    at: DateTime<Utc>,
    actor: String,
    event: Option<String>,
    from_state: Option<String>,
    to_state: String,
    note: Option<String>,
}

impl TryFrom<HistoryRow> for HistoryEntry {
    type Error = StoreError;

    fn try_from(row: HistoryRow) -> Result<HistoryEntry, StoreError> {
        Ok(HistoryEntry {
            at: row.at,
            actor: Actor::decode(&row.actor),
            event: row
                .event
                .map(|e| {
                    SessionEvent::parse(&e)
                        .ok_or_else(|| StoreError::Corrupt(format!("unknown event {e:?}")))
                })
                .transpose()?,
            from: row.from_state.as_deref().map(state).transpose()?,
            to: state(&row.to_state)?,
            note: row.note,
        })
    }
}
