//! The use cases, by area, over one shared context: the board and its sessions, the
//! technicians and channel settings, the ticket desk, invitations and mail, BeyondTrust.
//! The command table calls these and nothing below them; background work (the poller, the
//! intake, notifications) runs in types of its own over the same areas.

mod access;
mod actions;
mod beyondtrust;
mod board;
mod context;
mod desk;
mod event_retry;
mod health;
mod intake;
mod invite;
mod launch;
mod mail;
mod notify;
mod outbox;
pub mod poll_budget;
mod poller;
mod remote_support;
mod session_backoff;
mod session_import;
mod settings;
mod sync;
mod syncro_alerts;
mod syncro_import;
mod team_mirror;
mod teamviewer;
mod teamviewer_outside;

use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

use crate::clock::Clock;
use crate::domain::Technician;
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::{
    AttendedProvider, IntegrationConfig, Mailer, Notifier, Opener, RemoteControl, SmsSender, Store,
    SupportAppliance,
};

pub use crate::domain::PendingAction;
pub use crate::domain::PendingMail;
pub use crate::domain::StateCounts;
pub use beyondtrust::{IntakeReport, IntakeRound, UnlinkedSession};
pub use board::{waiting_label, window_title, AppSettings, Board, ChannelSummary};
pub use context::Context;
pub use desk::{AssetDetail, DeskImport, Directory, ImportReport, ImportedTicket, TicketCreated};
pub use intake::Intake;
pub use invite::{ChatInvitePreview, InvitePreview, InviteRequest};
pub use launch::Launch;
pub use notify::Notifications;
pub use poll_budget::Freshness;
pub use poller::Poller;
pub use poller::{pace, PollReport};
pub use remote_support::TemplatePreview;

/// SD1–SD5: the board, and what a technician does with a session.
#[derive(Clone)]
pub struct Sessions {
    pub(crate) ctx: Arc<Context>,
}

/// Technicians, who is at this desk, the poll interval, channel settings (SD6, SD7, SP1).
#[derive(Clone)]
pub struct Settings {
    pub(crate) ctx: Arc<Context>,
    /// A shorter timeout may expire sessions at once.
    pub(crate) sessions: Sessions,
}

/// BT1–BT8: the appliance's keys, reps and teams, and what finished sessions leave behind.
#[derive(Clone)]
pub struct BeyondTrust {
    pub(crate) ctx: Arc<Context>,
}

/// IN1–IN8: invitations, their templates and the mail outbox (TK2).
#[derive(Clone)]
pub struct Invitations {
    pub(crate) ctx: Arc<Context>,
    /// An invitation opens a session on the board (Splashtop)…
    pub(crate) sessions: Sessions,
    /// …or a session key at the appliance (BeyondTrust).
    pub(crate) beyondtrust: BeyondTrust,
}

/// TV2–TV5: TeamViewer sessions made from tickets, and their reports.
#[derive(Clone)]
pub struct TeamViewer {
    pub(crate) ctx: Arc<Context>,
    /// The invitation email goes through the mail outbox.
    pub(crate) invitations: Invitations,
    /// Its sessions are on the board too.
    pub(crate) sessions: Sessions,
    /// Sessions TeamViewer keeps failing on wait; shared by the console and its poller.
    pub(crate) backoff: session_backoff::SessionBackoff,
}

/// SY2–SY7: customers and assets imported from SyncroMSP, and its RMM alerts as tickets.
#[derive(Clone)]
pub struct Syncro {
    pub(crate) ctx: Arc<Context>,
}

/// TK1, UA1–UA7: tickets, assets, chats and launches.
#[derive(Clone)]
pub struct Desk {
    pub(crate) ctx: Arc<Context>,
    /// A ticket type may send an invitation on creation (IN3).
    pub(crate) invitations: Invitations,
}

/// Everything the window, `tether serve` and the CLI can ask of the core, by area.
pub struct Console {
    ctx: Arc<Context>,
    pub sessions: Sessions,
    pub settings: Settings,
    pub desk: Desk,
    pub invitations: Invitations,
    pub beyondtrust: BeyondTrust,
    pub teamviewer: TeamViewer,
    pub syncro: Syncro,
    pub poller: Poller,
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
    /// TeamViewer (sessions from tickets, reports); without one, it is off.
    pub remote_control: Option<Arc<dyn RemoteControl>>,
    /// The SMS gateway (a pilot session's link to the requester's phone).
    pub sms: Option<Arc<dyn SmsSender>>,
    /// SyncroMSP (imports, alerts); without one, it is off.
    pub rmm: Option<Arc<dyn crate::ports::Rmm>>,
}

