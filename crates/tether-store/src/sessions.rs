//! Sessions and their history.

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use tether_core::domain::{HistoryEntry, PageCursor, Session, SessionState};
use tether_core::ports::store::{Connection, SessionFilter};
use tether_core::ports::StoreError;

use crate::codec::{self, millis, SESSION_COLUMNS};
use crate::{query_error, SqliteStore};

fn push_filter<'a>(q: &mut QueryBuilder<'a, Sqlite>, filter: &'a SessionFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(channel) = &filter.channel_id {
        q.push(" AND channel_id = ").push_bind(channel);
    }
    if let Some(me) = &filter.involving {
        q.push(" AND (created_by = ")
            .push_bind(me)
            .push(" OR assignee = ")
            .push_bind(me)
            .push(" OR EXISTS (SELECT 1 FROM json_each(invited) WHERE value = ")
            .push_bind(me)
            .push("))");
    }
    if let Some(me) = &filter.assigned_to {
        // Written so SQLite answers each side from an index (see migration 0008).
        q.push(" AND (assignee = ")
            .push_bind(me)
            .push(
                " OR id IN (SELECT id FROM sessions WHERE invited <> '[]' \
                 AND EXISTS (SELECT 1 FROM json_each(invited) WHERE value = ",
            )
            .push_bind(me)
            .push(")))");
    }
    if let Some(since) = filter.changed_since {
        q.push(" AND updated_at >= ").push_bind(millis(since));
    }
    if let Some(search) = &filter.search {
        // LIKE is case-insensitive for ASCII; the pattern's own % and _ are taken literally.
        let pattern = format!("%{}%", escape_like(&search.text));
        q.push(" AND (customer_name LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR issue LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\'");
        if let Some(digits) = &search.digits {
            q.push(" OR code LIKE ").push_bind(format!("%{digits}%"));
        }
        q.push(")");
    }
    if let Some(states) = &filter.states {
        q.push(" AND state IN (");
        let mut list = q.separated(", ");
        for s in states {
            list.push_bind(s.as_str());
        }
        q.push(")");
    }
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Only a channel, nothing narrower: the kept counts answer it without reading sessions.
fn counted_per_channel(filter: &SessionFilter) -> Option<&str> {
    match filter {
        SessionFilter {
            channel_id: Some(channel),
            involving: None,
            assigned_to: None,
            states: None,
            changed_since: None,
            search: None,
        } => Some(channel),
        _ => None,
    }
}

impl SqliteStore {
    pub(crate) async fn page_of_sessions(
        &self,
        filter: &SessionFilter,
        after: Option<&PageCursor>,
        limit: u32,
    ) -> Result<Vec<Session>, StoreError> {
        let mut q = QueryBuilder::new(format!("SELECT {SESSION_COLUMNS} FROM sessions"));
        push_filter(&mut q, filter);
        if let Some(after) = after {
            let at = millis(after.state_changed_at);
            q.push(" AND (state_changed_at < ")
                .push_bind(at)
                .push(" OR (state_changed_at = ")
                .push_bind(at)
                .push(" AND id > ")
                .push_bind(after.id.clone())
                .push("))");
        }
        q.push(" ORDER BY state_changed_at DESC, id LIMIT ")
            .push_bind(i64::from(limit));
        let rows = q.build().fetch_all(&self.pool).await.map_err(query_error)?;
        rows.iter().map(codec::session).collect()
    }

    pub(crate) async fn list_sessions(
        &self,
        filter: &SessionFilter,
    ) -> Result<Vec<Session>, StoreError> {
        let mut q = QueryBuilder::new(format!("SELECT {SESSION_COLUMNS} FROM sessions"));
        push_filter(&mut q, filter);
        q.push(" ORDER BY state_changed_at DESC, id");
        let rows = q.build().fetch_all(&self.pool).await.map_err(query_error)?;
        rows.iter().map(codec::session).collect()
    }

    pub(crate) async fn count(&self, filter: &SessionFilter) -> Result<[u32; 5], StoreError> {
        let mut q = match counted_per_channel(filter) {
            Some(channel) => {
                let mut q =
                    QueryBuilder::new("SELECT state, n FROM session_counts WHERE channel_id = ");
                q.push_bind(channel);
                q
            }
            None => {
                let mut q = QueryBuilder::new("SELECT state, COUNT(*) AS n FROM sessions");
                push_filter(&mut q, filter);
                q.push(" GROUP BY state");
                q
            }
        };
        let rows = q.build().fetch_all(&self.pool).await.map_err(query_error)?;
        let mut counts = [0u32; 5];
        for row in rows {
            let state = codec::state(&row.try_get::<String, _>("state").map_err(query_error)?)?;
            let n: i64 = row.try_get("n").map_err(query_error)?;
            let slot = SessionState::ALL
                .iter()
                .position(|s| *s == state)
                .unwrap_or_default();
            counts[slot] = u32::try_from(n).unwrap_or(u32::MAX);
        }
        Ok(counts)
    }

