//! The `IntakeStore` port, answered by the modules of its parts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tether_core::domain::{ChatMessage, RemoteSessionRecord, TicketAction};
use tether_core::ports::{InboundEvent, IntakeStore, StoreResult};

use crate::workspace::PgStore;

#[async_trait]
impl IntakeStore for PgStore {
    async fn record_event(
        &self,
        source: &str,
        event: &str,
        lsid: &str,
        external_key: &str,
        payload: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        PgStore::record_event(self, source, event, lsid, external_key, payload, now).await
    }

    async fn unprocessed_events(
        &self,
        source: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<InboundEvent>> {
        PgStore::unprocessed_events(self, source, now).await
    }

    async fn mark_event(&self, id: i64, outcome: &str, now: DateTime<Utc>) -> StoreResult<()> {
        PgStore::mark_event(self, id, outcome, now).await
    }

    async fn defer_event(&self, id: i64, next_at: DateTime<Utc>) -> StoreResult<()> {
        PgStore::defer_event(self, id, next_at).await
    }

    async fn prune_events(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        PgStore::prune_events(self, before).await
    }

    async fn remote_session(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> StoreResult<Option<RemoteSessionRecord>> {
        PgStore::remote_session(self, provider, provider_session_id).await
    }

    async fn remote_session_by_id(&self, id: &str) -> StoreResult<Option<RemoteSessionRecord>> {
        PgStore::remote_session_by_id(self, id).await
    }

    async fn save_remote_session(&self, record: &RemoteSessionRecord) -> StoreResult<()> {
        PgStore::save_remote_session(self, record).await
    }

    async fn import_remote_session(
        &self,
        record: &RemoteSessionRecord,
        action: &TicketAction,
    ) -> StoreResult<bool> {
        PgStore::import_remote_session(self, record, action).await
    }

    async fn link_remote_session_once(
        &self,
        record: &RemoteSessionRecord,
        action: &TicketAction,
        chat: Option<&ChatMessage>,
    ) -> StoreResult<bool> {
        PgStore::link_remote_session_once(self, record, action, chat).await
    }

    async fn unlinked_sessions(&self) -> StoreResult<Vec<RemoteSessionRecord>> {
        PgStore::unlinked_sessions(self).await
    }

    async fn remote_sessions_of(
        &self,
        provider: &str,
        external_key: &str,
    ) -> StoreResult<Vec<RemoteSessionRecord>> {
        PgStore::remote_sessions_of(self, provider, external_key).await
    }

    async fn last_session_start(&self, provider: &str) -> StoreResult<Option<DateTime<Utc>>> {
        PgStore::last_session_start(self, provider).await
    }

    async fn record_key(
        &self,
        short_key: &str,
        external_key: &str,
        ticket_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        PgStore::record_key(self, short_key, external_key, ticket_id, now).await
    }

    async fn key_generated(&self, external_key: &str) -> StoreResult<bool> {
        PgStore::key_generated(self, external_key).await
    }
}
