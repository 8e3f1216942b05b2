//! The team cache's outbox of actions taken offline (migration 0014): queued in order, each
//! with its idempotency key, replayed oldest first, and either removed once the server
//! answered or kept with the server's refusal for the technician to read and dismiss.

use chrono::{DateTime, Utc};
use sqlx::Row;
use tether_core::ports::StoreError;

use crate::codec::{millis, time};
use crate::{query_error, SqliteStore};

/// One action as the outbox keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamAction {
    pub id: i64,
    pub key: String,
    pub command: String,
    pub args: serde_json::Value,
    pub summary: String,
    pub queued_at: DateTime<Utc>,
    /// The server's refusal (an `ErrorDto` as JSON).
    pub refusal: Option<serde_json::Value>,
}

impl SqliteStore {
    pub async fn queue_team_action(
        &self,
        key: &str,
        command: &str,
        args: &serde_json::Value,
        summary: &str,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "INSERT INTO team_outbox (key, command, args, summary, queued_at) \
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(key)
        .bind(command)
        .bind(args.to_string())
        .bind(summary)
        .bind(millis(at))
        .fetch_one(&self.pool)
        .await
        .map_err(query_error)
    }

    /// Every queued action, oldest first, refused ones included.
    pub async fn team_actions(&self) -> Result<Vec<TeamAction>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, key, command, args, summary, queued_at, refusal FROM team_outbox ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter()
            .map(|r| {
                let json = |column: &str, text: String| {
                    serde_json::from_str(&text)
                        .map_err(|e| StoreError::Corrupt(format!("team_outbox.{column}: {e}")))
                };
                let args: String = r.try_get("args").map_err(query_error)?;
                let refusal: Option<String> = r.try_get("refusal").map_err(query_error)?;
                Ok(TeamAction {
                    id: r.try_get("id").map_err(query_error)?,
                    key: r.try_get("key").map_err(query_error)?,
                    command: r.try_get("command").map_err(query_error)?,
                    args: json("args", args)?,
                    summary: r.try_get("summary").map_err(query_error)?,
                    queued_at: time(r.try_get("queued_at").map_err(query_error)?, "queued_at")?,
                    refusal: refusal.map(|t| json("refusal", t)).transpose()?,
                })
            })
            .collect()
    }

    /// The server took it: it leaves the outbox.
    pub async fn team_action_done(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM team_outbox WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }

    /// The server refused it: kept, with the refusal, until dismissed.
    pub async fn team_action_refused(
        &self,
        id: i64,
        refusal: &serde_json::Value,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE team_outbox SET refusal = ? WHERE id = ?")
            .bind(refusal.to_string())
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }
}
