//! Values between the domain and PostgreSQL, read and written the way the SQLite store does,
//! so the two homes of a workspace answer alike.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use tether_core::ports::StoreError;

/// A time as stored: to the millisecond, like the SQLite file, so a value read back from
/// either store compares equal to the one the console holds (the stale-write check relies on
/// it).
pub(crate) fn at(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::milliseconds(1)).unwrap_or(t)
}

pub(crate) fn query_error(e: sqlx::Error) -> StoreError {
    StoreError::Query(e.to_string())
}
