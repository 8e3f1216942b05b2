//! TeamViewer as the core uses it: service-case sessions and their connection reports
//! (providers.md §2.3–2.4). The client lives in `tether-providers`.

use async_trait::async_trait;

use super::store_error::StoreResult;
use super::ProviderError;
use crate::domain::teamviewer::{NewTvSession, TicketTvSession, TvConnection, TvSession};

#[async_trait]
pub trait RemoteControl: Send + Sync {
    /// Whether TeamViewer is on and set up, without asking it anything (TV6 hides the panel).
    async fn available(&self) -> Result<(), ProviderError>;
    /// Creates a session. Never repeated on its own: a create whose answer was lost may have
    /// happened, and a second one would send a second code.
    async fn create_session(&self, new: &NewTvSession) -> Result<TvSession, ProviderError>;
    async fn session(&self, code: &str) -> Result<TvSession, ProviderError>;
    /// Open sessions only (the server's default), every page.
    async fn open_sessions(&self) -> Result<Vec<TvSession>, ProviderError>;
    async fn close_session(&self, code: &str) -> Result<(), ProviderError>;
    /// Every connection made with this code, every page.
    async fn connections(&self, session_code: &str) -> Result<Vec<TvConnection>, ProviderError>;
}

/// TeamViewer is off or not set up: every call says how to turn it on.
pub struct NoRemoteControl;

fn not_set_up() -> ProviderError {
    ProviderError::NotConfigured(
        "TeamViewer is off or not set up: turn it on in Settings → Integrations".into(),
    )
}

#[async_trait]
impl RemoteControl for NoRemoteControl {
    async fn available(&self) -> Result<(), ProviderError> {
        Err(not_set_up())
    }
    async fn create_session(&self, _: &NewTvSession) -> Result<TvSession, ProviderError> {
        Err(not_set_up())
    }
    async fn session(&self, _: &str) -> Result<TvSession, ProviderError> {
        Err(not_set_up())
    }
    async fn open_sessions(&self) -> Result<Vec<TvSession>, ProviderError> {
        Err(not_set_up())
    }
    async fn close_session(&self, _: &str) -> Result<(), ProviderError> {
        Err(not_set_up())
    }
    async fn connections(&self, _: &str) -> Result<Vec<TvConnection>, ProviderError> {
        Err(not_set_up())
    }
}

/// The ticket's TeamViewer sessions in the cache: kept whatever the card's state (TV6).
#[async_trait]
pub trait RemoteControlStore: Send + Sync {
    async fn save_tv_session(&self, session: &TicketTvSession) -> StoreResult<()>;
    async fn tv_session(&self, code: &str) -> StoreResult<Option<TicketTvSession>>;
    /// Newest first.
    async fn tv_sessions_for_ticket(&self, ticket_id: &str) -> StoreResult<Vec<TicketTvSession>>;
    /// Open ones, and those closed since `closed_since`, whose reports may still arrive.
    async fn tv_sessions_to_check(
        &self,
        closed_since: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Vec<TicketTvSession>>;
}