impl Console {
    pub fn new(
        store: Arc<dyn Store>,
        provider: Arc<dyn AttendedProvider>,
        clock: Arc<dyn Clock>,
        options: ConsoleOptions,
    ) -> Arc<Console> {
        let ctx = Arc::new(Context::new(store, provider, clock, options));
        let tv_backoff = session_backoff::SessionBackoff::default();
        let sessions = Sessions { ctx: ctx.clone() };
        let beyondtrust = BeyondTrust { ctx: ctx.clone() };
        let invitations = Invitations {
            ctx: ctx.clone(),
            sessions: sessions.clone(),
            beyondtrust: beyondtrust.clone(),
        };
        Arc::new(Console {
            settings: Settings {
                ctx: ctx.clone(),
                sessions: sessions.clone(),
            },
            desk: Desk {
                ctx: ctx.clone(),
                invitations: invitations.clone(),
            },
            teamviewer: TeamViewer {
                ctx: ctx.clone(),
                invitations: invitations.clone(),
                sessions: sessions.clone(),
                backoff: tv_backoff.clone(),
            },
            syncro: Syncro { ctx: ctx.clone() },
            poller: Poller {
                ctx: ctx.clone(),
                sessions: sessions.clone(),
                teamviewer: TeamViewer {
                    ctx: ctx.clone(),
                    invitations: invitations.clone(),
                    sessions: sessions.clone(),
                    backoff: tv_backoff,
                },
            },
            sessions,
            invitations,
            beyondtrust,
            ctx,
        })
    }

    /// Every change the UI or a notification cares about.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.ctx.subscribe()
    }

    pub fn is_demo(&self) -> bool {
        self.ctx.demo
    }

    /// The provider's client is waiting out a rate limit (a 429's `Retry-After`): the
    /// provider's row says so until its next answer.
    pub fn provider_waiting(&self, wait: std::time::Duration) {
        self.ctx.provider_waiting(wait);
    }

    /// For the use cases that live beside the console (an authorisation waiting for the
    /// browser): their news travels on the same bus.
    pub fn announce(&self, event: Event) {
        self.ctx.emit(event);
    }

    /// A `tether://` link opened from outside (a PSA page, a chat): the session or ticket it
    /// names is checked to exist (a ticket may be named by its number) and shown through the
    /// event bus, like a notification's click.
    pub async fn open_link(&self, raw: &str) -> Result<Event, CoreError> {
        use crate::domain::deep_link::{parse_deep_link, DeepLink};
        let event = match parse_deep_link(raw)? {
            DeepLink::Session(id) => {
                let me = self.ctx.me().await?;
                let (session, _) = self.ctx.visible_session(&me, &id).await?;
                Event::FocusSession {
                    session_id: session.id,
                }
            }
            DeepLink::Ticket(id) => {
                let ticket = match self.ctx.ticket(&id).await {
                    Ok(t) => t,
                    Err(e) => {
                        let Ok(number) = id.parse::<i64>() else {
                            return Err(e);
                        };
                        self.ctx
                            .store
                            .tickets(&crate::domain::TicketQuery {
                                text: id.clone(),
                                ..Default::default()
                            })
                            .await?
                            .into_iter()
                            .find(|t| t.number == number)
                            .ok_or(e)?
                    }
                };
                Event::FocusTicket {
                    ticket_id: ticket.id,
                }
            }
        };
        self.ctx.emit(event.clone());
        Ok(event)
    }

    /// The technician at this desk.
    pub async fn me(&self) -> Result<Technician, CoreError> {
        self.ctx.me().await
    }

    /// Polls until the returned task is aborted.
    pub fn spawn_poller(&self) -> tokio::task::JoinHandle<()> {
        self.poller.clone().spawn()
    }

    /// TK2: the mail outbox's worker, until aborted.
    pub fn spawn_mail(&self) -> tokio::task::JoinHandle<()> {
        self.invitations.clone().spawn_mail()
    }

    /// BT5: processes stored events and reconciles every `reconcile_every`, until aborted.
    pub fn spawn_intake(
        &self,
        reconcile_every: std::time::Duration,
    ) -> tokio::task::JoinHandle<()> {
        Intake::new(self.beyondtrust.clone()).spawn(reconcile_every)
    }

    /// SY6 / SY7: Syncro's alerts, webhook events and daily sync, on their own task: a day's
    /// re-sync of many assets takes minutes within Syncro's limit, and must never hold up the
    /// board's poll.
    pub fn spawn_syncro(&self) -> tokio::task::JoinHandle<()> {
        self.syncro.clone().spawn()
    }

    /// SD6: native notifications through `notifier`, until aborted.
    pub fn spawn_notifications(&self, notifier: Arc<dyn Notifier>) -> tokio::task::JoinHandle<()> {
        Notifications::new(self.ctx.clone()).spawn(notifier)
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
        is_send(&c.sessions.board());
        is_send(&c.sessions.list_sessions(&crate::domain::ChannelRef::Home));
        is_send(&c.sessions.session_detail(""));
        is_send(&c.sessions.create_session(crate::domain::NewSession {
            channel_id: String::new(),
            customer_name: String::new(),
            issue: String::new(),
            ticket_id: None,
        }));
        is_send(&c.sessions.request_permission(""));
        is_send(&c.sessions.start_remote(""));
        is_send(&c.sessions.assign("", ""));
        is_send(&c.sessions.transfer_to_channel("", ""));
        is_send(&c.sessions.invite_technician("", ""));
        is_send(&c.sessions.release(""));
        is_send(&c.sessions.close("", None));
        is_send(&c.sessions.delete(""));
        is_send(&c.poller.poll_once());
        is_send(&c.settings.set_poll_interval(0));
    }
}
