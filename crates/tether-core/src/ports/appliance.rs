//! The BeyondTrust appliance as the use cases need it (providers.md §1.3–1.6). The client
//! lives in `tether-providers`; the runtime configures it from the BeyondTrust card.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::ProviderError;
use crate::domain::beyondtrust::{BtQueue, EndedSession, LoggedInRep};

/// A generated key: the invitation's link and code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedKey {
    pub short_key: String,
    pub key_url: String,
    /// False when nobody is there to take it (a rep who is not logged in).
    pub queue_available: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplianceTeam {
    pub id: String,
    pub name: String,
}

#[async_trait]
pub trait SupportAppliance: Send + Sync {
    async fn logged_in_reps(&self) -> Result<Vec<LoggedInRep>, ProviderError>;
    async fn support_teams(&self) -> Result<Vec<ApplianceTeam>, ProviderError>;
    async fn generate_session_key(
        &self,
        queue: &BtQueue,
        ttl_secs: u32,
        external_key: &str,
    ) -> Result<GeneratedKey, ProviderError>;
    async fn support_session(&self, lsid: &str) -> Result<Option<EndedSession>, ProviderError>;
    async fn sessions_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<EndedSession>, ProviderError>;
}

/// No BeyondTrust configured.
pub struct NoAppliance;

fn not_set_up() -> ProviderError {
    ProviderError::Unauthorized(
        "BeyondTrust is not set up: enter the appliance and its API account in Settings → Integrations".into(),
    )
}

#[async_trait]
impl SupportAppliance for NoAppliance {
    async fn logged_in_reps(&self) -> Result<Vec<LoggedInRep>, ProviderError> {
        Err(not_set_up())
    }
    async fn support_teams(&self) -> Result<Vec<ApplianceTeam>, ProviderError> {
        Err(not_set_up())
    }
    async fn generate_session_key(
        &self,
        _: &BtQueue,
        _: u32,
        _: &str,
    ) -> Result<GeneratedKey, ProviderError> {
        Err(not_set_up())
    }
    async fn support_session(&self, _: &str) -> Result<Option<EndedSession>, ProviderError> {
        Err(not_set_up())
    }
    async fn sessions_since(&self, _: DateTime<Utc>) -> Result<Vec<EndedSession>, ProviderError> {
        Err(not_set_up())
    }
}
