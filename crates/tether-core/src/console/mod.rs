//! The use cases. One `Console` object whose methods are the app's commands: the Tauri
//! shell, the CLI and the tests all call these and nothing below them.

mod access;
mod actions;
mod beyondtrust;
mod board;
mod desk;
mod health;
mod invite;
mod launch;
mod mail;
mod notify;
mod outbox;
mod poller;
mod remote_support;
mod settings;
mod sync;

use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, Notify};

use crate::clock::Clock;
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::notifier::NotifierHealth;
use crate::ports::provider::ProviderHealth;
use crate::ports::{
    AttendedProvider, CallerOpens, IntegrationConfig, Mailer, NoAppliance, NoMailer,
    NothingConfigured, Opener, Store, SupportAppliance,
};

pub use beyondtrust::{IntakeReport, IntakeRound, UnlinkedSession};
pub use board::{AppSettings, Board, ChannelSummary, StateCounts};
pub use desk::{AssetDetail, DeskImport, Directory, ImportReport, ImportedTicket, TicketCreated};
pub use invite::{InvitePreview, InviteRequest};
pub use launch::Launch;
pub use mail::PendingMail;
pub use poller::PollReport;
pub use remote_support::TemplatePreview;

pub struct Console {
    store: Arc<dyn Store>,
    provider: Arc<dyn AttendedProvider>,
    clock: Arc<dyn Clock>,
    events: broadcast::Sender<Event>,
    health: Mutex<ProviderHealth>,
    notifier_health: Mutex<NotifierHealth>,
    /// Wakes the poller early: a new session or a user action makes a change likely.
    wake: Notify,
    /// One outbox delivery at a time, so the poller and a user action never send twice.
    outbox_lock: tokio::sync::Mutex<()>,
    mailer: Arc<dyn Mailer>,
    mail_lock: tokio::sync::Mutex<()>,
    config: Arc<dyn IntegrationConfig>,
    appliance: Arc<dyn SupportAppliance>,
    /// Opens the URLs the core builds (launches, *Start remote session*).
    opener: Arc<dyn Opener>,
    /// The appliance's logged-in reps, reused for a short while (BT: do not poll hard).
    bt_reps: Mutex<
        Option<(
            std::time::Instant,
            Vec<crate::domain::beyondtrust::LoggedInRep>,
        )>,
    >,
    /// One intake round at a time: an event and the reconciliation poll never both add.
    intake_lock: tokio::sync::Mutex<()>,
    /// Acts as this technician instead of the one chosen in Settings (CLI `--as`).
    actor_override: Option<String>,
    demo: bool,
}

#[derive(Default)]
pub struct ConsoleOptions {
    /// The provider is the built-in sandbox: the board is labelled as a demo.
    pub demo: bool,
    pub actor_override: Option<String>,
    /// Sends invitations; without one, invitations are refused with how to set it up.
    pub mailer: Option<Arc<dyn Mailer>>,
    /// What Settings → Integrations holds (the BeyondTrust host for jump buttons).
    pub config: Option<Arc<dyn IntegrationConfig>>,
    /// The BeyondTrust appliance (keys, reps, teams, reports).
    pub appliance: Option<Arc<dyn SupportAppliance>>,
    /// Opens launch URLs with the system; without one, the caller opens them.
    pub opener: Option<Arc<dyn Opener>>,
}

impl Console {
    pub fn new(
        store: Arc<dyn Store>,
        provider: Arc<dyn AttendedProvider>,
        clock: Arc<dyn Clock>,
        options: ConsoleOptions,
    ) -> Arc<Console> {
        let (events, _) = broadcast::channel(1024);
        let health = ProviderHealth {
            provider: provider.name().to_string(),
            online: false,
            error: None,
            last_ok_at: None,
            demo: options.demo,
        };
        Arc::new(Console {
            store,
            provider,
            clock,
            events,
            health: Mutex::new(health),
            notifier_health: Mutex::new(NotifierHealth::default()),
            wake: Notify::new(),
            outbox_lock: tokio::sync::Mutex::new(()),
            mailer: options.mailer.unwrap_or_else(|| Arc::new(NoMailer)),
            mail_lock: tokio::sync::Mutex::new(()),
            config: options
                .config
                .unwrap_or_else(|| Arc::new(NothingConfigured)),
            appliance: options.appliance.unwrap_or_else(|| Arc::new(NoAppliance)),
            opener: options.opener.unwrap_or_else(|| Arc::new(CallerOpens)),
            bt_reps: Mutex::new(None),
            intake_lock: tokio::sync::Mutex::new(()),
            actor_override: options.actor_override,
            demo: options.demo,
        })
    }

    /// Every change the UI or a notification cares about.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    pub fn is_demo(&self) -> bool {
        self.demo
    }

    /// Hands a URL the core built to the system, if this front end has an opener.
    pub(crate) fn open(&self, url: &str, what: &str) -> Result<bool, CoreError> {
        self.opener
            .open(url)
            .map_err(|e| CoreError::OpenFailed(format!("{what} did not open ({e})")))
    }

    /// For the use cases that live beside the console (an authorisation waiting for the
    /// browser): their news travels on the same bus.
    pub fn announce(&self, event: Event) {
        self.emit(event);
    }

    fn emit(&self, event: Event) {
        // No subscriber is fine: the CLI runs most commands without listening.
        let _ = self.events.send(event);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_send<T: Send>(_: &T) {}

    /// The shell runs these on a multi-threaded runtime: every use case must be `Send`.
    #[allow(dead_code)]
    fn use_cases_are_send(c: &Console) {
        is_send(&c.board());
        is_send(&c.list_sessions(&crate::domain::ChannelRef::Home));
        is_send(&c.session_detail(""));
        is_send(&c.create_session(crate::domain::NewSession {
            channel_id: String::new(),
            customer_name: String::new(),
            issue: String::new(),
        }));
        is_send(&c.request_permission(""));
        is_send(&c.start_remote(""));
        is_send(&c.assign("", ""));
        is_send(&c.transfer_to_channel("", ""));
        is_send(&c.invite_technician("", ""));
        is_send(&c.release(""));
        is_send(&c.close(""));
        is_send(&c.delete(""));
        is_send(&c.poll_once());
        is_send(&c.set_poll_interval(0));
    }
}
