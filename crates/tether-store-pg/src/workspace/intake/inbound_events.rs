//! Vendor pushes, stored before their sender is answered and processed once.
//!
//! The desktop's processors rely on SQLite's single writer and their own lock to take each
//! event once. Two server instances on one database have neither, so reading the due events
//! here is a claim: the rows are taken with `FOR UPDATE SKIP LOCKED` and marked with this
//! store's name until `CLAIM` has passed. Another instance skips them meanwhile; this one
//! reads them again on its next round, exactly as the desktop would (a round that failed
//! half-way leaves nothing hidden from its own next try). Marking or deferring an event ends
//! the claim; an instance that died holding one loses it when the claim runs out.

use chrono::{DateTime, TimeDelta, Utc};
use tether_core::ports::{InboundEvent, StoreError, StoreResult};

use crate::workspace::{at, logged, query_error, PgStore};

/// How long a claim holds: longer than a round takes (one provider call per event), short
/// enough that an instance's crash delays its events by minutes, not hours.
const CLAIM: TimeDelta = TimeDelta::minutes(10);

/// The most a round reads, as on the desktop.
const ROUND: i64 = 200;

const KIND: &str = "inbound_event";

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    source: String,
    event: String,
    lsid: String,
    external_key: String,
    received_at: DateTime<Utc>,
    attempts: i32,
}

impl TryFrom<EventRow> for InboundEvent {
    type Error = StoreError;

    fn try_from(r: EventRow) -> Result<Self, StoreError> {
        Ok(InboundEvent {
            id: r.id,
            source: r.source,
            event: r.event,
            lsid: r.lsid,
            external_key: r.external_key,
            received_at: r.received_at,
            attempts: u32::try_from(r.attempts)
                .map_err(|_| StoreError::Corrupt(format!("attempts = {}", r.attempts)))?,
        })
    }
}

impl PgStore {
    pub(crate) async fn record_event(
        &self,
        source: &str,
        event: &str,
        lsid: &str,
        external_key: &str,
        payload: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO inbound_events (source, event, lsid, external_key, payload, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(source)
        .bind(event)
        .bind(lsid)
        .bind(external_key)
        .bind(payload)
        .bind(at(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(query_error)?;
        logged(&mut tx, KIND, &id.to_string()).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(id)
    }

    /// The claim is bookkeeping between instances, invisible through the port: it is not a
    /// change anyone follows, so it is not logged.
    pub(crate) async fn unprocessed_events(
        &self,
        source: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<InboundEvent>> {
        let now = at(now);
        let rows: Vec<EventRow> = sqlx::query_as(
            "WITH due AS ( \
                 SELECT id FROM inbound_events \
                 WHERE source = $1 AND processed_at IS NULL \
                   AND (next_attempt_at IS NULL OR next_attempt_at <= $2) \
                   AND (claimed_until IS NULL OR claimed_until <= $2 OR claimed_by = $3) \
                 ORDER BY id LIMIT $4 \
                 FOR UPDATE SKIP LOCKED) \
             UPDATE inbound_events e SET claimed_by = $3, claimed_until = $5 \
             FROM due WHERE e.id = due.id \
             RETURNING e.id, e.source, e.event, e.lsid, e.external_key, e.received_at, e.attempts",
        )
        .bind(source)
        .bind(now)
        .bind(&*self.instance)
        .bind(ROUND)
        .bind(now + CLAIM)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        // UPDATE … RETURNING keeps no order: oldest first, as promised.
        let mut events = rows
            .into_iter()
            .map(InboundEvent::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        events.sort_by_key(|e| e.id);
        Ok(events)
    }

    pub(crate) async fn mark_event(
        &self,
        id: i64,
        outcome: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.settle(
            id,
            sqlx::query(
                "UPDATE inbound_events SET processed_at = $1, outcome = $2, \
                 claimed_by = NULL, claimed_until = NULL WHERE id = $3",
            )
            .bind(at(now))
            .bind(outcome)
            .bind(id),
        )
        .await
    }

    pub(crate) async fn defer_event(&self, id: i64, next_at: DateTime<Utc>) -> StoreResult<()> {
        self.settle(
            id,
            sqlx::query(
                "UPDATE inbound_events SET attempts = attempts + 1, next_attempt_at = $1, \
                 claimed_by = NULL, claimed_until = NULL WHERE id = $2",
            )
            .bind(at(next_at))
            .bind(id),
        )
        .await
    }

    /// Runs one update of event `id`, logged when it found the event (an unknown id is no
    /// error, as on the desktop, and no change).
    async fn settle(
        &self,
        id: i64,
        update: sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let changed = update
            .execute(&mut *tx)
            .await
            .map_err(query_error)?
            .rows_affected();
        if changed > 0 {
            logged(&mut tx, KIND, &id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn prune_events(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let gone: Vec<i64> = sqlx::query_scalar(
            "DELETE FROM inbound_events WHERE processed_at IS NOT NULL AND processed_at < $1 \
             RETURNING id",
        )
        .bind(at(before))
        .fetch_all(&mut *tx)
        .await
        .map_err(query_error)?;
        for id in &gone {
            logged(&mut tx, KIND, &id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)?;
        Ok(gone.len() as u64)
    }
}
