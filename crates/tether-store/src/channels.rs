//! Channels, their settings (SD7) and per-technician mute (SD6).

use sqlx::Row;
use tether_core::domain::{Channel, ChannelKind, ChannelSettings};
use tether_core::ports::StoreError;

use crate::codec;
use crate::{query_error, SqliteStore};

impl SqliteStore {
    pub(crate) async fn list_channels(&self) -> Result<Vec<Channel>, StoreError> {
        // The private channel first, then shared ones by name.
        let rows = sqlx::query(
            "SELECT id, name, kind, provider_channel_id, timeout_minutes, private_sessions, members \
             FROM channels ORDER BY kind = 'shared', name COLLATE NOCASE",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind").map_err(query_error)?;
                let timeout: i64 = row.try_get("timeout_minutes").map_err(query_error)?;
                let members: String = row.try_get("members").map_err(query_error)?;
                Ok(Channel {
                    id: row.try_get("id").map_err(query_error)?,
                    name: row.try_get("name").map_err(query_error)?,
                    kind: match kind.as_str() {
                        "private" => ChannelKind::Private,
                        "shared" => ChannelKind::Shared,
                        other => {
                            return Err(StoreError::Corrupt(format!(
                                "unknown channel kind {other:?}"
                            )))
                        }
                    },
                    provider_channel_id: row.try_get("provider_channel_id").map_err(query_error)?,
                    settings: ChannelSettings {
                        session_timeout_minutes: u32::try_from(timeout).map_err(|_| {
                            StoreError::Corrupt(format!("timeout_minutes = {timeout}"))
                        })?,
                        members: codec::ids(&members, "members")?,
                        private_sessions: row.try_get("private_sessions").map_err(query_error)?,
                    },
                })
            })
            .collect()
    }

    pub(crate) async fn put_channel(&self, c: &Channel) -> Result<(), StoreError> {
        let kind = match c.kind {
            ChannelKind::Private => "private",
            ChannelKind::Shared => "shared",
        };
        sqlx::query(
            "INSERT INTO channels (id, name, kind, provider_channel_id, timeout_minutes, private_sessions, members) \
             VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                provider_channel_id = excluded.provider_channel_id",
        )
        .bind(&c.id)
        .bind(&c.name)
        .bind(kind)
        .bind(c.provider_channel_id)
        .bind(i64::from(c.settings.session_timeout_minutes))
        .bind(c.settings.private_sessions)
        .bind(codec::ids_json(&c.settings.members))
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn put_channel_settings(
        &self,
        id: &str,
        s: &ChannelSettings,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE channels SET timeout_minutes = ?, private_sessions = ?, members = ? WHERE id = ?",
        )
        .bind(i64::from(s.session_timeout_minutes))
        .bind(s.private_sessions)
        .bind(codec::ids_json(&s.members))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Corrupt(format!(
                "no channel {id:?} to configure"
            )));
        }
        Ok(())
    }

    pub(crate) async fn list_mutes(&self, technician: &str) -> Result<Vec<String>, StoreError> {
        sqlx::query_scalar("SELECT channel_id FROM channel_mutes WHERE technician_id = ?")
            .bind(technician)
            .fetch_all(&self.pool)
            .await
            .map_err(query_error)
    }

    pub(crate) async fn put_mute(
        &self,
        technician: &str,
        channel: &str,
        muted: bool,
    ) -> Result<(), StoreError> {
        let sql = if muted {
            "INSERT OR IGNORE INTO channel_mutes (technician_id, channel_id) VALUES (?, ?)"
        } else {
            "DELETE FROM channel_mutes WHERE technician_id = ? AND channel_id = ?"
        };
        sqlx::query(sql)
            .bind(technician)
            .bind(channel)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }
}
