//! JSON columns: a value Tether cannot read is `Corrupt`, naming the column.

use serde::de::DeserializeOwned;
use serde::Serialize;
use tether_core::ports::StoreError;

pub(crate) fn from_json<T: DeserializeOwned>(text: &str, column: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Query(e.to_string()))
}
