//! A technician's TeamViewer authorisation as the client's token source: the access token,
//! refreshed once when TeamViewer says it expired.

use async_trait::async_trait;
use tether_core::ports::ProviderError;
use tether_core::secret::Secret;
use tether_providers::teamviewer::TokenSource;

pub(crate) struct TechnicianGrant(pub(crate) tether_providers::oauth::TokenManager);

#[async_trait]
impl TokenSource for TechnicianGrant {
    async fn token(&self) -> Result<Secret, ProviderError> {
        self.0
            .access_token()
            .await
            .map_err(|e| ProviderError::Unauthorized(format!("TeamViewer: {e}")))
    }
    async fn refresh(&self, expired: &Secret) -> Result<Secret, ProviderError> {
        self.0
            .refresh_expired(expired)
            .await
            .map_err(|e| ProviderError::Unauthorized(format!("TeamViewer: {e}")))
    }
}
