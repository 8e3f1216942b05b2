//! SPEC TK2 for email: every invitation's mail waits in the outbox until the server takes
//! it; failures stay pending on the ticket with the reason, and are retried with back-off.

use chrono::Duration;

use crate::domain::invitation::parse_recipients;
use crate::domain::{PendingMail, TicketAction, TicketActionKind};
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::mailer::MailError;
use crate::ports::MailItem;
use crate::ports::Via;

use super::Invitations;

/// The longest wait between two attempts.
const MAX_BACKOFF_SECS: i64 = 15 * 60;
/// How long a round holds the rows it took: longer than a send's timeout, short enough that
/// a crash mid-send delays the rest by minutes, not hours.
const LEASE_SECS: i64 = 120;
/// An invitation is useful for about as long as its link or key lives: older mail is not
/// sent on its own, and waits for a technician's *Retry*, correction or discard.
pub(crate) const MAX_MAIL_AGE: Duration = Duration::hours(24);
/// With nothing due, the worker still looks this often (mail queued by the CLI beside it).
const MAIL_IDLE: std::time::Duration = std::time::Duration::from_secs(5);

impl Invitations {
    /// Delivers the mail that is due. One delivery round at a time in this process; rows are
    /// claimed, so another process on the same cache does not send them too. A server that
    /// does not answer ends the round: the rest waits rather than each timing out in turn.
    pub async fn flush_mail(&self) {
        let _one_at_a_time = self.ctx.mail_lock.lock().await;
        let now = self.ctx.clock.now();
        let lease = now + Duration::seconds(LEASE_SECS);
        let due = match self.ctx.store.claim_due_mail(now, lease).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!("cannot read the mail outbox: {e}");
                return;
            }
        };
        let mut stop = false;
        for item in due {
            if now - item.created_at > MAX_MAIL_AGE {
                let why = "not delivered within a day of the invitation; its link may have \
                           expired: retry it, correct it or discard it";
                if let Err(e) = self.ctx.store.mail_refused(item.id, why, now).await {
                    tracing::error!("cannot update the mail outbox: {e}");
                }
                if let Some(ticket_id) = item.ticket_id {
                    self.ctx.emit(Event::TicketChanged { ticket_id });
                }
                continue;
            }
            let sent = match item.mail.via {
                Via::Email => self.ctx.mailer.send(&item.mail).await,
                Via::Sms => match item.mail.to.first() {
                    Some(to) => self.ctx.sms.send(to, &item.mail.text).await,
                    None => Err(MailError::Refused("an SMS without a number".into())),
                },
            };
            let outcome = match sent {
                Ok(()) => self.ctx.store.mail_sent(item.id).await,
                // Refused for good (a bad recipient, a login the server rejects): kept, with
                // the reason, for a technician to retry, correct or discard. Never dropped,
                // never sent again on its own.
                Err(MailError::Refused(why)) => {
                    tracing::warn!("mail {} refused by the server: {why}", item.id);
                    self.ctx.store.mail_refused(item.id, &why, now).await
                }
                Err(e) => {
                    // Unreachable, or no account yet: keep it and try again later. An admin
                    // fixing the SMTP settings should not have to resend by hand.
                    stop = true;
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
            if stop {
                // The rest of the claim lapses at the end of the lease, and is tried then.
                break;
            }
        }
    }

    /// The mail worker, apart from the board's poll: a mail server that stops answering
    /// never holds up the sessions. New mail is tried at once by whoever queued it (the
    /// invite, *Retry*); this picks up what is due later. Until the returned task is aborted.
    pub fn spawn_mail(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                self.flush_mail().await;
                tokio::time::sleep(MAIL_IDLE).await;
            }
        })
    }

    pub async fn pending_mail(&self) -> Result<Vec<PendingMail>, CoreError> {
        Ok(self
            .ctx
            .store
            .pending_mail()
            .await?
            .into_iter()
            .map(|m| PendingMail {
                id: u32::try_from(m.id).unwrap_or(u32::MAX),
                action_id: m.action_id,
                refused: m.refused_at.is_some(),
                to: m.mail.to,
                subject: m.mail.subject,
                ticket_id: m.ticket_id,
                attempts: m.attempts,
                last_error: m.last_error,
                next_attempt_at: m.next_attempt_at,
            })
            .collect())
    }

    /// TK2: a technician gives up on an email the server refused. The ticket's timeline
    /// says who, to whom and why.
    pub async fn discard_mail(&self, id: u32) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        let item = self.mail_item(id).await?;
        self.ctx.store.discard_mail(item.id).await?;
        if let Some(ticket_id) = &item.ticket_id {
            let why = item
                .last_error
                .as_deref()
                .map_or(String::new(), |e| format!(" (the server said: {e})"));
            self.note(
                ticket_id,
                &me.id,
                format!(
                    "{} discarded the email to {}{why}",
                    me.name,
                    item.mail.to.join(", ")
                ),
            )
            .await?;
        }
        Ok(())
    }

    /// TK2: new recipients for an email (a typo the server refused), sent now. The ticket's
    /// timeline says who corrected it, from what to what.
    pub async fn correct_mail(&self, id: u32, recipients: &str) -> Result<PendingMail, CoreError> {
        let me = self.ctx.me().await?;
        let item = self.mail_item(id).await?;
        // An SMS is corrected to a phone number, an email to addresses.
        let (to, what) = match item.mail.via {
            Via::Sms => (
                vec![crate::domain::phone::normalise_phone(recipients)?],
                "SMS",
            ),
            Via::Email => (parse_recipients(recipients)?, "email"),
        };
        let now = self.ctx.clock.now();
        self.ctx.store.readdress_mail(item.id, &to, now).await?;
        if let Some(ticket_id) = &item.ticket_id {
            self.note(
                ticket_id,
                &me.id,
                format!(
                    "{} corrected the {what} to {} → {}",
                    me.name,
                    item.mail.to.join(", "),
                    to.join(", ")
                ),
            )
            .await?;
        }
        self.flush_mail().await;
        let left = self.pending_mail().await?;
        Ok(left
            .into_iter()
            .find(|m| m.id == id)
            .unwrap_or(PendingMail {
                id,
                action_id: item.action_id,
                to,
                subject: item.mail.subject,
                ticket_id: item.ticket_id,
                attempts: item.attempts,
                last_error: None,
                next_attempt_at: now,
                refused: false,
            }))
    }

    async fn mail_item(&self, id: u32) -> Result<MailItem, CoreError> {
        self.ctx
            .store
            .mail_item(i64::from(id))
            .await?
            .ok_or_else(|| CoreError::NotFound {
                what: "email",
                id: id.to_string(),
            })
    }

    /// A note on the ticket's timeline, by `actor`.
    async fn note(&self, ticket_id: &str, actor: &str, note: String) -> Result<(), CoreError> {
        let action = TicketAction {
            id: 0,
            ticket_id: ticket_id.to_string(),
            at: self.ctx.clock.now(),
            actor: actor.to_string(),
            kind: TicketActionKind::Note,
            note,
            transcript: None,
            invitation: None,
            delivery: None,
            delivery_error: None,
            logged_seconds: None,
        };
        self.ctx.store.add_ticket_action(&action).await?;
        self.ctx.emit(Event::TicketChanged {
            ticket_id: ticket_id.to_string(),
        });
        Ok(())
    }

    /// Retries every pending mail now (the ticket's *Retry now*).
    pub async fn retry_mail_now(&self) -> Result<u32, CoreError> {
        self.ctx.store.retry_mail_now(self.ctx.clock.now()).await?;
        self.flush_mail().await;
        Ok(self.ctx.store.pending_mail().await?.len() as u32)
    }
}
