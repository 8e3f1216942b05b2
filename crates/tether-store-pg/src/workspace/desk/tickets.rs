//! Tickets: reading one, and storing a new one under the next free number.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use tether_core::domain::{Ticket, TicketStatus};
use tether_core::ports::StoreError;

use super::codec::read_error;
use super::words::document;
use crate::workspace::{at, logged, query_error, PgStore};

/// The columns `TicketRow` reads, from `tickets t LEFT JOIN customers c`.
pub(crate) const TICKET_COLUMNS: &str = "t.number, t.id, t.subject, t.status, t.customer_id, \
    COALESCE(c.name, '') AS customer_name, t.end_user_name, t.end_user_email, t.type_id, \
    t.assignee, t.asset_id, t.created_at, t.updated_at";

/// Numbers start after 1000, as in the solo file.
const FIRST_NUMBER_LESS_ONE: i64 = 1000;

#[derive(sqlx::FromRow)]
pub(crate) struct TicketRow {
    number: i64,
    id: String,
    subject: String,
    status: String,
    customer_id: Option<String>,
    customer_name: String,
    end_user_name: String,
    end_user_email: String,
    type_id: Option<String>,
    assignee: Option<String>,
    asset_id: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<TicketRow> for Ticket {
    type Error = StoreError;

    fn try_from(r: TicketRow) -> Result<Ticket, StoreError> {
        Ok(Ticket {
            status: TicketStatus::parse(&r.status).ok_or_else(|| {
                StoreError::Corrupt(format!("unknown ticket status {:?}", r.status))
            })?,
            id: r.id,
            number: r.number,
            subject: r.subject,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            end_user_name: r.end_user_name,
            end_user_email: r.end_user_email,
            type_id: r.type_id,
            assignee: r.assignee,
            asset_id: r.asset_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

impl PgStore {
    pub(crate) async fn get_ticket(&self, id: &str) -> Result<Option<Ticket>, StoreError> {
        let row: Option<TicketRow> = sqlx::query_as(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id \
             WHERE t.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(read_error)?;
        row.map(Ticket::try_from).transpose()
    }

    pub(crate) async fn put_new_ticket(&self, t: &Ticket) -> Result<Ticket, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let number = insert_ticket_row(&mut tx, t).await?;
        logged(&mut tx, "ticket", &t.id).await?;
        tx.commit().await.map_err(query_error)?;
        self.get_ticket(&t.id)
            .await?
            .ok_or_else(|| StoreError::Gone(format!("ticket #{number}")))
    }
}

/// Inserts a ticket inside the caller's transaction, numbering it when its `number` is 0 (or
/// less); returns the number. The caller logs it.
pub(crate) async fn insert_ticket_row(
    tx: &mut Transaction<'_, Postgres>,
    t: &Ticket,
) -> Result<i64, StoreError> {
    let number = take_number(tx, t.number).await?;
    let words = document([
        number.to_string().as_str(),
        &t.subject,
        &t.end_user_name,
        &t.end_user_email,
    ]);
    sqlx::query(
        "INSERT INTO tickets (number, id, subject, status, customer_id, end_user_name, \
            end_user_email, type_id, assignee, asset_id, created_at, updated_at, words) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, array_to_tsvector($13))",
    )
    .bind(number)
    .bind(&t.id)
    .bind(&t.subject)
    .bind(t.status.as_str())
    .bind(&t.customer_id)
    .bind(&t.end_user_name)
    .bind(&t.end_user_email)
    .bind(&t.type_id)
    .bind(&t.assignee)
    .bind(&t.asset_id)
    .bind(at(t.created_at))
    .bind(at(t.updated_at))
    .bind(&words)
    .execute(&mut **tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Conflict(format!("ticket #{} or id {}", t.number, t.id))
        }
        e => query_error(e),
    })?;
    Ok(number)
}

/// The number a new ticket gets: its own when it brings one, else one more than any so far.
/// Either way the counter's row stays locked until the caller commits, so an instance
/// numbering a ticket meanwhile waits and then counts this one too.
async fn take_number(
    tx: &mut Transaction<'_, Postgres>,
    requested: i64,
) -> Result<i64, StoreError> {
    if requested > 0 {
        sqlx::query("UPDATE ticket_numbers SET last = GREATEST(last, $1) WHERE id = 1")
            .bind(requested)
            .execute(&mut **tx)
            .await
            .map_err(query_error)?;
        return Ok(requested);
    }
    // MAX(number) as well: a ticket written without the counter (a copied-in workspace)
    // still moves the next number past it.
    sqlx::query_scalar(
        "UPDATE ticket_numbers \
         SET last = GREATEST(last, (SELECT COALESCE(MAX(number), $1) FROM tickets)) + 1 \
         WHERE id = 1 RETURNING last",
    )
    .bind(FIRST_NUMBER_LESS_ONE)
    .fetch_one(&mut **tx)
    .await
    .map_err(query_error)
}
