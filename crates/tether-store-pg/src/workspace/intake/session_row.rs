//! A finished remote session between its row and the domain: a value Tether cannot read is
//! `Corrupt`, naming its column.

use chrono::{DateTime, Utc};
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::Postgres;
use tether_core::domain::{RemoteSessionRecord, RemoteSessionStatus, TimeSource};
use tether_core::ports::StoreError;

use crate::workspace::at;

/// Every column, in the order `bind` binds them.
pub(super) const COLUMNS: &str = "id, provider, provider_session_id, status, reason, ticket_id, \
    chat_id, external_key, customer_name, customer_host, rep_name, attributed_to, started_at, \
    ended_at, duration_seconds, transcript, time_source";

/// `$1, …, $17`, one per column.
pub(super) const VALUES: &str =
    "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17";

#[derive(sqlx::FromRow)]
pub(super) struct SessionRow {
    id: String,
    provider: String,
    provider_session_id: String,
    status: String,
    reason: Option<String>,
    ticket_id: Option<String>,
    chat_id: Option<String>,
    external_key: String,
    customer_name: String,
    customer_host: String,
    rep_name: String,
    attributed_to: Option<String>,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    duration_seconds: i64,
    transcript: String,
    time_source: Option<String>,
}

fn status_str(s: RemoteSessionStatus) -> &'static str {
    match s {
        RemoteSessionStatus::Linked => "linked",
        RemoteSessionStatus::Unlinked => "unlinked",
        RemoteSessionStatus::Rejected => "rejected",
    }
}

fn status(s: &str) -> Result<RemoteSessionStatus, StoreError> {
    match s {
        "linked" => Ok(RemoteSessionStatus::Linked),
        "unlinked" => Ok(RemoteSessionStatus::Unlinked),
        "rejected" => Ok(RemoteSessionStatus::Rejected),
        other => Err(StoreError::Corrupt(format!(
            "status: unknown session status {other:?}"
        ))),
    }
}

impl TryFrom<SessionRow> for RemoteSessionRecord {
    type Error = StoreError;

    fn try_from(r: SessionRow) -> Result<Self, StoreError> {
        Ok(RemoteSessionRecord {
            status: status(&r.status)?,
            duration_seconds: u32::try_from(r.duration_seconds).map_err(|_| {
                StoreError::Corrupt(format!("duration_seconds = {}", r.duration_seconds))
            })?,
            time_source: r
                .time_source
                .map(|t| {
                    TimeSource::parse(&t)
                        .ok_or_else(|| StoreError::Corrupt(format!("time_source = {t:?}")))
                })
                .transpose()?,
            id: r.id,
            provider: r.provider,
            provider_session_id: r.provider_session_id,
            reason: r.reason,
            ticket_id: r.ticket_id,
            chat_id: r.chat_id,
            external_key: r.external_key,
            customer_name: r.customer_name,
            customer_host: r.customer_host,
            rep_name: r.rep_name,
            attributed_to: r.attributed_to,
            started_at: r.started_at,
            ended_at: r.ended_at,
            transcript: r.transcript,
        })
    }
}

/// Rows to records, in the order read.
pub(super) fn records(rows: Vec<SessionRow>) -> Result<Vec<RemoteSessionRecord>, StoreError> {
    rows.into_iter()
        .map(RemoteSessionRecord::try_from)
        .collect()
}

/// Binds a record's columns, in `COLUMNS` order.
pub(super) fn bind<'q>(
    q: Query<'q, Postgres, PgArguments>,
    r: &'q RemoteSessionRecord,
) -> Query<'q, Postgres, PgArguments> {
    q.bind(&r.id)
        .bind(&r.provider)
        .bind(&r.provider_session_id)
        .bind(status_str(r.status))
        .bind(&r.reason)
        .bind(&r.ticket_id)
        .bind(&r.chat_id)
        .bind(&r.external_key)
        .bind(&r.customer_name)
        .bind(&r.customer_host)
        .bind(&r.rep_name)
        .bind(&r.attributed_to)
        .bind(at(r.started_at))
        .bind(r.ended_at.map(at))
        .bind(i64::from(r.duration_seconds))
        .bind(&r.transcript)
        .bind(r.time_source.map(TimeSource::as_str))
}
