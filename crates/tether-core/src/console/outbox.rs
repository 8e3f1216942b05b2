//! SPEC TK2: provider actions that could not be delivered are kept and retried.

use chrono::Duration;

use crate::event::Event;
use crate::ports::provider::ProviderAction;
use crate::ports::ProviderError;

use super::Sessions;

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
            let action = match item.action.as_str() {
                "close" => ProviderAction::Close,
                "delete" => ProviderAction::Delete,
                other => {
                    tracing::error!("unknown outbox action {other:?}; dropped");
                    let _ = self.ctx.store.outbox_done(item.id).await;
                    continue;
                }
            };
            let result = self
                .ctx
                .provider
                .act(&item.provider_session_id, action)
                .await;
            let outcome = match result {
                // The provider no longer knowing the session is what close/delete wanted.
                Ok(()) | Err(ProviderError::NotFound) => {
                    self.ctx.provider_ok();
                    self.ctx.store.outbox_done(item.id).await
                }
                // The provider understood and refused: retrying cannot help. Say so on its
                // row and in the log, and stop.
                Err(e @ ProviderError::Vendor { .. }) => {
                    tracing::error!(
                        "{} {} refused by the provider, dropped: {e}",
                        item.action,
                        item.provider_session_id
                    );
                    self.ctx.provider_failed(e);
                    self.ctx.store.outbox_done(item.id).await
                }
                Err(e) => {
                    let delay = match &e {
                        ProviderError::RateLimited { retry_after_secs } => {
                            Duration::seconds(i64::try_from(*retry_after_secs).unwrap_or(3600))
                        }
                        _ => Duration::seconds(2i64.pow(item.attempts.min(8))),
                    };
                    let message = e.to_string();
                    self.ctx.provider_failed(e);
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
