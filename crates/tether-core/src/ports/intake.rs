//! Vendor pushes and what came of them (DESIGN "Receivers"): each event is stored before it
//! is answered, and processed once; each finished remote session is kept once, by its id at
//! the provider, so a repeated event or a reconciliation poll changes nothing.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::store_error::StoreResult;
use crate::domain::{RemoteSessionRecord, TicketAction};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundEvent {
    pub id: i64,
    pub source: String,
    pub event: String,
    pub lsid: String,
    pub external_key: String,
    pub received_at: DateTime<Utc>,
    /// Rounds that could not process it yet.
    pub attempts: u32,
}

#[async_trait]
pub trait IntakeStore: Send + Sync {
    async fn record_event(
        &self,
        source: &str,
        event: &str,
        lsid: &str,
        external_key: &str,
        payload: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// One receiver's events not processed yet and due by `now`, oldest first (at most 200):
    /// another source's backlog, or events waiting out their back-off, never hide them.
    async fn unprocessed_events(
        &self,
        source: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<InboundEvent>>;
    async fn mark_event(&self, id: i64, outcome: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// Not processed this time: counted, and not due again before `next_at`.
    async fn defer_event(&self, id: i64, next_at: DateTime<Utc>) -> StoreResult<()>;
    /// Forgets events processed before `before`; answers how many.
    async fn prune_events(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    async fn remote_session(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> StoreResult<Option<RemoteSessionRecord>>;
    async fn remote_session_by_id(&self, id: &str) -> StoreResult<Option<RemoteSessionRecord>>;
    /// Inserts, or replaces the record with the same id.
    async fn save_remote_session(&self, record: &RemoteSessionRecord) -> StoreResult<()>;
    /// Keeps a finished session and its action on the ticket in one write, once: `false`,
    /// and nothing written, when the provider's session was kept already.
    async fn import_remote_session(
        &self,
        record: &RemoteSessionRecord,
        action: &TicketAction,
    ) -> StoreResult<bool>;
    /// Links a finished session to its ticket in one write, once: the record (new, or one
    /// waiting unlinked), the action on the ticket and the transcript in its chat. `false`,
    /// and nothing written, when the session is linked already — by another round, the CLI
    /// beside the app, or a run killed half-way and started again.
    async fn link_remote_session_once(
        &self,
        record: &RemoteSessionRecord,
        action: &TicketAction,
        chat: Option<&crate::domain::ChatMessage>,
    ) -> StoreResult<bool>;
    /// Unlinked and rejected sessions, newest first.
    async fn unlinked_sessions(&self) -> StoreResult<Vec<RemoteSessionRecord>>;
    /// A provider's records that carry this external key (a TeamViewer code), oldest first.
    async fn remote_sessions_of(
        &self,
        provider: &str,
        external_key: &str,
    ) -> StoreResult<Vec<RemoteSessionRecord>>;
    /// The latest start among a provider's sessions Tether has seen.
    async fn last_session_start(&self, provider: &str) -> StoreResult<Option<DateTime<Utc>>>;

    async fn record_key(
        &self,
        short_key: &str,
        external_key: &str,
        ticket_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// BT8: whether Tether generated a key with this external key.
    async fn key_generated(&self, external_key: &str) -> StoreResult<bool>;
}
