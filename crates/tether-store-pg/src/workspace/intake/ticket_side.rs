//! What a finished session leaves on the desk, inside the transaction that keeps it: the
//! action on its ticket and the transcript in the ticket's chat, written by the desk's own
//! row writers. They log nothing themselves; this logs the ticket and the chat under the
//! desk's change kinds, since a desktop showing the ticket must see the new action.

use sqlx::{Postgres, Transaction};
use tether_core::domain::{ChatMessage, TicketAction};
use tether_core::ports::StoreError;

use crate::workspace::desk::{insert_action, insert_message};
use crate::workspace::logged;

/// Adds `a` to its ticket and touches the ticket's `updated_at`: a ticket that is not there
/// is `Gone`, and the caller's transaction writes nothing.
pub(super) async fn add_action(
    tx: &mut Transaction<'_, Postgres>,
    a: &TicketAction,
) -> Result<i64, StoreError> {
    let id = insert_action(tx, a).await?;
    logged(tx, "ticket", &a.ticket_id).await?;
    Ok(id)
}

/// Adds `m` to its chat.
pub(super) async fn add_message(
    tx: &mut Transaction<'_, Postgres>,
    m: &ChatMessage,
) -> Result<i64, StoreError> {
    let id = insert_message(tx, m).await?;
    logged(tx, "chat", &m.chat_id).await?;
    Ok(id)
}
