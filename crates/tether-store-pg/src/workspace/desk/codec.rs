//! The desk's values between rows and the domain: JSON documents, the words stored as text.
//! A value Tether cannot read is `Corrupt`, naming its column, never a panic.

use serde::de::DeserializeOwned;
use serde::Serialize;
use tether_core::domain::{Delivery, Platform};
use tether_core::ports::StoreError;

use crate::workspace::query_error;

/// A read failed: a column whose value does not decode is named (`Corrupt`); anything else
/// is the query's failure.
pub(crate) fn read_error(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::ColumnDecode { index, source } => {
            StoreError::Corrupt(format!("{index}: {source}"))
        }
        e => query_error(e),
    }
}

pub(crate) fn from_json<T: DeserializeOwned>(
    value: serde_json::Value,
    column: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(value).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(value).map_err(|e| StoreError::Query(e.to_string()))
}

pub(crate) fn platform(s: String) -> Result<Platform, StoreError> {
    from_json(serde_json::Value::String(s), "platform")
}

pub(crate) fn platform_str(p: Platform) -> Result<String, StoreError> {
    match to_json(&p)? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(StoreError::Query(format!("platform {other} is not a word"))),
    }
}

pub(crate) fn delivery(s: Option<&str>) -> Result<Option<Delivery>, StoreError> {
    Ok(match s {
        None => None,
        Some("pending") => Some(Delivery::Pending),
        Some("sent") => Some(Delivery::Sent),
        Some("discarded") => Some(Delivery::Discarded),
        Some(other) => return Err(StoreError::Corrupt(format!("unknown delivery {other:?}"))),
    })
}

pub(crate) fn delivery_str(d: Delivery) -> &'static str {
    match d {
        Delivery::Pending => "pending",
        Delivery::Sent => "sent",
        Delivery::Discarded => "discarded",
    }
}

/// A count of seconds or attempts: one `u32` cannot hold reads as its maximum, as in
/// the solo file.
pub(crate) fn saturating_u32(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
