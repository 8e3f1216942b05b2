//! SD6: turns bus events into native notifications through the shell's notifier.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::broadcast::error::RecvError;

use crate::event::Event;
use crate::notification::{notification_for, Audience};
use crate::ports::Notifier;

use super::{lock, Console};

impl Console {
    /// Listens to the bus and notifies until the returned task is aborted.
    pub fn spawn_notifications(
        self: &Arc<Self>,
        notifier: Arc<dyn Notifier>,
    ) -> tokio::task::JoinHandle<()> {
        let console = Arc::clone(self);
        let mut events = self.subscribe();
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(event) => console.dispatch(&event, notifier.as_ref()).await,
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!("notifications fell behind; {missed} events skipped")
                    }
                    Err(RecvError::Closed) => break,
                }
            }
        })
    }

    async fn dispatch(&self, event: &Event, notifier: &dyn Notifier) {
        if !matches!(event, Event::SessionChanged { .. }) {
            return;
        }
        let audience = async {
            let me = self.me().await?;
            let muted: HashSet<String> = self
                .store
                .muted_channels(&me.id)
                .await?
                .into_iter()
                .collect();
            let channels = self.store.channels().await?;
            Ok::<_, crate::error::CoreError>((me, muted, channels))
        };
        let (me, muted, channels) = match audience.await {
            Ok(a) => a,
            Err(e) => {
                tracing::error!("cannot decide on a notification: {e}");
                return;
            }
        };
        let audience = Audience {
            me: &me.id,
            muted: &muted,
            channels: &channels,
        };
        let Some(notification) = notification_for(event, &audience) else {
            return;
        };
        let result = notifier.notify(&notification);
        let health = {
            let mut h = lock(&self.notifier_health);
            match &result {
                Ok(()) => h.sent += 1,
                Err(e) => {
                    tracing::error!("notification not shown: {e}");
                    h.failed += 1;
                    h.last_error = Some(e.clone());
                    h.last_error_at = Some(self.clock.now());
                }
            }
            h.clone()
        };
        match result {
            Ok(()) => self.emit(Event::Notified { notification }),
            Err(_) => self.emit(Event::NotifierHealth { health }),
        }
    }
}
