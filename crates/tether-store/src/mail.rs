//! The mail outbox (TK2): invitations' emails until the server accepts them.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use tether_core::ports::{MailItem, OutgoingMail, StoreError, Via};

use crate::attempts::{Next, Outbox};
use crate::codec::{get, millis, time};
use crate::json::from_json;
use crate::{query_error, SqliteStore};

const MAIL_COLUMNS: &str = "m.id, m.action_id, a.ticket_id, m.recipients, m.subject, m.html, \
    m.text, m.attempts, m.last_error, m.next_attempt_at, m.refused_at, m.via, m.created_at, \
    m.message_id";

fn item(row: &SqliteRow) -> Result<MailItem, StoreError> {
    let attempts: i64 = get(row, "attempts")?;
    Ok(MailItem {
        id: get(row, "id")?,
        action_id: get(row, "action_id")?,
        ticket_id: get(row, "ticket_id")?,
        mail: OutgoingMail {
            to: from_json(&get::<String>(row, "recipients")?, "recipients")?,
            subject: get(row, "subject")?,
            html: get(row, "html")?,
            text: get(row, "text")?,
            via: match get::<String>(row, "via")?.as_str() {
                "sms" => Via::Sms,
                _ => Via::Email,
            },
            message_id: get(row, "message_id")?,
        },
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        last_error: get(row, "last_error")?,
        next_attempt_at: time(get(row, "next_attempt_at")?, "next_attempt_at")?,
        created_at: time(get(row, "created_at")?, "created_at")?,
        refused_at: get::<Option<i64>>(row, "refused_at")?
            .map(|t| time(t, "refused_at"))
            .transpose()?,
    })
}

impl SqliteStore {
    pub(crate) async fn mail(
        &self,
        due_by: Option<DateTime<Utc>>,
    ) -> Result<Vec<MailItem>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox m LEFT JOIN ticket_actions a ON a.id = m.action_id \
             WHERE ? IS NULL OR (m.refused_at IS NULL AND m.next_attempt_at <= ?) \
             ORDER BY m.id LIMIT 100"
        ))
        .bind(due_by.map(millis))
        .bind(due_by.map(millis))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(item).collect()
    }

    /// One statement, so SQLite takes the write lock before it reads which rows are due: two
    /// processes never claim the same row.
    pub(crate) async fn claim(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Vec<MailItem>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE mail_outbox SET next_attempt_at = ? WHERE id IN ( \
               SELECT id FROM mail_outbox WHERE refused_at IS NULL AND next_attempt_at <= ? \
               ORDER BY id LIMIT 100) RETURNING id",
        )
        .bind(millis(lease_until))
        .bind(millis(now))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(item) = self.one_mail(id).await? {
                items.push(item);
            }
        }
        items.sort_by_key(|i| i.id);
        Ok(items)
    }

    pub(crate) async fn sent(&self, id: i64) -> Result<(), StoreError> {
        self.settle(id, "sent").await
    }

    /// Removes a message from the outbox; its action takes `delivery` once nothing else of
    /// it waits. One transaction, so a crash leaves either both or neither.
    async fn settle(&self, id: i64, delivery: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let action: Option<Option<i64>> =
            sqlx::query_scalar("DELETE FROM mail_outbox WHERE id = ? RETURNING action_id")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(query_error)?;
        if let Some(Some(action)) = action {
            sqlx::query(
                "UPDATE ticket_actions SET delivery = ? WHERE id = ? \
                 AND NOT EXISTS (SELECT 1 FROM mail_outbox WHERE action_id = ?)",
            )
            .bind(delivery)
            .bind(action)
            .bind(action)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        }
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn failed(
        &self,
        id: i64,
        error: &str,
        next: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.record_attempt(Outbox::Messages, id, error, Next::RetryAt(next))
            .await
    }

    pub(crate) async fn all_due(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE mail_outbox SET next_attempt_at = ?, refused_at = NULL")
            .bind(millis(now))
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }
}

impl SqliteStore {
    pub(crate) async fn one_mail(&self, id: i64) -> Result<Option<MailItem>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox m LEFT JOIN ticket_actions a ON a.id = m.action_id \
             WHERE m.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.as_ref().map(item).transpose()
    }

    /// Refused for good: kept with the reason, not retried until a technician says so.
    pub(crate) async fn refused(
        &self,
        id: i64,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.record_attempt(Outbox::Messages, id, error, Next::RefusedAt(now))
            .await
    }

    /// A technician gave up on this email: gone, and its action says so if nothing else of
    /// it waits.
    pub(crate) async fn discard(&self, id: i64) -> Result<(), StoreError> {
        self.settle(id, "discarded").await
    }

    /// New recipients for an email, due now.
    pub(crate) async fn readdress(
        &self,
        id: i64,
        to: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE mail_outbox SET recipients = ?, refused_at = NULL, last_error = NULL, \
             next_attempt_at = ? WHERE id = ?",
        )
        .bind(crate::json::to_json(&to)?)
        .bind(millis(now))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }
}
