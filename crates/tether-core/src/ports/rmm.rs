//! SyncroMSP as the core uses it (providers.md §4): customers and assets for the import, RMM
//! alerts for tickets. The client lives in `tether-providers`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::store_error::StoreResult;
use super::ProviderError;
use crate::domain::syncro::{SyncroAlert, SyncroAsset, SyncroCustomer};
use crate::domain::{Asset, AssetType, Customer, Ticket, TicketAction};

/// Told after each page: `(pages read, pages in all)`.
pub type PageProgress<'a> = &'a (dyn Fn(u32, u32) + Send + Sync);

#[async_trait]
pub trait Rmm: Send + Sync {
    /// Whether Syncro is on and set up, without asking it anything.
    async fn available(&self) -> Result<(), ProviderError>;
    /// Every customer (disabled ones too), or those changed since a time; every page.
    async fn customers(
        &self,
        since: Option<DateTime<Utc>>,
        progress: PageProgress<'_>,
    ) -> Result<Vec<SyncroCustomer>, ProviderError>;
    /// Every customer asset, or those changed since a time; every page.
    async fn assets(
        &self,
        since: Option<DateTime<Utc>>,
        progress: PageProgress<'_>,
    ) -> Result<Vec<SyncroAsset>, ProviderError>;
    /// Active alerts (or, with `all`, resolved ones too), every page.
    async fn alerts(&self, all: bool) -> Result<Vec<SyncroAlert>, ProviderError>;
    async fn alert(&self, id: i64) -> Result<SyncroAlert, ProviderError>;
    /// Resolve = `DELETE /rmm_alerts/{id}` (§4.6).
    async fn resolve_alert(&self, id: i64) -> Result<(), ProviderError>;
}

/// Syncro is off or not set up: every call says how to turn it on.
pub struct NoRmm;

fn not_set_up() -> ProviderError {
    ProviderError::NotConfigured(
        "SyncroMSP is off or not set up: turn it on in Settings → Integrations".into(),
    )
}

#[async_trait]
impl Rmm for NoRmm {
    async fn available(&self) -> Result<(), ProviderError> {
        Err(not_set_up())
    }
    async fn customers(
        &self,
        _: Option<DateTime<Utc>>,
        _: PageProgress<'_>,
    ) -> Result<Vec<SyncroCustomer>, ProviderError> {
        Err(not_set_up())
    }
    async fn assets(
        &self,
        _: Option<DateTime<Utc>>,
        _: PageProgress<'_>,
    ) -> Result<Vec<SyncroAsset>, ProviderError> {
        Err(not_set_up())
    }
    async fn alerts(&self, _: bool) -> Result<Vec<SyncroAlert>, ProviderError> {
        Err(not_set_up())
    }
    async fn alert(&self, _: i64) -> Result<SyncroAlert, ProviderError> {
        Err(not_set_up())
    }
    async fn resolve_alert(&self, _: i64) -> Result<(), ProviderError> {
        Err(not_set_up())
    }
}

/// What one step of an import writes, in one transaction: a failure leaves none of it.
pub struct ImportBatch<'a> {
    pub types: &'a [AssetType],
    pub customers: &'a [Customer],
    pub assets: &'a [Asset],
}

/// The cache as an import reads and writes it.
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Every asset, active or not (the import's matching index).
    async fn all_assets(&self) -> StoreResult<Vec<Asset>>;
    /// Types, then customers (their name, Syncro id, state and top level; sites and end
    /// users stay), then assets.
    async fn apply_import(&self, batch: &ImportBatch<'_>) -> StoreResult<()>;
}

/// SY7: which ticket each Syncro alert became, so an alert is a ticket once.
#[async_trait]
pub trait AlertStore: Send + Sync {
    /// The ticket, its first action and the alert's record, in one transaction; `None` (and
    /// nothing written) when the alert already has its ticket.
    async fn insert_alert_ticket(
        &self,
        alert_id: i64,
        ticket: &Ticket,
        action: &TicketAction,
    ) -> StoreResult<Option<Ticket>>;
    /// Alerts whose ticket is not resolved yet: `(alert id, ticket id)`.
    async fn open_alerts(&self) -> StoreResult<Vec<(i64, String)>>;
    /// Every alert that has a ticket, resolved or not.
    async fn known_alerts(&self) -> StoreResult<Vec<i64>>;
    async fn alert_of_ticket(&self, ticket_id: &str) -> StoreResult<Option<(i64, bool)>>;
    async fn set_alert_resolved(&self, alert_id: i64) -> StoreResult<()>;
}
