//! What every area of the console shares: the ports to the outside world, the clock, the
//! event bus, the providers' health, and the locks that keep background work and user
//! actions from doing the same thing twice. Helpers that every area reads (who is at the
//! desk, a channel, a ticket, a stored setting) are implemented on it beside their concept.

use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, Notify};

use crate::clock::Clock;
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::notifier::NotifierHealth;
use crate::ports::provider::ProviderHealth;
use crate::ports::{
    AttendedProvider, CallerOpens, IntegrationConfig, Mailer, NoAppliance, NoMailer,
    NoRemoteControl, NoSms, NothingConfigured, Opener, RemoteControl, SmsSender, Store,
    SupportAppliance,
};

use super::ConsoleOptions;

pub struct Context {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) provider: Arc<dyn AttendedProvider>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) events: broadcast::Sender<Event>,
    pub(crate) health: Mutex<ProviderHealth>,
    pub(crate) notifier_health: Mutex<NotifierHealth>,
    /// Wakes the poller early: a new session or a user action makes a change likely.
    pub(crate) wake: Notify,
    /// One outbox delivery at a time, so the poller and a user action never send twice.
    pub(crate) outbox_lock: tokio::sync::Mutex<()>,
    pub(crate) mailer: Arc<dyn Mailer>,
    pub(crate) sms: Arc<dyn SmsSender>,
    pub(crate) mail_lock: tokio::sync::Mutex<()>,
    pub(crate) config: Arc<dyn IntegrationConfig>,
    pub(crate) appliance: Arc<dyn SupportAppliance>,
    pub(crate) remote_control: Arc<dyn RemoteControl>,
    /// SyncroMSP (imports, alerts).
    pub(crate) rmm: Arc<dyn crate::ports::Rmm>,
    /// SY5: the preview waiting for *Run import*.
    pub(crate) syncro_preview: tokio::sync::Mutex<Option<super::syncro_import::HeldPreview>>,
    /// SY6: the daily sync is not tried again before this (after a failure).
    pub(crate) syncro_next_sync: Mutex<Option<chrono::DateTime<chrono::Utc>>>,
    /// SY7: Syncro's alerts are not read again before this.
    pub(crate) syncro_alerts_next: Mutex<Option<chrono::DateTime<chrono::Utc>>>,
    /// Wakes the Syncro task early (a webhook event, a ticket resolved).
    pub(crate) syncro_wake: Notify,
    /// One processor of Syncro's webhook events at a time.
    pub(crate) syncro_intake_lock: tokio::sync::Mutex<()>,
    /// When the poller may next ask TeamViewer (less often than the board, and later when
    /// TeamViewer said to wait).
    pub(crate) tv_next_sync: Mutex<Option<std::time::Instant>>,
    /// When the open codes were last listed (codes made outside Tether), on the core's clock.
    pub(crate) tv_listed_at: Mutex<Option<chrono::DateTime<chrono::Utc>>>,
    /// Opens the URLs the core builds (launches, *Start remote session*).
    pub(crate) opener: Arc<dyn Opener>,
    /// The appliance's logged-in reps, reused for a short while (BT: do not poll hard).
    pub(crate) bt_reps: Mutex<
        Option<(
            std::time::Instant,
            Vec<crate::domain::beyondtrust::LoggedInRep>,
        )>,
    >,
    /// One intake round at a time: an event and the reconciliation poll never both add.
    pub(crate) intake_lock: tokio::sync::Mutex<()>,
    /// Acts as this technician instead of the one chosen in Settings (CLI `--as`).
    pub(crate) actor_override: Option<String>,
    /// Sessions the provider last said a technician is connected to (SP2), so a poll writes
    /// only when that changes.
    pub(crate) connected: Mutex<std::collections::HashSet<String>>,
    /// When the poller last asked the provider about each open session (the budget's order).
    pub(crate) asked_at: Mutex<std::collections::HashMap<String, chrono::DateTime<chrono::Utc>>>,
    /// The poller's first round: staleness of a session not yet asked about counts from it.
    pub(crate) poll_started: Mutex<Option<chrono::DateTime<chrono::Utc>>>,
    pub(crate) freshness: Mutex<super::poll_budget::Freshness>,
    pub(crate) demo: bool,
}

impl Context {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        provider: Arc<dyn AttendedProvider>,
        clock: Arc<dyn Clock>,
        options: ConsoleOptions,
    ) -> Context {
        let (events, _) = broadcast::channel(1024);
        let health = ProviderHealth {
            provider: provider.name().to_string(),
            online: false,
            error: None,
            last_ok_at: None,
            demo: options.demo,
            rate_limited_until: None,
        };
        Context {
            store,
            provider,
            clock,
            events,
            health: Mutex::new(health),
            notifier_health: Mutex::new(NotifierHealth::default()),
            wake: Notify::new(),
            outbox_lock: tokio::sync::Mutex::new(()),
            mailer: options.mailer.unwrap_or_else(|| Arc::new(NoMailer)),
            sms: options.sms.unwrap_or_else(|| Arc::new(NoSms)),
            mail_lock: tokio::sync::Mutex::new(()),
            config: options
                .config
                .unwrap_or_else(|| Arc::new(NothingConfigured)),
            appliance: options.appliance.unwrap_or_else(|| Arc::new(NoAppliance)),
            remote_control: options
                .remote_control
                .unwrap_or_else(|| Arc::new(NoRemoteControl)),
            rmm: options.rmm.unwrap_or_else(|| Arc::new(crate::ports::NoRmm)),
            syncro_preview: tokio::sync::Mutex::new(None),
            syncro_next_sync: Mutex::new(None),
            syncro_alerts_next: Mutex::new(None),
            syncro_wake: Notify::new(),
            syncro_intake_lock: tokio::sync::Mutex::new(()),
            tv_next_sync: Mutex::new(None),
            tv_listed_at: Mutex::new(None),
            opener: options.opener.unwrap_or_else(|| Arc::new(CallerOpens)),
            bt_reps: Mutex::new(None),
            intake_lock: tokio::sync::Mutex::new(()),
            actor_override: options.actor_override,
            connected: Mutex::new(Default::default()),
            asked_at: Mutex::new(Default::default()),
            poll_started: Mutex::new(None),
            freshness: Mutex::new(Default::default()),
            demo: options.demo,
        }
    }

    /// Every change the UI or a notification cares about.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    pub(crate) fn emit(&self, event: Event) {
        // No subscriber is fine: the CLI runs most commands without listening.
        let _ = self.events.send(event);
    }

    /// Hands a URL the core built to the system, if this front end has an opener. The demo
    /// opens nothing: its sessions are the sandbox's, so the window shows a simulated viewer.
    pub(crate) fn open(&self, url: &str, what: &str) -> Result<Opening, CoreError> {
        if self.demo {
            return Ok(Opening {
                opened: false,
                demo_viewer: Some(what.to_string()),
            });
        }
        let opened = self.opener.open(url).map_err(|details| {
            let scheme = url.split_once("://").map_or(url, |(s, _)| s);
            CoreError::OpenFailed {
                message: format!(
                    "{what} did not open: nothing on this computer opens {scheme}:// links. \
                     Is the app installed?"
                ),
                details,
            }
        })?;
        Ok(Opening {
            opened,
            demo_viewer: None,
        })
    }
}

/// What became of a URL handed to [`Context::open`].
pub(crate) struct Opening {
    pub opened: bool,
    /// In the demo: what would have opened ("the Splashtop Business app").
    pub demo_viewer: Option<String>,
}
