//! How the local cache fails, shared by every part of the store port.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the local cache could not be opened at {path}: {message}")]
    Open { path: String, message: String },
    #[error("the local cache failed: {0}")]
    Query(String),
    #[error("the local cache holds a value Tether cannot read: {0}")]
    Corrupt(String),
    #[error(
        "{0} changed while you acted (the end user or another technician); look again and retry"
    )]
    Conflict(String),
    #[error("{0} was deleted meanwhile")]
    Gone(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
