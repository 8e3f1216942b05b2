//! The OS keychain as the core sees it (SPEC CR1, CR3). There is no other place a secret
//! may go: no file, no SQLite row, no fallback.

use async_trait::async_trait;

use crate::secret::Secret;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No usable keychain service. The message says how to fix it.
    #[error("the OS keychain is unavailable: {0}")]
    KeychainUnavailable(String),
    #[error("the OS keychain refused: {0}")]
    Failed(String),
}

impl SecretError {
    pub fn code(&self) -> crate::error_code::ErrorCode {
        use crate::error_code::ErrorCode;
        match self {
            SecretError::KeychainUnavailable(_) => ErrorCode::KeychainUnavailable,
            SecretError::Failed(_) => ErrorCode::KeychainFailed,
        }
    }
}

/// Keys are `provider/name`, e.g. `splashtop/api_token`.
#[async_trait]
pub trait SecretStore: Send + Sync {
    async fn get(&self, key: &str) -> Result<Option<Secret>, SecretError>;
    async fn set(&self, key: &str, value: &Secret) -> Result<(), SecretError>;
    /// Removing what is not there is not an error.
    async fn remove(&self, key: &str) -> Result<(), SecretError>;
}
