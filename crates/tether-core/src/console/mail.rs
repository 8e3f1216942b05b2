//! SPEC TK2 for email: every invitation's mail waits in the outbox until the server takes
//! it; failures stay pending on the ticket with the reason, and are retried with back-off.

use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::event::Event;
use crate::ports::mailer::MailError;

use super::Invitations;

/// An email waiting for the server, as the outbox view shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct PendingMail {
    pub to: Vec<String>,
    pub subject: String,
    pub ticket_id: Option<String>,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
}

/// The longest wait between two attempts.
const MAX_BACKOFF_SECS: i64 = 15 * 60;

impl Invitations {
    /// Delivers the mail that is due. One delivery round at a time.
    pub async fn flush_mail(&self) {
        let _one_at_a_time = self.ctx.mail_lock.lock().await;
        let now = self.ctx.clock.now();
        let due = match self.ctx.store.due_mail(now).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!("cannot read the mail outbox: {e}");
                return;
            }
        };
        for item in due {
            let outcome = match self.ctx.mailer.send(&item.mail).await {
                Ok(()) => self.ctx.store.mail_sent(item.id).await,
                Err(e) => {
                    // Refused or unreachable alike: keep it, say why, try again later. An
                    // admin fixing the SMTP settings should not have to resend by hand.
                    let delay = match e {
                        MailError::Temporary(_) => 2i64.pow(item.attempts.min(10)),
                        MailError::Refused(_) | MailError::NotConfigured(_) => {
                            60 * 2i64.pow(item.attempts.min(4))
                        }
                    }
                    .min(MAX_BACKOFF_SECS);
                    tracing::warn!(
                        "mail {} not delivered (attempt {}): {e}",
                        item.id,
                        item.attempts + 1
                    );
                    self.ctx
                        .store
                        .mail_failed(item.id, &e.to_string(), now + Duration::seconds(delay))
                        .await
                }
            };
            if let Err(e) = outcome {
                tracing::error!("cannot update the mail outbox: {e}");
            }
            if let Some(ticket_id) = item.ticket_id {
                self.ctx.emit(Event::TicketChanged { ticket_id });
            }
        }
    }

    pub async fn pending_mail(&self) -> Result<Vec<PendingMail>, crate::error::CoreError> {
        Ok(self
            .ctx
            .store
            .pending_mail()
            .await?
            .into_iter()
            .map(|m| PendingMail {
                to: m.mail.to,
                subject: m.mail.subject,
                ticket_id: m.ticket_id,
                attempts: m.attempts,
                last_error: m.last_error,
                next_attempt_at: m.next_attempt_at,
            })
            .collect())
    }

    /// Retries every pending mail now (the ticket's *Retry now*).
    pub async fn retry_mail_now(&self) -> Result<u32, crate::error::CoreError> {
        self.ctx.store.retry_mail_now(self.ctx.clock.now()).await?;
        self.flush_mail().await;
        Ok(self.ctx.store.pending_mail().await?.len() as u32)
    }
}
