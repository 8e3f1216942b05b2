//! The mail outbox (TK2): invitations' emails until the server accepts them.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use tether_core::ports::{MailItem, OutgoingMail, StoreError};

use crate::codec::{get, millis, time};
use crate::json::from_json;
use crate::{query_error, SqliteStore};

const MAIL_COLUMNS: &str = "m.id, m.action_id, a.ticket_id, m.recipients, m.subject, m.html, \
    m.text, m.attempts, m.last_error, m.next_attempt_at";

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
        },
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        last_error: get(row, "last_error")?,
        next_attempt_at: time(get(row, "next_attempt_at")?, "next_attempt_at")?,
    })
}

impl SqliteStore {
    pub(crate) async fn mail(
        &self,
        due_by: Option<DateTime<Utc>>,
    ) -> Result<Vec<MailItem>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox m LEFT JOIN ticket_actions a ON a.id = m.action_id \
             WHERE ? IS NULL OR m.next_attempt_at <= ? ORDER BY m.id LIMIT 100"
        ))
        .bind(due_by.map(millis))
        .bind(due_by.map(millis))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(item).collect()
    }

    pub(crate) async fn sent(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let action: Option<Option<i64>> =
            sqlx::query_scalar("DELETE FROM mail_outbox WHERE id = ? RETURNING action_id")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(query_error)?;
        if let Some(Some(action)) = action {
            let left: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE action_id = ?")
                    .bind(action)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(query_error)?;
            if left == 0 {
                sqlx::query("UPDATE ticket_actions SET delivery = 'sent' WHERE id = ?")
                    .bind(action)
                    .execute(&mut *tx)
                    .await
                    .map_err(query_error)?;
            }
        }
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn failed(
        &self,
        id: i64,
        error: &str,
        next: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? \
             WHERE id = ?",
        )
        .bind(error)
        .bind(millis(next))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn all_due(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE mail_outbox SET next_attempt_at = ?")
            .bind(millis(now))
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }
}
