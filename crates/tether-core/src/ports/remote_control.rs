//! TeamViewer as the core uses it: service-case sessions and their connection reports
//! (providers.md §2.3–2.4). The client lives in `tether-providers`.

use async_trait::async_trait;

use super::ProviderError;
use crate::domain::teamviewer::{NewTvSession, TvConnection, TvSession};

#[async_trait]
pub trait RemoteControl: Send + Sync {
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
