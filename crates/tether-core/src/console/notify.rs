//! SD6: turns bus events into native notifications through the shell's notifier.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::broadcast::error::RecvError;

use crate::event::Event;
use crate::notification::{notification_for, Audience};
use crate::ports::Notifier;

use super::{lock, Context};

/// The notification loop: every bus event the SD6 rule picks becomes a native notification.
pub struct Notifications {
    ctx: Arc<Context>,
}

impl Notifications {
    pub fn new(ctx: Arc<Context>) -> Notifications {
        Notifications { ctx }
    }

    /// Listens to the bus and notifies until the returned task is aborted.
    pub fn spawn(self, notifier: Arc<dyn Notifier>) -> tokio::task::JoinHandle<()> {
        let mut events = self.ctx.subscribe();
        let console = self;
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
            let me = self.ctx.me().await?;
            let muted: HashSet<String> = self
                .ctx
                .store
                .muted_channels(&me.id)
                .await?
                .into_iter()
                .collect();
            let channels = self.ctx.store.channels().await?;
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
            let mut h = lock(&self.ctx.notifier_health);
            match &result {
                Ok(()) => h.sent += 1,
                Err(e) => {
                    tracing::error!("notification not shown: {e}");
                    h.failed += 1;
                    h.last_error = Some(e.clone());
                    h.last_error_at = Some(self.ctx.clock.now());
                }
            }
            h.clone()
        };
        match result {
            Ok(()) => self.ctx.emit(Event::Notified { notification }),
            Err(_) => self.ctx.emit(Event::NotifierHealth { health }),
        }
    }
}
