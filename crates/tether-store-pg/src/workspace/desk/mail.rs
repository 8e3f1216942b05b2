//! The mail outbox (TK2): invitations' emails (and SMS) until the server accepts them. Two
//! server instances deliver from the same outbox, so a claim skips the rows another
//! instance holds and a settled mail updates its action under that action's row lock.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use tether_core::ports::{MailItem, OutgoingMail, StoreError, Via};

use super::codec::{from_json, read_error, saturating_u32, to_json};
use crate::workspace::{at, logged, query_error, PgStore};

/// The columns `MailRow` reads, from `mail_outbox m LEFT JOIN ticket_actions a`.
const MAIL_COLUMNS: &str = "m.id, m.action_id, a.ticket_id, m.recipients, m.subject, m.html, \
    m.text, m.attempts, m.last_error, m.next_attempt_at, m.refused_at, m.via, m.created_at, \
    m.message_id";

/// At most this many mails a claim or a listing.
const BATCH: i64 = 100;

#[derive(sqlx::FromRow)]
struct MailRow {
    id: i64,
    action_id: Option<i64>,
    ticket_id: Option<String>,
    recipients: serde_json::Value,
    subject: String,
    html: String,
    text: String,
    attempts: i32,
    last_error: Option<String>,
    next_attempt_at: DateTime<Utc>,
    refused_at: Option<DateTime<Utc>>,
    via: String,
    created_at: DateTime<Utc>,
    message_id: Option<String>,
}

impl TryFrom<MailRow> for MailItem {
    type Error = StoreError;

    fn try_from(r: MailRow) -> Result<MailItem, StoreError> {
        Ok(MailItem {
            id: r.id,
            action_id: r.action_id,
            ticket_id: r.ticket_id,
            mail: OutgoingMail {
                to: from_json(r.recipients, "recipients")?,
                subject: r.subject,
                html: r.html,
                text: r.text,
                via: match r.via.as_str() {
                    "sms" => Via::Sms,
                    _ => Via::Email,
                },
                message_id: r.message_id,
            },
            attempts: saturating_u32(i64::from(r.attempts)),
            last_error: r.last_error,
            next_attempt_at: r.next_attempt_at,
            created_at: r.created_at,
            refused_at: r.refused_at,
        })
    }
}

/// What a failed attempt leads to.
enum Next {
    /// Tried again from this time on.
    RetryAt(DateTime<Utc>),
    /// Kept, not tried again until a technician says so.
    RefusedAt(DateTime<Utc>),
}

