//! What a finished session leaves on the desk, inside the transaction that keeps it: the
//! action on its ticket and the transcript in the ticket's chat (the desktop's
//! `tickets::insert_action` and `chats::insert_message`).
//!
//! The tables are the desk's (`0004_desk.sql`); this is the one place intake writes to
//! them. It logs the ticket and the chat it changed, under the desk's change kinds, since
//! a desktop showing the ticket must see the new action.

use sqlx::{Postgres, Transaction};
use tether_core::domain::{ChatMessage, Delivery, TicketAction};
use tether_core::ports::StoreError;

use crate::workspace::{at, logged, query_error};

fn delivery_str(d: Delivery) -> &'static str {
    match d {
        Delivery::Pending => "pending",
        Delivery::Sent => "sent",
        Delivery::Discarded => "discarded",
    }
}

/// Adds `a` to its ticket and touches the ticket's `updated_at`: a ticket that is not there
/// is `Gone`, and the caller's transaction writes nothing.
pub(super) async fn add_action(
    tx: &mut Transaction<'_, Postgres>,
    a: &TicketAction,
) -> Result<i64, StoreError> {
    let invitation = a
        .invitation
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| StoreError::Query(e.to_string()))?;
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
    logged(tx, "ticket", &a.ticket_id).await?;
    Ok(id)
}

/// Adds `m` to its chat.
pub(super) async fn add_message(
    tx: &mut Transaction<'_, Postgres>,
    m: &ChatMessage,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO chat_messages (chat_id, at, author, html) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(&m.chat_id)
    .bind(at(m.at))
    .bind(&m.author)
    .bind(&m.html)
    .fetch_one(&mut **tx)
    .await
    .map_err(query_error)?;
    logged(tx, "chat", &m.chat_id).await?;
    Ok(id)
}
