//! Rows to domain values and back. A value the code cannot read is a `Corrupt` error
//! naming the column, never a panic.

use chrono::{DateTime, TimeZone, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use tether_core::domain::{Actor, HistoryEntry, Permission, Session, SessionEvent, SessionState};
use tether_core::ports::StoreError;

pub(crate) const SESSION_COLUMNS: &str = "id, channel_id, provider, provider_session_id, \
    customer_name, issue, code, link, state, provider_status, permission, assignee, invited, \
    created_by, created_at, updated_at, state_changed_at, ticket_id";

pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn time(ms: i64, column: &str) -> Result<DateTime<Utc>, StoreError> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| StoreError::Corrupt(format!("{column} = {ms} is not a time")))
}

pub(crate) fn state(s: &str) -> Result<SessionState, StoreError> {
    SessionState::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown state {s:?}")))
}

pub(crate) fn ids(json: &str, column: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("{column} is not a list of ids: {e}")))
}

pub(crate) fn ids_json(ids: &[String]) -> String {
    serde_json::Value::from(ids.to_vec()).to_string()
}

pub(crate) fn get<'r, T>(row: &'r SqliteRow, column: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    row.try_get(column)
        .map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

pub(crate) fn session(row: &SqliteRow) -> Result<Session, StoreError> {
    let permission: String = get(row, "permission")?;
    Ok(Session {
        id: get(row, "id")?,
        channel_id: get(row, "channel_id")?,
        provider: get(row, "provider")?,
        provider_session_id: get(row, "provider_session_id")?,
        customer_name: get(row, "customer_name")?,
        issue: get(row, "issue")?,
        code: get(row, "code")?,
        link: get(row, "link")?,
        state: state(&get::<String>(row, "state")?)?,
        provider_status: get(row, "provider_status")?,
        permission: Permission::parse(&permission)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown permission {permission:?}")))?,
        assignee: get(row, "assignee")?,
        invited: ids(&get::<String>(row, "invited")?, "invited")?,
        created_by: get(row, "created_by")?,
        created_at: time(get(row, "created_at")?, "created_at")?,
        updated_at: time(get(row, "updated_at")?, "updated_at")?,
        state_changed_at: time(get(row, "state_changed_at")?, "state_changed_at")?,
        ticket_id: get(row, "ticket_id")?,
    })
}

pub(crate) fn history(row: &SqliteRow) -> Result<HistoryEntry, StoreError> {
    let event: Option<String> = get(row, "event")?;
    let from: Option<String> = get(row, "from_state")?;
    Ok(HistoryEntry {
        at: time(get(row, "at")?, "at")?,
        actor: Actor::decode(&get::<String>(row, "actor")?),
        event: match event {
            Some(e) => Some(
                SessionEvent::parse(&e)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown event {e:?}")))?,
            ),
            None => None,
        },
        from: from.as_deref().map(state).transpose()?,
        to: state(&get::<String>(row, "to_state")?)?,
        note: get(row, "note")?,
    })
}
