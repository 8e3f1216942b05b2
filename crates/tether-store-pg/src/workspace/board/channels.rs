//! Channels as the provider reports them, and the settings a workspace keeps for each (SD7):
//! a provider's report renames a channel but never touches its settings.

use tether_core::domain::{Channel, ChannelKind, ChannelSettings};
use tether_core::ports::StoreError;

use super::rows::{ids, ids_json, read_error};
use crate::workspace::{logged, query_error, PgStore};

#[derive(sqlx::FromRow)]
struct ChannelRow {
    id: String,
    name: String,
    kind: String,
    provider_channel_id: i64,
    timeout_minutes: i64,
    private_sessions: bool,
    members: serde_json::Value,
}

impl TryFrom<ChannelRow> for Channel {
    type Error = StoreError;

    fn try_from(row: ChannelRow) -> Result<Channel, StoreError> {
        let timeout = row.timeout_minutes;
        Ok(Channel {
            kind: kind(&row.kind)?,
            settings: ChannelSettings {
                session_timeout_minutes: u32::try_from(timeout)
                    .map_err(|_| StoreError::Corrupt(format!("timeout_minutes = {timeout}")))?,
                members: ids(row.members, "members")?,
                private_sessions: row.private_sessions,
            },
            id: row.id,
            name: row.name,
            provider_channel_id: row.provider_channel_id,
        })
    }
}

fn kind(s: &str) -> Result<ChannelKind, StoreError> {
    match s {
        "private" => Ok(ChannelKind::Private),
        "shared" => Ok(ChannelKind::Shared),
        other => Err(StoreError::Corrupt(format!(
            "unknown channel kind {other:?}"
        ))),
    }
}

fn kind_str(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Private => "private",
        ChannelKind::Shared => "shared",
    }
}

impl PgStore {
    pub(crate) async fn list_channels(&self) -> Result<Vec<Channel>, StoreError> {
        // The private channel first, then shared ones by name, ignoring ASCII case only (a
        // "C" lower() folds exactly what SQLite's NOCASE folds).
        let rows: Vec<ChannelRow> = sqlx::query_as(
            "SELECT id, name, kind, provider_channel_id, timeout_minutes, private_sessions, \
                members FROM channels \
             ORDER BY kind = 'shared', lower(name COLLATE \"C\"), id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        rows.into_iter().map(Channel::try_from).collect()
    }

    pub(crate) async fn put_channel(&self, c: &Channel) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query(
            "INSERT INTO channels (id, name, kind, provider_channel_id, timeout_minutes, \
                private_sessions, members) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, \
                provider_channel_id = EXCLUDED.provider_channel_id",
        )
        .bind(&c.id)
        .bind(&c.name)
        .bind(kind_str(c.kind))
        .bind(c.provider_channel_id)
        .bind(i64::from(c.settings.session_timeout_minutes))
        .bind(c.settings.private_sessions)
        .bind(ids_json(&c.settings.members))
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        logged(&mut tx, "channel", &c.id).await?;
        tx.commit().await.map_err(query_error)
    }

    /// A channel the provider has not reported cannot be configured: `Corrupt`, as in the
    /// SQLite store.
    pub(crate) async fn put_channel_settings(
        &self,
        id: &str,
        s: &ChannelSettings,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query(
            "UPDATE channels SET timeout_minutes = $1, private_sessions = $2, members = $3 \
             WHERE id = $4",
        )
        .bind(i64::from(s.session_timeout_minutes))
        .bind(s.private_sessions)
        .bind(ids_json(&s.members))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Corrupt(format!(
                "no channel {id:?} to configure"
            )));
        }
        logged(&mut tx, "channel", id).await?;
        tx.commit().await.map_err(query_error)
    }
}
