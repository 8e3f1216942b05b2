//! The core's `Store` port (its own methods), delegating to the board's modules, as the
//! SQLite store's `port.rs` does.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tether_core::domain::{
    Channel, ChannelSettings, HistoryEntry, PageCursor, Session, Technician,
};
use tether_core::ports::store::{Connection, OutboxItem, SessionFilter};
use tether_core::ports::{Store, StoreResult};

use crate::workspace::PgStore;

#[async_trait]
impl Store for PgStore {
    async fn technicians(&self) -> StoreResult<Vec<Technician>> {
        self.list_technicians().await
    }
    async fn upsert_technician(&self, technician: &Technician) -> StoreResult<()> {
        self.put_technician(technician).await
    }
    async fn channels(&self) -> StoreResult<Vec<Channel>> {
        self.list_channels().await
    }
    async fn upsert_channel(&self, channel: &Channel) -> StoreResult<()> {
        self.put_channel(channel).await
    }
    async fn save_channel_settings(&self, id: &str, settings: &ChannelSettings) -> StoreResult<()> {
        self.put_channel_settings(id, settings).await
    }
    async fn muted_channels(&self, technician: &str) -> StoreResult<Vec<String>> {
        self.list_mutes(technician).await
    }
    async fn set_muted(&self, technician: &str, channel_id: &str, muted: bool) -> StoreResult<()> {
        self.put_mute(technician, channel_id, muted).await
    }
    async fn sessions(&self, filter: &SessionFilter) -> StoreResult<Vec<Session>> {
        self.list_sessions(filter).await
    }
    async fn session_page(
        &self,
        filter: &SessionFilter,
        after: Option<&PageCursor>,
        limit: u32,
    ) -> StoreResult<Vec<Session>> {
        self.page_of_sessions(filter, after, limit).await
    }
    async fn count_sessions(&self, filter: &SessionFilter) -> StoreResult<[u32; 5]> {
        self.count(filter).await
    }
    async fn session(&self, id: &str) -> StoreResult<Option<Session>> {
        self.get_session(id).await
    }
    async fn session_by_provider_id(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> StoreResult<Option<Session>> {
        self.get_session_by_provider_id(provider, provider_session_id)
            .await
    }
    async fn history(&self, session_id: &str) -> StoreResult<Vec<HistoryEntry>> {
        self.list_history(session_id).await
    }
    async fn connection_started(&self, session_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
        self.open_connection(session_id, at).await
    }
    async fn connection_ended(&self, session_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
        self.close_connection(session_id, at).await
    }
    async fn connections(&self, session_id: &str) -> StoreResult<Vec<Connection>> {
        self.list_connections(session_id).await
    }
    async fn closed_sessions_not_imported(&self) -> StoreResult<Vec<Session>> {
        self.closed_not_imported().await
    }
    async fn insert_session(&self, session: &Session, history: &[HistoryEntry]) -> StoreResult<()> {
        self.write_session(session, history, None).await
    }
    async fn update_session(
        &self,
        session: &Session,
        history: &[HistoryEntry],
        expected_updated_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write_session(session, history, Some(expected_updated_at))
            .await
    }
    async fn delete_session(&self, id: &str) -> StoreResult<()> {
        self.remove_session(id).await
    }
    async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        self.get_setting(key).await
    }
    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        self.put_setting(key, value).await
    }
    async fn delete_setting(&self, key: &str) -> StoreResult<()> {
        self.remove_setting(key).await
    }
    async fn enqueue(
        &self,
        provider: &str,
        provider_session_id: &str,
        action: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.push_outbox(provider, provider_session_id, action, now)
            .await
    }
    async fn due_outbox(&self, now: DateTime<Utc>) -> StoreResult<Vec<OutboxItem>> {
        self.due(now).await
    }
    async fn outbox_len(&self) -> StoreResult<u32> {
        self.outbox_count().await
    }
    async fn outbox(&self) -> StoreResult<Vec<OutboxItem>> {
        self.all_outbox().await
    }
    async fn outbox_refused(&self, id: i64, error: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.refuse_outbox(id, error, now).await
    }
    async fn outbox_retry(&self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        self.retry_outbox_now(id, now).await
    }
    async fn outbox_done(&self, id: i64) -> StoreResult<()> {
        self.finish(id).await
    }
    async fn outbox_failed(&self, id: i64, error: &str, next: DateTime<Utc>) -> StoreResult<()> {
        self.retry_later(id, error, next).await
    }
}
