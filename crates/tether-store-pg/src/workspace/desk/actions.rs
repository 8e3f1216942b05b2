//! A ticket's timeline: its actions, a status change with the line that says who made it,
//! and an action written together with the mail it sends.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use tether_core::domain::{Delivery, TicketAction, TicketActionKind, TicketStatus};
use tether_core::ports::{OutgoingMail, StoreError};

use super::codec::{delivery, delivery_str, from_json, read_error, saturating_u32, to_json};
use super::mail::insert_mail;
use crate::workspace::{at, logged, query_error, PgStore};

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    ticket_id: String,
    at: DateTime<Utc>,
    actor: String,
    kind: String,
    note: String,
    transcript: Option<String>,
    invitation: Option<serde_json::Value>,
    delivery: Option<String>,
    delivery_error: Option<String>,
    logged_seconds: Option<i64>,
}

impl TryFrom<ActionRow> for TicketAction {
    type Error = StoreError;

    fn try_from(r: ActionRow) -> Result<TicketAction, StoreError> {
        Ok(TicketAction {
            kind: TicketActionKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown action kind {:?}", r.kind)))?,
            invitation: r
                .invitation
                .map(|j| from_json(j, "invitation"))
                .transpose()?,
            delivery: delivery(r.delivery.as_deref())?,
            id: r.id,
            ticket_id: r.ticket_id,
            at: r.at,
            actor: r.actor,
            note: r.note,
            transcript: r.transcript,
            delivery_error: r.delivery_error,
            logged_seconds: r.logged_seconds.map(saturating_u32),
        })
    }
}

impl PgStore {
    pub(crate) async fn list_actions(
        &self,
        ticket_id: &str,
    ) -> Result<Vec<TicketAction>, StoreError> {
        let rows: Vec<ActionRow> = sqlx::query_as(
            "SELECT a.id, a.ticket_id, a.at, a.actor, a.kind, a.note, a.transcript, \
                a.invitation, a.delivery, a.logged_seconds, \
                (SELECT m.last_error FROM mail_outbox m \
                 WHERE m.action_id = a.id AND m.last_error IS NOT NULL ORDER BY m.id LIMIT 1) \
                 AS delivery_error \
             FROM ticket_actions a WHERE a.ticket_id = $1 ORDER BY a.id",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        rows.into_iter().map(TicketAction::try_from).collect()
    }

    /// SY7: a ticket's status, and the timeline line that says who changed it, together.
    pub(crate) async fn put_ticket_status(
        &self,
        ticket_id: &str,
        status: TicketStatus,
        action: &TicketAction,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let changed = sqlx::query("UPDATE tickets SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(at(action.at))
            .bind(ticket_id)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::Gone(format!("ticket {ticket_id}")));
        }
        insert_action(&mut tx, action).await?;
        logged(&mut tx, "ticket", ticket_id).await?;
        tx.commit().await.map_err(query_error)
    }

    /// An action and the mail it sends, in one transaction: an invitation is never recorded
    /// without its mail, nor mailed without its record.
    pub(crate) async fn put_action(
        &self,
        a: &TicketAction,
        mails: &[OutgoingMail],
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let id = insert_action(&mut tx, a).await?;
        let mut queued = Vec::with_capacity(mails.len());
        for m in mails {
            queued.push(insert_mail(&mut tx, Some(id), m, now).await?);
        }
        logged(&mut tx, "ticket", &a.ticket_id).await?;
        for mail_id in queued {
            logged(&mut tx, "mail", &mail_id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)?;
        Ok(id)
    }

    pub(crate) async fn put_delivery(&self, action_id: i64, d: Delivery) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let ticket: Option<String> = sqlx::query_scalar(
            "UPDATE ticket_actions SET delivery = $1 WHERE id = $2 RETURNING ticket_id",
        )
        .bind(delivery_str(d))
        .bind(action_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query_error)?;
        if let Some(ticket) = ticket {
            logged(&mut tx, "ticket", &ticket).await?;
        }
        tx.commit().await.map_err(query_error)
    }
}

/// One action on a ticket's timeline, inside the caller's transaction (the ticket's
/// `updated_at` follows); returns its id. A ticket that is not there is `Gone`. The caller
/// logs the ticket.
pub(crate) async fn insert_action(
    tx: &mut Transaction<'_, Postgres>,
    a: &TicketAction,
) -> Result<i64, StoreError> {
    let invitation = a.invitation.as_ref().map(to_json).transpose()?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO ticket_actions (ticket_id, at, actor, kind, note, transcript, invitation, \
            delivery, logged_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&a.ticket_id)
    .bind(at(a.at))
    .bind(&a.actor)
    .bind(a.kind.as_str())
    .bind(&a.note)
    .bind(&a.transcript)
    .bind(invitation)
    .bind(a.delivery.map(delivery_str))
    .bind(a.logged_seconds.map(i64::from))
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            StoreError::Gone(format!("ticket {}", a.ticket_id))
        }
        e => query_error(e),
    })?;
    sqlx::query("UPDATE tickets SET updated_at = GREATEST(updated_at, $1) WHERE id = $2")
        .bind(at(a.at))
        .bind(&a.ticket_id)
        .execute(&mut **tx)
        .await
        .map_err(query_error)?;
    Ok(id)
}
