//! Tickets, their search, and the action timeline.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite};
use tether_core::domain::{
    Delivery, Ticket, TicketAction, TicketActionKind, TicketQuery, TicketStatus,
};
use tether_core::ports::{OutgoingMail, StoreError};

use crate::codec::{get, millis, time};
use crate::json::{from_json, to_json};
use crate::search::fts_query;
use crate::{query_error, SqliteStore};

const TICKET_COLUMNS: &str = "t.number, t.id, t.subject, t.status, t.customer_id, \
    COALESCE(c.name, '') AS customer_name, t.end_user_name, t.end_user_email, t.type_id, \
    t.assignee, t.asset_id, t.created_at, t.updated_at";

fn ticket(row: &SqliteRow) -> Result<Ticket, StoreError> {
    let status: String = get(row, "status")?;
    Ok(Ticket {
        id: get(row, "id")?,
        number: get(row, "number")?,
        subject: get(row, "subject")?,
        status: TicketStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown ticket status {status:?}")))?,
        customer_id: get(row, "customer_id")?,
        customer_name: get(row, "customer_name")?,
        end_user_name: get(row, "end_user_name")?,
        end_user_email: get(row, "end_user_email")?,
        type_id: get(row, "type_id")?,
        assignee: get(row, "assignee")?,
        asset_id: get(row, "asset_id")?,
        created_at: time(get(row, "created_at")?, "created_at")?,
        updated_at: time(get(row, "updated_at")?, "updated_at")?,
    })
}

fn action(row: &SqliteRow) -> Result<TicketAction, StoreError> {
    let kind: String = get(row, "kind")?;
    let invitation: Option<String> = get(row, "invitation")?;
    let delivery: Option<String> = get(row, "delivery")?;
    let logged: Option<i64> = get(row, "logged_seconds")?;
    Ok(TicketAction {
        id: get(row, "id")?,
        ticket_id: get(row, "ticket_id")?,
        at: time(get(row, "at")?, "at")?,
        actor: get(row, "actor")?,
        kind: TicketActionKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown action kind {kind:?}")))?,
        note: get(row, "note")?,
        transcript: get(row, "transcript")?,
        invitation: invitation
            .as_deref()
            .map(|j| from_json(j, "invitation"))
            .transpose()?,
        delivery: match delivery.as_deref() {
            None => None,
            Some("pending") => Some(Delivery::Pending),
            Some("sent") => Some(Delivery::Sent),
            Some("discarded") => Some(Delivery::Discarded),
            Some(other) => return Err(StoreError::Corrupt(format!("unknown delivery {other:?}"))),
        },
        delivery_error: get(row, "delivery_error")?,
        logged_seconds: logged.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
    })
}

fn delivery_str(d: Option<Delivery>) -> Option<&'static str> {
    d.map(|d| match d {
        Delivery::Pending => "pending",
        Delivery::Sent => "sent",
        Delivery::Discarded => "discarded",
    })
}

impl SqliteStore {
    pub(crate) async fn search_tickets(&self, q: &TicketQuery) -> Result<Vec<Ticket>, StoreError> {
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(format!("SELECT {TICKET_COLUMNS} "));
        let fts = fts_query(&q.text);
        let searching = fts.is_some();
        match &fts {
            Some(_) => sql.push(
                "FROM tickets_fts f JOIN tickets t ON t.number = f.rowid \
                 LEFT JOIN customers c ON c.id = t.customer_id WHERE tickets_fts MATCH ",
            ),
            None => {
                sql.push("FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE 1 ")
            }
        };
        if let Some(m) = fts {
            sql.push_bind(m);
        }
        if let Some(s) = q.status {
            sql.push(" AND t.status = ").push_bind(s.as_str());
        }
        if let Some(c) = &q.customer_id {
            sql.push(" AND t.customer_id = ").push_bind(c.clone());
        }
        if let Some(a) = &q.assignee {
            sql.push(" AND t.assignee = ").push_bind(a.clone());
        }
        // A search lists the newest tickets first in the index's own order, so FTS5 stops
        // after `limit` matches instead of sorting every ticket a common word matches.
        sql.push(if searching {
            " ORDER BY f.rowid DESC LIMIT "
        } else {
            " ORDER BY t.updated_at DESC, t.number DESC LIMIT "
        })
        .push_bind(i64::from(q.limit.unwrap_or(500)));
        let rows = sql
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(query_error)?;
        rows.iter().map(ticket).collect()
    }

