//! Errors of the use cases. They cross to the UI and the CLI as `{ code, message }`:
//! the code is stable for programs, the message is written for the person at the screen.

use crate::domain::TransitionError;
pub use crate::error_code::{ErrorCode, ErrorDto};
use crate::ports::provider::ProviderError;
use crate::ports::StoreError;

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
    /// The system did not open a URL the core built. `message` says it for the technician;
    /// `details` is the system's own reason, behind *Copy details*.
    #[error("{message}")]
    OpenFailed { message: String, details: String },
    /// What the request was based on changed meanwhile (an import's source since its preview).
    #[error("{0}")]
    Changed(String),
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::IllegalTransition(_) => ErrorCode::IllegalTransition,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::Forbidden(_) => ErrorCode::Forbidden,
            CoreError::Invalid(_) => ErrorCode::InvalidInput,
            CoreError::TooManyTechnicians(_) => ErrorCode::TooManyTechnicians,
            CoreError::TechnicianUnavailable(_) => ErrorCode::TechnicianUnavailable,
            CoreError::Provider { source, .. } => source.code(),
            CoreError::Store(StoreError::Conflict(_)) => ErrorCode::Conflict,
            CoreError::Store(StoreError::Gone(_)) => ErrorCode::NotFound,
            CoreError::Store(_) => ErrorCode::Store,
            CoreError::OpenFailed { .. } => ErrorCode::OpenFailed,
            CoreError::Changed(_) => ErrorCode::Conflict,
        }
    }

    pub fn to_dto(&self) -> ErrorDto {
        let dto = ErrorDto::new(self.code(), self.to_string());
        match self {
            CoreError::OpenFailed { details, .. } => dto.with_details(details.clone()),
            _ => dto,
        }
    }
}

impl From<CoreError> for ErrorDto {
    fn from(e: CoreError) -> Self {
        e.to_dto()
    }
}
