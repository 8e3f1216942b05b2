//! Errors of the use cases. They cross to the UI and the CLI as `{ code, message }`:
//! the code is stable for programs, the message is written for the person at the screen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::TransitionError;
use crate::ports::provider::ProviderError;
use crate::ports::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{0}")]
    IllegalTransition(#[from] TransitionError),
    #[error("{what} {id:?} does not exist")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Invalid(String),
    #[error("a session can have at most 3 technicians (the assignee and 2 invited); {0}")]
    TooManyTechnicians(String),
    /// IN8: the chosen technician cannot take the invitation and there is no fallback.
    #[error("{0}")]
    TechnicianUnavailable(String),
    #[error("{provider}: {source}")]
    Provider {
        provider: String,
        #[source]
        source: ProviderError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CoreError {
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::IllegalTransition(_) => "illegal_transition",
            CoreError::NotFound { .. } => "not_found",
            CoreError::Forbidden(_) => "forbidden",
            CoreError::Invalid(_) => "invalid_input",
            CoreError::TooManyTechnicians(_) => "too_many_technicians",
            CoreError::TechnicianUnavailable(_) => "technician_unavailable",
            CoreError::Provider { source, .. } => source.code(),
            CoreError::Store(StoreError::Conflict(_)) => "conflict",
            CoreError::Store(StoreError::Gone(_)) => "not_found",
            CoreError::Store(_) => "store",
        }
    }

    pub fn to_dto(&self) -> ErrorDto {
        ErrorDto {
            code: self.code().to_string(),
            message: self.to_string(),
        }
    }
}

/// What the UI receives when a command fails.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ErrorDto {
    pub code: String,
    pub message: String,
}

impl From<CoreError> for ErrorDto {
    fn from(e: CoreError) -> Self {
        e.to_dto()
    }
}