    pub(crate) async fn get_ticket(&self, id: &str) -> Result<Option<Ticket>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id \
             WHERE t.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.as_ref().map(ticket).transpose()
    }

    pub(crate) async fn put_new_ticket(&self, t: &Ticket) -> Result<Ticket, StoreError> {
        let number = insert_ticket_row(&self.pool, t).await?;
        self.get_ticket(&t.id)
            .await?
            .ok_or_else(|| StoreError::Gone(format!("ticket #{number}")))
    }

    /// SY7: a ticket's status, and the timeline line that says who changed it, together.
    pub(crate) async fn put_ticket_status(
        &self,
        ticket_id: &str,
        status: TicketStatus,
        action: &TicketAction,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let changed = sqlx::query("UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?")
            .bind(status.as_str())
            .bind(millis(action.at))
            .bind(ticket_id)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::Gone(format!("ticket {ticket_id}")));
        }
        insert_action(&mut tx, action).await?;
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn list_actions(
        &self,
        ticket_id: &str,
    ) -> Result<Vec<TicketAction>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.*, (SELECT m.last_error FROM mail_outbox m \
                 WHERE m.action_id = a.id AND m.last_error IS NOT NULL ORDER BY m.id LIMIT 1) \
                 AS delivery_error \
             FROM ticket_actions a WHERE a.ticket_id = ? ORDER BY a.id",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(action).collect()
    }

    pub(crate) async fn put_action(
        &self,
        a: &TicketAction,
        mails: &[OutgoingMail],
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let id = insert_action(&mut tx, a).await?;
        for m in mails {
            sqlx::query(
                "INSERT INTO mail_outbox (action_id, recipients, subject, html, text, created_at, \
                    next_attempt_at, via, message_id) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, lower(hex(randomblob(16))))",
            )
            .bind(id)
            .bind(to_json(&m.to)?)
            .bind(&m.subject)
            .bind(&m.html)
            .bind(&m.text)
            .bind(millis(now))
            .bind(millis(now))
            .bind(m.via.as_str())
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        }
        tx.commit().await.map_err(query_error)?;
        Ok(id)
    }

    pub(crate) async fn put_delivery(&self, action_id: i64, d: Delivery) -> Result<(), StoreError> {
        sqlx::query("UPDATE ticket_actions SET delivery = ? WHERE id = ?")
            .bind(delivery_str(Some(d)))
            .bind(action_id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }
}

/// One action on a ticket's timeline, inside the caller's transaction (the ticket's
/// `updated_at` follows).
/// Inserts a ticket, numbering it when its `number` is 0; returns the number.
pub(crate) async fn insert_ticket_row<'e, E>(executor: E, t: &Ticket) -> Result<i64, StoreError>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    sqlx::query_scalar(
        "INSERT INTO tickets (number, id, subject, status, customer_id, end_user_name, \
            end_user_email, type_id, assignee, asset_id, created_at, updated_at) \
         VALUES (CASE WHEN ? > 0 THEN ? ELSE (SELECT COALESCE(MAX(number), 1000) + 1 FROM tickets) END, \
            ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING number",
    )
    .bind(t.number)
    .bind(t.number)
    .bind(&t.id)
    .bind(&t.subject)
    .bind(t.status.as_str())
    .bind(&t.customer_id)
    .bind(&t.end_user_name)
    .bind(&t.end_user_email)
    .bind(&t.type_id)
    .bind(&t.assignee)
    .bind(&t.asset_id)
    .bind(millis(t.created_at))
    .bind(millis(t.updated_at))
    .fetch_one(executor)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(format!(
            "ticket #{} or id {}",
            t.number, t.id
        )),
        e => query_error(e),
    })
}

pub(crate) async fn insert_action(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    a: &TicketAction,
) -> Result<i64, StoreError> {
    let invitation = a.invitation.as_ref().map(to_json).transpose()?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO ticket_actions (ticket_id, at, actor, kind, note, transcript, invitation, \
            delivery, logged_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&a.ticket_id)
    .bind(millis(a.at))
    .bind(&a.actor)
    .bind(a.kind.as_str())
    .bind(&a.note)
    .bind(&a.transcript)
    .bind(invitation)
    .bind(delivery_str(a.delivery))
    .bind(a.logged_seconds.map(i64::from))
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            StoreError::Gone(format!("ticket {}", a.ticket_id))
        }
        e => query_error(e),
    })?;
    sqlx::query("UPDATE tickets SET updated_at = MAX(updated_at, ?) WHERE id = ?")
        .bind(millis(a.at))
        .bind(&a.ticket_id)
        .execute(&mut **tx)
        .await
        .map_err(query_error)?;
    Ok(id)
}
