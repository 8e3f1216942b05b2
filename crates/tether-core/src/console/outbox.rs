//! SPEC TK2: provider actions that could not be delivered are kept and retried; one the
//! provider refused for good is kept too, with the reason, until a technician retries or
//! discards it. Nothing is dropped silently.

use chrono::Duration;

use crate::domain::{provider_app, PendingAction};
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::provider::ProviderAction;
use crate::ports::store::OutboxItem;
use crate::ports::ProviderError;

use super::syncro_alerts::RESOLVE_ALERT;
use super::Sessions;

/// The outbox's name for SD4's request, which waits when the provider cannot be reached.
pub(crate) const REQUEST_PERMISSION: &str = "request_permission";

impl Sessions {
    /// Delivers what is due. Failures stay queued with a growing delay; the board shows how
    /// many actions wait.
    pub async fn flush_outbox(&self) {
        let _one_at_a_time = self.ctx.outbox_lock.lock().await;
        let now = self.ctx.clock.now();
        let due = match self.ctx.store.due_outbox(now).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!("cannot read the outbox: {e}");
                return;
            }
        };
        if due.is_empty() {
            return;
        }
        for item in due {
            let syncro = item.provider == crate::domain::syncro::PROVIDER;
            let action = match item.action.as_str() {
                "close" => ProviderAction::Close,
                "delete" => ProviderAction::Delete,
                REQUEST_PERMISSION => ProviderAction::RequestPermission,
                // SY7: a ticket resolved here resolves its alert in Syncro.
                RESOLVE_ALERT if syncro => ProviderAction::Close,
                other => {
                    tracing::error!("unknown outbox action {other:?}; dropped");
                    let _ = self.ctx.store.outbox_done(item.id).await;
                    continue;
                }
            };
            // The provider row on the board is the attended provider's: another's outcome
            // does not change it.
            let own = item.provider != crate::domain::teamviewer::PROVIDER && !syncro;
            let result = if syncro {
                match item.provider_session_id.parse::<i64>() {
                    Ok(alert) => self.ctx.rmm.resolve_alert(alert).await,
                    Err(_) => Err(ProviderError::Vendor {
                        code: 0,
                        message: format!("{:?} is not a Syncro alert", item.provider_session_id),
                    }),
                }
            } else if !own {
                // TeamViewer closes a code; it has no delete (§2.3), and nothing else waits.
                match action {
                    ProviderAction::Close | ProviderAction::Delete => {
                        self.ctx
                            .remote_control
                            .close_session(&item.provider_session_id)
                            .await
                    }
                    ProviderAction::RequestPermission => Err(ProviderError::Vendor {
                        code: 0,
                        message: "TeamViewer has no permission request".into(),
                    }),
                }
            } else {
                self.ctx
                    .provider
                    .act(&item.provider_session_id, action)
                    .await
            };
            let outcome = match result {
                // A session gone at the provider cannot be asked for permission any more.
                Err(ProviderError::NotFound) if action == ProviderAction::RequestPermission => {
                    let message = "the provider no longer knows the session";
                    self.ctx.store.outbox_refused(item.id, message, now).await
                }
                // The provider no longer knowing the session is what close/delete wanted.
                Ok(()) | Err(ProviderError::NotFound) => {
                    if own {
                        self.ctx.provider_ok();
                    }
                    self.ctx.store.outbox_done(item.id).await
                }
                // The provider understood and refused: retrying on its own cannot help. Keep
                // it with the reason, for a technician to retry or discard.
                Err(e @ ProviderError::Vendor { .. }) => {
                    tracing::warn!(
                        "{} {} refused by the provider: {e}",
                        item.action,
                        item.provider_session_id
                    );
                    let message = e.to_string();
                    if own {
                        self.ctx.provider_failed(e);
                    }
                    self.ctx.store.outbox_refused(item.id, &message, now).await
                }
                Err(e) => {
                    let delay = match &e {
                        ProviderError::RateLimited { retry_after_secs } => {
                            Duration::seconds(i64::try_from(*retry_after_secs).unwrap_or(3600))
                        }
                        _ => Duration::seconds(2i64.pow(item.attempts.min(8))),
                    };
                    let message = e.to_string();
                    if own {
                        self.ctx.provider_failed(e);
                    }
                    self.ctx
                        .store
                        .outbox_failed(item.id, &message, now + delay)
                        .await
                }
            };
            if let Err(e) = outcome {
                tracing::error!("cannot update the outbox: {e}");
            }
        }
        self.ctx.emit(Event::BoardChanged);
    }
}

impl Sessions {
    /// TK2: every provider action waiting, refused or not.
    pub async fn pending_actions(&self) -> Result<Vec<PendingAction>, CoreError> {
        let items = self.ctx.store.outbox().await?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.describe(item).await?);
        }
        Ok(out)
    }

    /// TK2 *Retry*: sends it now (after the provider's settings were fixed, say).
    pub async fn retry_action(&self, id: u32) -> Result<(), CoreError> {
        let now = self.ctx.clock.now();
        if !self.ctx.store.outbox_retry(i64::from(id), now).await? {
            return Err(CoreError::NotFound {
                what: "pending action",
                id: id.to_string(),
            });
        }
        self.flush_outbox().await;
        Ok(())
    }

    /// TK2 *Discard*: the technician gives up on it (the session stays as Tether has it).
    pub async fn discard_action(&self, id: u32) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        let item = self
            .ctx
            .store
            .outbox()
            .await?
            .into_iter()
            .find(|i| i.id == i64::from(id))
            .ok_or_else(|| CoreError::NotFound {
                what: "pending action",
                id: id.to_string(),
            })?;
        tracing::info!(
            "{} discarded {} of {} at {} ({})",
            me.id,
            item.action,
            item.provider_session_id,
            item.provider,
            item.last_error.as_deref().unwrap_or("not delivered yet")
        );
        self.ctx.store.outbox_done(item.id).await?;
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }

    /// The actions waiting for one session of the board.
    pub(crate) async fn pending_for(
        &self,
        provider: &str,
        provider_session_id: &str,
    ) -> Result<Vec<PendingAction>, CoreError> {
        let mut out = Vec::new();
        for item in self.ctx.store.outbox().await? {
            if item.provider == provider && item.provider_session_id == provider_session_id {
                out.push(self.describe(item).await?);
            }
        }
        Ok(out)
    }

    async fn describe(&self, item: OutboxItem) -> Result<PendingAction, CoreError> {
        let session = self
            .ctx
            .store
            .session_by_provider_id(&item.provider, &item.provider_session_id)
            .await?;
        let what = match item.action.as_str() {
            "close" => "Close the session",
            "delete" => "Delete the session",
            REQUEST_PERMISSION => "Ask the end user for permission",
            RESOLVE_ALERT => "Resolve the alert",
            other => other,
        };
        Ok(PendingAction {
            id: u32::try_from(item.id).unwrap_or(u32::MAX),
            label: format!("{what} at {}", provider_app(&item.provider)),
            session_id: session.as_ref().map(|s| s.id.clone()),
            customer_name: session.map(|s| s.customer_name),
            provider: item.provider,
            action: item.action,
            attempts: item.attempts,
            last_error: item.last_error,
            next_attempt_at: item.next_attempt_at,
            refused: item.refused_at.is_some(),
        })
    }
}
