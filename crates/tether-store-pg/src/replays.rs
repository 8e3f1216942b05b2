//! The core's `ReplayLog` in PostgreSQL: the first attempt under a key claims it (a row with
//! no answer yet), its answer is kept, and a replay reads it back. A claim that never got its
//! answer (the instance died mid-way) is taken over once older than `ABANDONED`, so a queued
//! action is never stuck. A key is the technician's own: two technicians' keys never meet.

use async_trait::async_trait;
use sqlx::PgPool;
use tether_core::ports::{Replay, ReplayLog, StoreError, StoreResult};

/// Longer than any command takes: a claim this old without an answer is a dead instance's.
const ABANDONED: &str = "5 minutes";

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
        let taken_over = sqlx::query(
            "UPDATE replays SET created_at = now() WHERE technician_id = $1 AND key = $2 \
             AND command = $3 AND status IS NULL AND created_at < now() - $4::interval",
        )
        .bind(technician)
        .bind(key)
        .bind(command)
        .bind(ABANDONED)
        .execute(&self.pool)
        .await
        .map_err(failed)?
        .rows_affected()
            == 1;
        if taken_over {
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
}