    pub(crate) async fn get_session(&self, id: &str) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.as_ref().map(codec::session).transpose()
    }

    pub(crate) async fn get_session_by_provider_id(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE provider = ? AND provider_session_id = ?"
        ))
        .bind(provider)
        .bind(provider_session_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.as_ref().map(codec::session).transpose()
    }

    pub(crate) async fn list_history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, actor, event, from_state, to_state, note FROM session_history \
             WHERE session_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(codec::history).collect()
    }

    /// Inserts the session (`expected` is `None`) or updates it if it still has the
    /// `expected` `updated_at`, and appends its history, in one transaction.
    pub(crate) async fn write_session(
        &self,
        session: &Session,
        history: &[HistoryEntry],
        expected: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        // An update in place: REPLACE would delete the row and cascade its history.
        let sql = match expected {
            None => format!(
                "INSERT INTO sessions ({SESSION_COLUMNS}) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            Some(_) => "UPDATE sessions SET id = ?, channel_id = ?, provider = ?, \
                 provider_session_id = ?, customer_name = ?, issue = ?, code = ?, link = ?, \
                 state = ?, provider_status = ?, permission = ?, assignee = ?, invited = ?, \
                 created_by = ?, created_at = ?, updated_at = ?, state_changed_at = ?, \
                 ticket_id = ? WHERE id = ? AND updated_at = ?"
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
            .bind(codec::ids_json(&session.invited))
            .bind(&session.created_by)
            .bind(millis(session.created_at))
            .bind(millis(session.updated_at))
            .bind(millis(session.state_changed_at))
            .bind(&session.ticket_id);
        if let Some(expected) = expected {
            q = q.bind(&session.id).bind(millis(expected));
        }
        let done = q.execute(&mut *tx).await.map_err(query_error)?;
        if done.rows_affected() == 0 {
            let exists = sqlx::query("SELECT 1 FROM sessions WHERE id = ?")
                .bind(&session.id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(query_error)?;
            return Err(match exists {
                Some(_) => {
                    StoreError::Conflict(format!("the session for {}", session.customer_name))
                }
                None => StoreError::Gone(format!("the session for {}", session.customer_name)),
            });
        }
        insert_history(&mut tx, &session.id, history).await?;
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn open_connection(
        &self,
        session_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO session_connections (session_id, started_at) SELECT ?, ? \
             WHERE NOT EXISTS (SELECT 1 FROM session_connections \
                 WHERE session_id = ? AND ended_at IS NULL)",
        )
        .bind(session_id)
        .bind(millis(at))
        .bind(session_id)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn close_connection(
        &self,
        session_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE session_connections SET ended_at = MAX(started_at, ?) \
             WHERE session_id = ? AND ended_at IS NULL",
        )
        .bind(millis(at))
        .bind(session_id)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn list_connections(
        &self,
        session_id: &str,
    ) -> Result<Vec<Connection>, StoreError> {
        let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT started_at, ended_at FROM session_connections WHERE session_id = ? ORDER BY id",
        )
        .bind(session_id)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.into_iter()
            .map(|(start, end)| {
                Ok(Connection {
                    started_at: codec::time(start, "started_at")?,
                    ended_at: end.map(|e| codec::time(e, "ended_at")).transpose()?,
                })
            })
            .collect()
    }

    pub(crate) async fn closed_not_imported(&self) -> Result<Vec<Session>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s WHERE state = 'closed' \
             AND ticket_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM remote_sessions r \
                 WHERE r.provider = s.provider AND r.provider_session_id = s.provider_session_id)"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(codec::session).collect()
    }

    pub(crate) async fn remove_session(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }
}

async fn insert_history(
    tx: &mut Transaction<'_, Sqlite>,
    session_id: &str,
    history: &[HistoryEntry],
) -> Result<(), StoreError> {
    for h in history {
        sqlx::query(
            "INSERT INTO session_history (session_id, at, actor, event, from_state, to_state, note) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(session_id)
        .bind(millis(h.at))
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
