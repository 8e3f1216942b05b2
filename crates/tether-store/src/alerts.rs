//! `AlertStore`: the ticket each Syncro RMM alert became. The alert's row is written with the
//! ticket, so an alert seen twice (two polls, a poll and a webhook) is one ticket.

use async_trait::async_trait;
use tether_core::domain::{Ticket, TicketAction};
use tether_core::ports::{AlertStore, StoreError, StoreResult};

use crate::tickets::{insert_action, insert_ticket_row};
use crate::{query_error, SqliteStore};

#[async_trait]
impl AlertStore for SqliteStore {
    async fn insert_alert_ticket(
        &self,
        alert_id: i64,
        ticket: &Ticket,
        action: &TicketAction,
    ) -> StoreResult<Option<Ticket>> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let claimed = sqlx::query(
            "INSERT INTO syncro_alerts (alert_id, ticket_id) VALUES (?, ?) \
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
        insert_ticket_row(&mut *tx, ticket).await?;
        let mut first = action.clone();
        first.ticket_id = ticket.id.clone();
        insert_action(&mut tx, &first).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(Some(self.get_ticket(&ticket.id).await?.ok_or_else(
            || StoreError::Gone(format!("ticket {}", ticket.id)),
        )?))
    }

    async fn open_alerts(&self) -> StoreResult<Vec<(i64, String)>> {
        sqlx::query_as("SELECT alert_id, ticket_id FROM syncro_alerts WHERE resolved = 0")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error)
    }

    async fn known_alerts(&self) -> StoreResult<Vec<i64>> {
        sqlx::query_scalar("SELECT alert_id FROM syncro_alerts")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error)
    }

    async fn alert_of_ticket(&self, ticket_id: &str) -> StoreResult<Option<(i64, bool)>> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT alert_id, resolved FROM syncro_alerts WHERE ticket_id = ?")
                .bind(ticket_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(query_error)?;
        Ok(row.map(|(id, resolved)| (id, resolved != 0)))
    }

    async fn set_alert_resolved(&self, alert_id: i64) -> StoreResult<()> {
        sqlx::query("UPDATE syncro_alerts SET resolved = 1 WHERE alert_id = ?")
            .bind(alert_id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }
}
