//! The core's `ReplayLog` in PostgreSQL: the first attempt under a key claims it (a row with
//! no answer yet), its answer is kept, and a replay reads it back. A key is the
//! technician's own: two technicians' keys never meet.

use async_trait::async_trait;
use sqlx::PgPool;
use tether_core::ports::{Replay, ReplayLog, StoreError, StoreResult};

#[derive(Clone)]
pub struct Replays {
    pool: PgPool,
}

impl Replays {
    pub fn new(pool: PgPool) -> Self {
        Replays { pool }
    }
}

fn failed(e: sqlx::Error) -> StoreError {
    StoreError::Query(e.to_string())
}

#[async_trait]
impl ReplayLog for Replays {
    async fn begin(&self, technician: &str, key: &str, command: &str) -> StoreResult<Replay> {
        let claimed = sqlx::query(
            "INSERT INTO replays (technician_id, key, command) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(technician)
        .bind(key)
        .bind(command)
        .execute(&self.pool)
        .await
        .map_err(failed)?
        .rows_affected()
            == 1;
        if claimed {
            return Ok(Replay::Run);
        }
        let (stored, status, body): (String, Option<i16>, Option<serde_json::Value>) =
            sqlx::query_as(
                "SELECT command, status, body FROM replays WHERE technician_id = $1 AND key = $2",
            )
            .bind(technician)
            .bind(key)
            .fetch_one(&self.pool)
            .await
            .map_err(failed)?;
        Ok(match (stored == command, status, body) {
            (false, _, _) => Replay::Mismatch { command: stored },
            (true, Some(status), Some(body)) => Replay::Answered {
                status: u16::try_from(status).unwrap_or(500),
                body,
            },
            _ => Replay::Running,
        })
    }

    async fn finish(
        &self,
        technician: &str,
        key: &str,
        status: u16,
        body: &serde_json::Value,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE replays SET status = $3, body = $4 WHERE technician_id = $1 AND key = $2",
        )
        .bind(technician)
        .bind(key)
        .bind(i16::try_from(status).unwrap_or(500))
        .bind(body)
        .execute(&self.pool)
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn abandon(&self, technician: &str, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM replays WHERE technician_id = $1 AND key = $2 AND status IS NULL")
            .bind(technician)
            .bind(key)
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(())
    }
}
