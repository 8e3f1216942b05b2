//! An attended-session provider as the core sees it (Splashtop today).

use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::Permission;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("cannot reach the provider ({0})")]
    Unreachable(String),
    #[error("rate limited by the provider; retrying in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error(
        "the provider had an internal error (HTTP {status}); look before repeating what you did"
    )]
    Server { status: u16 },
    #[error("the provider sent a reply Tether cannot read: {0}")]
    Malformed(String),
    #[error("the provider refused the credentials: {0}")]
    Unauthorized(String),
    #[error("the provider does not know this session any more")]
    NotFound,
    #[error("the provider refused the request (code {code}): {message}")]
    Vendor { code: i64, message: String },
    /// The provider's card is off, or not filled in.
    #[error("{0}")]
    NotConfigured(String),
}

impl ProviderError {
    /// The request may not have reached the provider, or it asked us to come back: an action
    /// that can wait is kept in the outbox rather than refused.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ProviderError::Unreachable(_)
                | ProviderError::RateLimited { .. }
                | ProviderError::Server { .. }
        )
    }

    pub fn code(&self) -> crate::error_code::ErrorCode {
        use crate::error_code::ErrorCode;
        match self {
            ProviderError::Unreachable(_) => ErrorCode::ProviderUnreachable,
            ProviderError::RateLimited { .. } => ErrorCode::ProviderRateLimited,
            ProviderError::Server { .. } => ErrorCode::ProviderServerError,
            ProviderError::Malformed(_) => ErrorCode::ProviderMalformedReply,
            ProviderError::Unauthorized(_) => ErrorCode::ProviderUnauthorized,
            ProviderError::NotFound => ErrorCode::ProviderNotFound,
            ProviderError::Vendor { .. } => ErrorCode::ProviderRefused,
            ProviderError::NotConfigured(_) => ErrorCode::NotConfigured,
        }
    }
}

/// The provider's status of a session, before mapping to SD3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    Open,
    Closed,
    Expired,
    Deleted,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSession {
    pub provider_session_id: String,
    pub code: String,
    pub link: String,
    pub status: ProviderStatus,
    /// The end user's support app is running (Splashtop `online_since` is set).
    pub app_running: bool,
    /// A technician is connected (Splashtop `connected_since` is set).
    pub connected: bool,
    /// The end user launched the app at least once (Splashtop `associated_at` is set).
    pub ever_launched: bool,
    pub permission: Permission,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderChannel {
    pub provider_channel_id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateSessionRequest {
    pub provider_channel_id: i64,
    pub customer_name: String,
    pub issue: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderAction {
    Close,
    Delete,
    RequestPermission,
}

/// Health of one provider as the board shows it on the provider's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ProviderHealth {
    pub provider: String,
    pub online: bool,
    /// The last error, in words, with its code; `None` while everything works.
    pub error: Option<crate::error_code::ErrorDto>,
    pub last_ok_at: Option<chrono::DateTime<chrono::Utc>>,
    pub demo: bool,
    /// The provider asked Tether to slow down (HTTP 429) and its requests wait until then:
    /// what is slow says why, and the row does not claim all is well meanwhile.
    #[serde(default)]
    pub rate_limited_until: Option<chrono::DateTime<chrono::Utc>>,
}

#[async_trait]
pub trait AttendedProvider: Send + Sync {
    /// Short lowercase name, e.g. `splashtop`.
    fn name(&self) -> &str;
    /// The provider's own word for a status, shown beside Tether's state.
    fn status_word(&self, session: &ProviderSession) -> String;
    async fn channels(&self) -> Result<Vec<ProviderChannel>, ProviderError>;
    async fn create(&self, req: &CreateSessionRequest) -> Result<ProviderSession, ProviderError>;
    async fn fetch(&self, provider_session_id: &str) -> Result<ProviderSession, ProviderError>;
    async fn act(
        &self,
        provider_session_id: &str,
        action: ProviderAction,
    ) -> Result<(), ProviderError>;
    /// The URL that opens the technician's side of the session (SD4 "Start remote session").
    fn remote_url(&self, code: &str, technician_email: &str) -> String;
}

/// The real workspace while Splashtop's card is off: the board reads the cache, and anything
/// that needs the provider says how to turn it on.
pub struct NoAttendedProvider;

impl NoAttendedProvider {
    fn off() -> ProviderError {
        ProviderError::NotConfigured(
            "Splashtop is off: turn it on in Settings → Integrations to create and follow sessions"
                .into(),
        )
    }
}

#[async_trait]
impl AttendedProvider for NoAttendedProvider {
    fn name(&self) -> &str {
        "splashtop"
    }

    fn status_word(&self, _: &ProviderSession) -> String {
        String::new()
    }

    async fn channels(&self) -> Result<Vec<ProviderChannel>, ProviderError> {
        Err(Self::off())
    }

    async fn create(&self, _: &CreateSessionRequest) -> Result<ProviderSession, ProviderError> {
        Err(Self::off())
    }

    async fn fetch(&self, _: &str) -> Result<ProviderSession, ProviderError> {
        Err(Self::off())
    }

    async fn act(&self, _: &str, _: ProviderAction) -> Result<(), ProviderError> {
        Err(Self::off())
    }

    fn remote_url(&self, _: &str, _: &str) -> String {
        String::new()
    }
}
