//! The ticket desk half of the local cache (SPEC TK1): directory, tickets with their
//! timeline, assets with their launch history, chats, and the mail outbox (TK2).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::mailer::OutgoingMail;
use super::store_error::StoreResult;
use crate::domain::{
    Asset, AssetLaunch, AssetQuery, AssetType, ChatMessage, Customer, Delivery, Team, Ticket,
    TicketAction, TicketQuery, TicketType,
};

/// An email not yet accepted by the mail server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailItem {
    pub id: i64,
    /// The ticket action whose delivery this is.
    pub action_id: Option<i64>,
    pub ticket_id: Option<String>,
    pub mail: OutgoingMail,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    /// When it was queued: an invitation too old to be useful is not sent on its own.
    pub created_at: DateTime<Utc>,
    /// The server refused it for good (a bad recipient, a login): kept until a technician
    /// retries, corrects or discards it.
    pub refused_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait DeskStore: Send + Sync {
    async fn customers(&self) -> StoreResult<Vec<Customer>>;
    async fn upsert_customer(&self, customer: &Customer) -> StoreResult<()>;
    async fn teams(&self) -> StoreResult<Vec<Team>>;
    async fn upsert_team(&self, team: &Team) -> StoreResult<()>;
    async fn set_technician_available(&self, id: &str, available: bool) -> StoreResult<()>;

    async fn ticket_types(&self) -> StoreResult<Vec<TicketType>>;
    async fn upsert_ticket_type(&self, ticket_type: &TicketType) -> StoreResult<()>;
    /// Tickets matching `query`: a text search newest ticket first, a list most recently
    /// updated first.
    async fn tickets(&self, query: &TicketQuery) -> StoreResult<Vec<Ticket>>;
    async fn ticket(&self, id: &str) -> StoreResult<Option<Ticket>>;
    /// Stores a new ticket; a `number` of 0 takes the next free number. Returns it stored.
    async fn insert_ticket(&self, ticket: &Ticket) -> StoreResult<Ticket>;
    async fn ticket_actions(&self, ticket_id: &str) -> StoreResult<Vec<TicketAction>>;
    /// SY7: the new status and its timeline line, in one transaction.
    async fn set_ticket_status(
        &self,
        ticket_id: &str,
        status: crate::domain::TicketStatus,
        action: &TicketAction,
    ) -> StoreResult<()>;
    /// Adds an action (and touches the ticket's `updated_at`); returns its id.
    async fn add_ticket_action(&self, action: &TicketAction) -> StoreResult<i64>;
    /// Adds an action and the emails it sends in one transaction, so an invitation is
    /// never recorded without its mail, nor mailed without its record.
    async fn add_ticket_action_with_mail(
        &self,
        action: &TicketAction,
        mails: &[OutgoingMail],
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn set_action_delivery(&self, action_id: i64, delivery: Delivery) -> StoreResult<()>;

    async fn asset_types(&self) -> StoreResult<Vec<AssetType>>;
    async fn upsert_asset_type(&self, asset_type: &AssetType) -> StoreResult<()>;
    async fn assets(&self, query: &AssetQuery) -> StoreResult<Vec<Asset>>;
    async fn asset(&self, id: &str) -> StoreResult<Option<Asset>>;
    async fn upsert_asset(&self, asset: &Asset) -> StoreResult<()>;
    async fn asset_launches(&self, asset_id: &str) -> StoreResult<Vec<AssetLaunch>>;
    async fn add_asset_launch(&self, launch: &AssetLaunch) -> StoreResult<i64>;
    /// A launch the system could not open: it did not happen, so it leaves the history.
    async fn remove_asset_launch(&self, id: i64) -> StoreResult<()>;

    /// The chat linked to a ticket, created on first use.
    async fn ticket_chat(&self, ticket_id: &str) -> StoreResult<Option<String>>;
    async fn create_chat(
        &self,
        id: &str,
        ticket_id: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn chat_messages(&self, chat_id: &str) -> StoreResult<Vec<ChatMessage>>;
    async fn add_chat_message(&self, message: &ChatMessage) -> StoreResult<i64>;

    /// Claims the mail due by `now` (at most 100) until `lease_until`: another process on
    /// the same cache (the app and the CLI) does not take the same rows meanwhile; a claim
    /// not settled by then (a crash mid-send) is due again.
    async fn claim_due_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<MailItem>>;
    async fn pending_mail(&self) -> StoreResult<Vec<MailItem>>;
    /// The mail was accepted: removes it and marks its action sent once none is left.
    async fn mail_sent(&self, id: i64) -> StoreResult<()>;
    /// Makes every pending mail due now, refused ones too (a technician's *Retry now*).
    async fn retry_mail_now(&self, now: DateTime<Utc>) -> StoreResult<()>;
    async fn mail_item(&self, id: i64) -> StoreResult<Option<MailItem>>;
    /// Refused for good: kept with the reason, not retried until a technician says so.
    async fn mail_refused(&self, id: i64, error: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// Removes it; its action's delivery says *discarded* once nothing of it waits.
    async fn discard_mail(&self, id: i64) -> StoreResult<()>;
    /// New recipients, due now.
    async fn readdress_mail(&self, id: i64, to: &[String], now: DateTime<Utc>) -> StoreResult<()>;
    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> StoreResult<()>;
}
