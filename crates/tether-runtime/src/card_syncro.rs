//! The SyncroMSP card as the core's `Rmm`: read at each call, so turning the card off, or a
//! new API key, takes effect at once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tether_core::domain::syncro::{SyncroAlert, SyncroAsset, SyncroCustomer};
use tether_core::domain::IntegrationKind;
use tether_core::ports::{PageProgress, ProviderError, Rmm};
use tether_providers::syncro::SyncroClient;

use crate::integrations::{card_off, Integrations};

const KIND: IntegrationKind = IntegrationKind::Syncro;

pub(crate) struct CardRmm {
    integrations: Integrations,
}

impl CardRmm {
    pub(crate) fn new(integrations: Integrations) -> Self {
        CardRmm { integrations }
    }

    async fn client(&self) -> Result<SyncroClient, ProviderError> {
        let off = |why: &str| card_off(KIND, why);
        let stored = self.integrations.enabled_card(KIND).await?;
        let Some(base_url) = stored.values.get("base_url").cloned() else {
            return Err(off("missing its address"));
        };
        let key = self
            .integrations
            .secrets
            .get(&KIND.secret_key("api_key"))
            .await
            .map_err(|e| ProviderError::Unauthorized(e.to_string()))?
            .ok_or_else(|| off("missing its API key"))?;
        Ok(SyncroClient::new(
            &base_url,
            tether_providers::http::client(),
            key,
        ))
    }
}

#[async_trait]
impl Rmm for CardRmm {
    async fn available(&self) -> Result<(), ProviderError> {
        self.client().await.map(|_| ())
    }
    async fn customers(
        &self,
        since: Option<DateTime<Utc>>,
        progress: PageProgress<'_>,
    ) -> Result<Vec<SyncroCustomer>, ProviderError> {
        self.client().await?.customers(since, progress).await
    }
    async fn assets(
        &self,
        since: Option<DateTime<Utc>>,
        progress: PageProgress<'_>,
    ) -> Result<Vec<SyncroAsset>, ProviderError> {
        self.client().await?.assets(since, progress).await
    }
    async fn alerts(&self, all: bool) -> Result<Vec<SyncroAlert>, ProviderError> {
        self.client().await?.alerts(all).await
    }
    async fn alert(&self, id: i64) -> Result<SyncroAlert, ProviderError> {
        self.client().await?.alert(id).await
    }
    async fn resolve_alert(&self, id: i64) -> Result<(), ProviderError> {
        self.client().await?.resolve_alert(id).await
    }
}
