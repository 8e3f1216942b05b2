//! What the admin configured in Settings → Integrations, as far as the use cases need it
//! (the BeyondTrust host a jump button opens). Kept by the runtime; secrets never pass here.

use async_trait::async_trait;

use crate::domain::IntegrationKind;

#[async_trait]
pub trait IntegrationConfig: Send + Sync {
    /// The configured address of an enabled integration.
    async fn base_url(&self, kind: IntegrationKind) -> Option<String>;
}

/// Nothing configured (tests of the board alone, tools without integrations).
pub struct NothingConfigured;

#[async_trait]
impl IntegrationConfig for NothingConfigured {
    async fn base_url(&self, _: IntegrationKind) -> Option<String> {
        None
    }
}
