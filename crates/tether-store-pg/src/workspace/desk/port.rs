//! `DeskStore` for the team workspace: each method is one of the desk modules' writes or
//! reads, as in the solo file's `desk_port.rs`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tether_core::domain::{
    Asset, AssetLaunch, AssetQuery, AssetType, ChatMessage, Customer, Delivery, Team, Ticket,
    TicketAction, TicketQuery, TicketStatus, TicketType,
};
use tether_core::ports::{DeskStore, MailItem, OutgoingMail, StoreResult};

use crate::workspace::PgStore;

#[async_trait]
impl DeskStore for PgStore {
    async fn customers(&self) -> StoreResult<Vec<Customer>> {
        self.list_customers().await
    }
    async fn upsert_customer(&self, customer: &Customer) -> StoreResult<()> {
        self.put_customer(customer).await
    }
    async fn teams(&self) -> StoreResult<Vec<Team>> {
        self.list_teams().await
    }
    async fn upsert_team(&self, team: &Team) -> StoreResult<()> {
        self.put_team(team).await
    }
    async fn set_technician_available(&self, id: &str, available: bool) -> StoreResult<()> {
        self.put_available(id, available).await
    }
    async fn ticket_types(&self) -> StoreResult<Vec<TicketType>> {
        self.list_ticket_types().await
    }
    async fn upsert_ticket_type(&self, ticket_type: &TicketType) -> StoreResult<()> {
        self.put_ticket_type(ticket_type).await
    }
    async fn tickets(&self, query: &TicketQuery) -> StoreResult<Vec<Ticket>> {
        self.search_tickets(query).await
    }
    async fn ticket(&self, id: &str) -> StoreResult<Option<Ticket>> {
        self.get_ticket(id).await
    }
    async fn insert_ticket(&self, ticket: &Ticket) -> StoreResult<Ticket> {
        self.put_new_ticket(ticket).await
    }
    async fn ticket_actions(&self, ticket_id: &str) -> StoreResult<Vec<TicketAction>> {
        self.list_actions(ticket_id).await
    }
    async fn set_ticket_status(
        &self,
        ticket_id: &str,
        status: TicketStatus,
        action: &TicketAction,
    ) -> StoreResult<()> {
        self.put_ticket_status(ticket_id, status, action).await
    }
    async fn add_ticket_action(&self, action: &TicketAction) -> StoreResult<i64> {
        self.put_action(action, &[], action.at).await
    }
    async fn add_ticket_action_with_mail(
        &self,
        action: &TicketAction,
        mails: &[OutgoingMail],
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        self.put_action(action, mails, now).await
    }
    async fn set_action_delivery(&self, action_id: i64, delivery: Delivery) -> StoreResult<()> {
        self.put_delivery(action_id, delivery).await
    }
    async fn asset_types(&self) -> StoreResult<Vec<AssetType>> {
        self.list_asset_types().await
    }
    async fn upsert_asset_type(&self, asset_type: &AssetType) -> StoreResult<()> {
        self.put_asset_type(asset_type).await
    }
    async fn assets(&self, query: &AssetQuery) -> StoreResult<Vec<Asset>> {
        self.search_assets(query).await
    }
    async fn asset(&self, id: &str) -> StoreResult<Option<Asset>> {
        self.get_asset(id).await
    }
    async fn upsert_asset(&self, asset: &Asset) -> StoreResult<()> {
        self.put_asset(asset).await
    }
    async fn asset_launches(&self, asset_id: &str) -> StoreResult<Vec<AssetLaunch>> {
        self.list_launches(asset_id).await
    }
    async fn add_asset_launch(&self, launch: &AssetLaunch) -> StoreResult<i64> {
        self.put_launch(launch).await
    }
    async fn remove_asset_launch(&self, id: i64) -> StoreResult<()> {
        self.delete_launch(id).await
    }
    async fn ticket_chat(&self, ticket_id: &str) -> StoreResult<Option<String>> {
        self.chat_of_ticket(ticket_id).await
    }
    async fn create_chat(
        &self,
        id: &str,
        ticket_id: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.put_chat(id, ticket_id, at).await
    }
    async fn chat_messages(&self, chat_id: &str) -> StoreResult<Vec<ChatMessage>> {
        self.list_messages(chat_id).await
    }
    async fn add_chat_message(&self, message: &ChatMessage) -> StoreResult<i64> {
        self.put_message(message).await
    }
    async fn claim_due_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<MailItem>> {
        self.claim(now, lease_until).await
    }
    async fn pending_mail(&self) -> StoreResult<Vec<MailItem>> {
        self.pending().await
    }
    async fn mail_sent(&self, id: i64) -> StoreResult<()> {
        self.sent(id).await
    }
    async fn retry_mail_now(&self, now: DateTime<Utc>) -> StoreResult<()> {
        self.all_due(now).await
    }
    async fn mail_item(&self, id: i64) -> StoreResult<Option<MailItem>> {
        self.one_mail(id).await
    }
    async fn mail_refused(&self, id: i64, error: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.refused(id, error, now).await
    }
    async fn discard_mail(&self, id: i64) -> StoreResult<()> {
        self.discard(id).await
    }
    async fn readdress_mail(&self, id: i64, to: &[String], now: DateTime<Utc>) -> StoreResult<()> {
        self.readdress(id, to, now).await
    }
    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.failed(id, error, next_attempt_at).await
    }
}
