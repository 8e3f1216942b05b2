//! `AlertStore`: the ticket each Syncro RMM alert became. The alert's row is written with the
//! ticket, so an alert seen twice (two polls, a poll and a webhook, two server instances)
//! is one ticket: the second insert of the alert waits for the first to commit, then finds it.

use async_trait::async_trait;
use tether_core::domain::{Ticket, TicketAction};
use tether_core::ports::{AlertStore, StoreError, StoreResult};

use super::actions::insert_action;
use super::codec::read_error;
use super::tickets::insert_ticket_row;
use crate::workspace::{logged, query_error, PgStore};

#[async_trait]
impl AlertStore for PgStore {
    async fn insert_alert_ticket(
        &self,
        alert_id: i64,
        ticket: &Ticket,
        action: &TicketAction,
    ) -> StoreResult<Option<Ticket>> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let claimed = sqlx::query(
            "INSERT INTO syncro_alerts (alert_id, ticket_id) VALUES ($1, $2) \
             ON CONFLICT (alert_id) DO NOTHING",
        )
        .bind(alert_id)
        .bind(&ticket.id)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?
        .rows_affected();
        if claimed == 0 {
            return Ok(None);
        }
        insert_ticket_row(&mut tx, ticket).await?;
        let mut first = action.clone();
        first.ticket_id = ticket.id.clone();
        insert_action(&mut tx, &first).await?;
        logged(&mut tx, "ticket", &ticket.id).await?;
        logged(&mut tx, "alert", &alert_id.to_string()).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(Some(self.get_ticket(&ticket.id).await?.ok_or_else(
            || StoreError::Gone(format!("ticket {}", ticket.id)),
        )?))
    }

    async fn open_alerts(&self) -> StoreResult<Vec<(i64, String)>> {
        sqlx::query_as(
            "SELECT alert_id, ticket_id FROM syncro_alerts WHERE NOT resolved ORDER BY alert_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)
    }

    async fn known_alerts(&self) -> StoreResult<Vec<i64>> {
        sqlx::query_scalar("SELECT alert_id FROM syncro_alerts ORDER BY alert_id")
            .fetch_all(&self.pool)
            .await
            .map_err(read_error)
    }

    async fn alert_of_ticket(&self, ticket_id: &str) -> StoreResult<Option<(i64, bool)>> {
        sqlx::query_as("SELECT alert_id, resolved FROM syncro_alerts WHERE ticket_id = $1")
            .bind(ticket_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(read_error)
    }

    async fn set_alert_resolved(&self, alert_id: i64) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let changed = sqlx::query(
            "UPDATE syncro_alerts SET resolved = true WHERE alert_id = $1 AND NOT resolved",
        )
        .bind(alert_id)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?
        .rows_affected();
        if changed > 0 {
            logged(&mut tx, "alert", &alert_id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)
    }
}