impl PgStore {
    /// Everything waiting, refused or not, oldest first.
    pub(crate) async fn pending(&self) -> Result<Vec<MailItem>, StoreError> {
        let rows: Vec<MailRow> = sqlx::query_as(&format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox m \
             LEFT JOIN ticket_actions a ON a.id = m.action_id ORDER BY m.id LIMIT $1"
        ))
        .bind(BATCH)
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        rows.into_iter().map(MailItem::try_from).collect()
    }

    pub(crate) async fn one_mail(&self, id: i64) -> Result<Option<MailItem>, StoreError> {
        let row: Option<MailRow> = sqlx::query_as(&format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox m \
             LEFT JOIN ticket_actions a ON a.id = m.action_id WHERE m.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(read_error)?;
        row.map(MailItem::try_from).transpose()
    }

    /// Takes the due mail until `lease_until`. Rows another instance is claiming right now
    /// are skipped rather than waited for: once it commits they are no longer due, so each
    /// mail is claimed once.
    pub(crate) async fn claim(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Vec<MailItem>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let rows: Vec<MailRow> = sqlx::query_as(&format!(
            "WITH claimed AS ( \
                UPDATE mail_outbox SET next_attempt_at = $1 WHERE id IN ( \
                    SELECT id FROM mail_outbox WHERE refused_at IS NULL AND next_attempt_at <= $2 \
                    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
                RETURNING *) \
             SELECT {MAIL_COLUMNS} FROM claimed m \
             LEFT JOIN ticket_actions a ON a.id = m.action_id ORDER BY m.id"
        ))
        .bind(at(lease_until))
        .bind(at(now))
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await
        .map_err(read_error)?;
        for r in &rows {
            logged(&mut tx, "mail", &r.id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)?;
        rows.into_iter().map(MailItem::try_from).collect()
    }

    pub(crate) async fn sent(&self, id: i64) -> Result<(), StoreError> {
        self.settle_mail(id, "sent").await
    }

    /// A technician gave up on this email: gone, and its action says so if nothing else of
    /// it waits.
    pub(crate) async fn discard(&self, id: i64) -> Result<(), StoreError> {
        self.settle_mail(id, "discarded").await
    }

    /// Removes a message from the outbox; its action takes `delivery` once nothing else of
    /// it waits. The action's row is locked first: two instances settling the last two mails
    /// of one action take turns, and the second sees the first's deletion.
    async fn settle_mail(&self, id: i64, delivery: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let action: Option<i64> = sqlx::query_scalar(
            "SELECT a.id FROM ticket_actions a JOIN mail_outbox m ON m.action_id = a.id \
             WHERE m.id = $1 FOR UPDATE OF a",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query_error)?;
        let deleted = sqlx::query("DELETE FROM mail_outbox WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?
            .rows_affected();
        if deleted == 0 {
            return Ok(());
        }
        logged(&mut tx, "mail", &id.to_string()).await?;
        if let Some(action) = action {
            let ticket: Option<String> = sqlx::query_scalar(
                "UPDATE ticket_actions SET delivery = $1 WHERE id = $2 \
                 AND NOT EXISTS (SELECT 1 FROM mail_outbox WHERE action_id = $2) \
                 RETURNING ticket_id",
            )
            .bind(delivery)
            .bind(action)
            .fetch_optional(&mut *tx)
            .await
            .map_err(query_error)?;
            if let Some(ticket) = ticket {
                logged(&mut tx, "ticket", &ticket).await?;
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
        self.record_mail_attempt(id, error, Next::RetryAt(next))
            .await
    }

    /// Refused for good: kept with the reason, not retried until a technician says so.
    pub(crate) async fn refused(
        &self,
        id: i64,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.record_mail_attempt(id, error, Next::RefusedAt(now))
            .await
    }

    /// One attempt more, why, and either when to try again or when it was refused.
    async fn record_mail_attempt(
        &self,
        id: i64,
        error: &str,
        next: Next,
    ) -> Result<(), StoreError> {
        let (column, when) = match next {
            Next::RetryAt(t) => ("next_attempt_at", t),
            Next::RefusedAt(t) => ("refused_at", t),
        };
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let updated = sqlx::query(&format!(
            "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, {column} = $2 \
             WHERE id = $3"
        ))
        .bind(error)
        .bind(at(when))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?
        .rows_affected();
        commit_logged(tx, id, updated).await
    }

    /// Every pending mail due now, refused ones too (a technician's *Retry now*).
    pub(crate) async fn all_due(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE mail_outbox SET next_attempt_at = $1, refused_at = NULL RETURNING id",
        )
        .bind(at(now))
        .fetch_all(&mut *tx)
        .await
        .map_err(query_error)?;
        for id in ids {
            logged(&mut tx, "mail", &id.to_string()).await?;
        }
        tx.commit().await.map_err(query_error)
    }

    /// New recipients for an email, due now.
    pub(crate) async fn readdress(
        &self,
        id: i64,
        to: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let updated = sqlx::query(
            "UPDATE mail_outbox SET recipients = $1, refused_at = NULL, last_error = NULL, \
             next_attempt_at = $2 WHERE id = $3",
        )
        .bind(to_json(to)?)
        .bind(at(now))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?
        .rows_affected();
        commit_logged(tx, id, updated).await
    }
}

/// Commits an update of one mail, logging it if it was there.
async fn commit_logged(
    mut tx: Transaction<'_, Postgres>,
    id: i64,
    updated: u64,
) -> Result<(), StoreError> {
    if updated > 0 {
        logged(&mut tx, "mail", &id.to_string()).await?;
    }
    tx.commit().await.map_err(query_error)
}

/// Queues one mail for an action inside the caller's transaction, with the Message-ID it
/// keeps for every attempt; returns its id. The caller logs it.
pub(crate) async fn insert_mail(
    tx: &mut Transaction<'_, Postgres>,
    action_id: Option<i64>,
    m: &OutgoingMail,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO mail_outbox (action_id, recipients, subject, html, text, created_at, \
            next_attempt_at, via) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
    )
    .bind(action_id)
    .bind(to_json(&m.to)?)
    .bind(&m.subject)
    .bind(&m.html)
    .bind(&m.text)
    .bind(at(now))
    .bind(m.via.as_str())
    .fetch_one(&mut **tx)
    .await
    .map_err(query_error)
}
