//! The local cache (SPEC TK1) as the core sees it. The SQLite implementation lives in
//! `tether-store`; a team server would be a second implementation of the same trait.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::store_error::StoreResult;
use crate::domain::{
    Channel, ChannelSettings, HistoryEntry, PageCursor, Session, SessionSearch, SessionState,
    Technician,
};

/// Which sessions a board view wants.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionFilter {
    pub channel_id: Option<String>,
    /// Only sessions this technician created, is assigned to or is invited to.
    pub involving: Option<String>,
    /// Only sessions assigned to, or shared with, this technician (Home).
    pub assigned_to: Option<String>,
    pub states: Option<Vec<SessionState>>,
    /// Only sessions updated at or after this time.
    pub changed_since: Option<DateTime<Utc>>,
    /// Only sessions the search matches (`SessionSearch::matches` says what that means).
    pub search: Option<SessionSearch>,
}

/// One interval in which a technician was connected, as Tether saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connection {
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// A provider action not yet done (SPEC TK2): retried until the provider confirms it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub provider: String,
    pub provider_session_id: String,
    /// `close` or `delete`.
    pub action: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    /// The provider refused it for good: kept until a technician retries or discards it.
    pub refused_at: Option<DateTime<Utc>>,
}

#[async_trait]
/// The whole cache: the board here, the ticket desk in `DeskStore`.
pub trait Store:
    super::desk::DeskStore
    + super::intake::IntakeStore
    + super::remote_control::RemoteControlStore
    + super::rmm::ImportStore
    + super::rmm::AlertStore
    + Send
    + Sync
{
    async fn technicians(&self) -> StoreResult<Vec<Technician>>;
    async fn upsert_technician(&self, technician: &Technician) -> StoreResult<()>;

    async fn channels(&self) -> StoreResult<Vec<Channel>>;
    /// Adds a channel the provider reported, or renames it; local settings are kept.
    async fn upsert_channel(&self, channel: &Channel) -> StoreResult<()>;
    async fn save_channel_settings(&self, id: &str, settings: &ChannelSettings) -> StoreResult<()>;
    async fn muted_channels(&self, technician: &str) -> StoreResult<Vec<String>>;
    async fn set_muted(&self, technician: &str, channel_id: &str, muted: bool) -> StoreResult<()>;

    async fn sessions(&self, filter: &SessionFilter) -> StoreResult<Vec<Session>>;
    /// Up to `limit` sessions in the board's order (newest state change first, then id),
    /// starting after `after`.
    async fn session_page(
        &self,
        filter: &SessionFilter,
        after: Option<&PageCursor>,
        limit: u32,
    ) -> StoreResult<Vec<Session>>;
    /// Counts per state, in `SessionState::ALL` order.
    async fn count_sessions(&self, filter: &SessionFilter) -> StoreResult<[u32; 5]>;
    async fn session(&self, id: &str) -> StoreResult<Option<Session>>;
    async fn session_by_provider_id(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> StoreResult<Option<Session>>;
    async fn history(&self, session_id: &str) -> StoreResult<Vec<HistoryEntry>>;
    /// SP2: Tether saw a technician connected from `at`; a connection already open stays.
    async fn connection_started(&self, session_id: &str, at: DateTime<Utc>) -> StoreResult<()>;
    /// SP2: the open connection, if any, ended at `at`.
    async fn connection_ended(&self, session_id: &str, at: DateTime<Utc>) -> StoreResult<()>;
    /// SP2: every connection Tether saw, oldest first; the last may still be open.
    async fn connections(&self, session_id: &str) -> StoreResult<Vec<Connection>>;
    /// SP2: closed sessions from a ticket whose time has not gone back to it yet (a crash, or
    /// a stop, between the close and the import).
    async fn closed_sessions_not_imported(&self) -> StoreResult<Vec<Session>>;
    /// Writes the session and its history entries in one transaction.
    async fn insert_session(&self, session: &Session, history: &[HistoryEntry]) -> StoreResult<()>;
    /// Writes the session and its new history entries in one transaction, if the stored
    /// session still has `expected_updated_at`; otherwise `StoreError::Conflict`.
    async fn update_session(
        &self,
        session: &Session,
        history: &[HistoryEntry],
        expected_updated_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn delete_session(&self, id: &str) -> StoreResult<()>;

    async fn setting(&self, key: &str) -> StoreResult<Option<String>>;
    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()>;
    async fn delete_setting(&self, key: &str) -> StoreResult<()>;

    async fn enqueue(
        &self,
        provider: &str,
        provider_session_id: &str,
        action: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn due_outbox(&self, now: DateTime<Utc>) -> StoreResult<Vec<OutboxItem>>;
    async fn outbox_len(&self) -> StoreResult<u32>;
    /// Every provider action waiting, refused or not.
    async fn outbox(&self) -> StoreResult<Vec<OutboxItem>>;
    /// Refused for good: kept with the reason, not sent again until retried.
    async fn outbox_refused(&self, id: i64, error: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// Due now (a technician's *Retry*); `false` when there is no such item.
    async fn outbox_retry(&self, id: i64, now: DateTime<Utc>) -> StoreResult<bool>;
    async fn outbox_done(&self, id: i64) -> StoreResult<()>;
    async fn outbox_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Lets go of the store's connections (a file closed cleanly, a pool drained). Nothing
    /// is read or written through this store afterwards.
    async fn close(&self) {}
}
