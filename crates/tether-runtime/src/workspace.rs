//! The workspace the desk works in, and moving between the real one and the demo. The real
//! workspace opens whenever any provider or the email account is set up, or the desk has data
//! of its own, or someone chose it; a brand-new install shows the demo. Each keeps its own cache
//! (`tether.sqlite`, `demo.sqlite`), so nothing done in one lands in the other.

use std::sync::Arc;

use tether_core::clock::SystemClock;
use tether_core::console::ConsoleOptions;
use tether_core::domain::{IntegrationKind, Technician, TicketQuery, WorkspaceInfo, WorkspaceKind};
use tether_core::ports::{AttendedProvider, DeskStore, NoAttendedProvider, Store};
use tether_core::secret::Secret;
use tether_core::{Console, Event};
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_sandbox::{Sandbox, SandboxOptions};
use tokio::task::JoinHandle;

use crate::{
    card_ports, card_syncro, card_teamviewer, demo, technician_token, Runtime, RuntimeError,
    SplashtopConnection,
};

/// Where the choice between the workspaces is kept (in the real workspace's cache).
const MODE_KEY: &str = "workspace.mode";
const DEMO_DB: &str = "demo.sqlite";

pub(crate) struct Workspace {
    pub(crate) kind: WorkspaceKind,
    pub(crate) console: Arc<Console>,
    pub(crate) store: Arc<dyn Store>,
    /// The demo's in-process sandbox.
    pub(crate) sandbox: Option<Sandbox>,
    /// The demo's mailbox, where its invitations land.
    pub(crate) mailbox: Option<crate::demo_mailbox::DemoMailbox>,
    /// Splashtop is on (the board can create sessions).
    pub(crate) splashtop: bool,
    /// What keeps this workspace's events flowing to the runtime; stopped when it closes.
    pub(crate) tasks: std::sync::Mutex<Vec<JoinHandle<()>>>,
    /// The background work (pollers, mail, intake, notifications) running on it.
    pub(crate) background: std::sync::Mutex<Vec<JoinHandle<()>>>,
    /// A team's workspace: the server it mirrors.
    pub(crate) team: Option<Arc<crate::team::Team>>,
}

impl Workspace {
    fn stop_tasks(&self) {
        self.stop_background();
        for task in self
            .tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
        {
            task.abort();
        }
    }

    pub(crate) fn stop_background(&self) {
        for task in self
            .background
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
        {
            task.abort();
        }
    }

    /// Stops its background work and its sandbox; a demo closes its own cache.
    pub(crate) async fn close(mut self) {
        self.stop_tasks();
        if let Some(sandbox) = self.sandbox.take() {
            sandbox.stop().await;
        }
        if self.kind == WorkspaceKind::Demo {
            self.store.close().await;
        }
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        self.stop_tasks();
    }
}

impl Runtime {
    /// The workspace open now, as the window needs to know it.
    pub async fn workspace_info(&self) -> Result<WorkspaceInfo, RuntimeError> {
        let workspace = self.workspace();
        let needs_technician =
            workspace.store.technicians().await?.is_empty() && self.parts.actor.is_none();
        Ok(WorkspaceInfo {
            kind: workspace.kind,
            needs_technician,
            splashtop: workspace.splashtop,
        })
    }

    /// "Set up your workspace": the real workspace from now on, with the technician at the
    /// desk added (and chosen) if one is given. The demo's data stays in the demo.
    pub async fn leave_demo(
        &self,
        technician: Option<Technician>,
    ) -> Result<WorkspaceInfo, RuntimeError> {
        if let Some(t) = &technician {
            t.check()?;
        }
        self.set_mode(WorkspaceKind::Real).await?;
        if let Some(t) = technician {
            self.parts.workspace_store.upsert_technician(&t).await?;
            self.parts
                .workspace_store
                .set_setting("current_technician", &t.id)
                .await?;
        }
        self.switch(WorkspaceKind::Real).await
    }

    /// Back to the demo (the real workspace keeps everything for when the desk returns).
    pub async fn return_to_demo(&self) -> Result<WorkspaceInfo, RuntimeError> {
        if self.parts.team {
            return Err(RuntimeError::Invalid(
                "a team's workspace has no demo: try the demo on a desktop of your own".into(),
            ));
        }
        if self.parts.splashtop_override.is_some() {
            return Err(RuntimeError::Invalid(
                "Splashtop is set from the environment (TETHER_SPLASHTOP_URL): the demo cannot open"
                    .into(),
            ));
        }
        self.set_mode(WorkspaceKind::Demo).await?;
        self.switch(WorkspaceKind::Demo).await
    }

    pub(crate) async fn set_mode(&self, kind: WorkspaceKind) -> Result<(), RuntimeError> {
        self.parts
            .workspace_store
            .set_setting(MODE_KEY, kind.as_str())
            .await?;
        Ok(())
    }

    /// Opens `kind`, swaps it in, restarts the background work on it, closes the old one,
    /// and tells the window.
    pub(crate) async fn switch(&self, kind: WorkspaceKind) -> Result<WorkspaceInfo, RuntimeError> {
        let _one_at_a_time = self.switching.lock().await;
        let opened = Arc::new(self.parts.open_workspace(kind).await?);
        let old = {
            let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
            std::mem::replace(&mut *current, opened.clone())
        };
        self.run_background(&opened);
        if let Ok(old) = Arc::try_unwrap(old) {
            old.close().await;
        }
        let info = self.workspace_info().await?;
        let _ = self.parts.events.send(Event::WorkspaceChanged {
            workspace: info.clone(),
        });
        Ok(info)
    }
}

/// What every workspace is built from.
pub(crate) struct Parts {
    pub(crate) integrations: crate::Integrations,
    pub(crate) data_dir: std::path::PathBuf,
    /// The real workspace's cache: the integrations and the workspace choice live here even
    /// while the demo is open.
    pub(crate) workspace_store: Arc<dyn Store>,
    /// The workspace lives on a team server's database: there is no demo to go back to.
    pub(crate) team: bool,
    pub(crate) opener: Arc<dyn tether_core::ports::Opener>,
    pub(crate) splashtop_override: Option<SplashtopConnection>,
    pub(crate) actor: Option<String>,
    /// Every event of whichever workspace is open, and the changes of workspace themselves.
    pub(crate) events: tokio::sync::broadcast::Sender<Event>,
}

impl Parts {
    /// The environment's Splashtop, a choice made before, or — on a first start — the real
    /// workspace if anything of it is set up, else the demo.
    pub(crate) async fn chosen_workspace(&self) -> Result<WorkspaceKind, RuntimeError> {
        if self.splashtop_override.is_some() || self.team {
            return Ok(WorkspaceKind::Real);
        }
        if let Some(mode) = self.workspace_store.setting(MODE_KEY).await? {
            match WorkspaceKind::parse(&mode) {
                // A team without its link (removed by hand) is the solo workspace again.
                Some(WorkspaceKind::Team)
                    if Runtime::stored_link(self.workspace_store.as_ref())
                        .await?
                        .is_none() => {}
                Some(kind) => return Ok(kind),
                None => {}
            }
        }
        let mut configured = false;
        for kind in IntegrationKind::ALL {
            configured |= self.integrations.stored(kind).await?.enabled;
        }
        let has_desk = !self.workspace_store.technicians().await?.is_empty()
            || !DeskStore::tickets(
                self.workspace_store.as_ref(),
                &TicketQuery {
                    limit: Some(1),
                    ..TicketQuery::default()
                },
            )
            .await?
            .is_empty();
        Ok(if configured || has_desk {
            WorkspaceKind::Real
        } else {
            WorkspaceKind::Demo
        })
    }

    /// Builds a workspace: its cache, its Splashtop (the sandbox in the demo; the card's, or
    /// none, in the real one) and its console, started from the cache.
    pub(crate) async fn open_workspace(
        &self,
        kind: WorkspaceKind,
    ) -> Result<Workspace, RuntimeError> {
        let mut team = None;
        let (store, sandbox, connection) = match kind {
            WorkspaceKind::Team => {
                let link = Runtime::stored_link(self.workspace_store.as_ref())
                    .await?
                    .ok_or_else(|| {
                        RuntimeError::NotConfigured("this desk has not joined a team".into())
                    })?;
                let token = self
                    .integrations
                    .secrets
                    .get(crate::team::TOKEN_KEY)
                    .await?
                    .ok_or_else(|| {
                        RuntimeError::NotConfigured(
                            "the team's access token is not in the keychain: join the team again"
                                .into(),
                        )
                    })?;
                let cache =
                    tether_store::SqliteStore::open(&self.data_dir.join(crate::team::TEAM_DB))
                        .await?;
                team = Some(Arc::new(crate::team::Team::new(link, token, cache.clone())));
                (Arc::new(cache) as Arc<dyn Store>, None, None)
            }
            WorkspaceKind::Demo => {
                // The demo keeps its own cache and sandbox state, so it never mixes with the
                // real workspace.
                let sandbox = Sandbox::start(SandboxOptions {
                    state_file: Some(self.data_dir.join("demo-sandbox.json")),
                    ..SandboxOptions::default()
                })
                .await
                .map_err(RuntimeError::Sandbox)?;
                let connection = SplashtopConnection {
                    base_url: sandbox.url(),
                    token: Secret::new(tether_sandbox::DEMO_TOKEN),
                };
                let store: Arc<dyn Store> =
                    Arc::new(tether_store::SqliteStore::open(&self.data_dir.join(DEMO_DB)).await?);
                demo::seed(store.as_ref()).await?;
                (store, Some(sandbox), Some(connection))
            }
            WorkspaceKind::Real => {
                let connection = match &self.splashtop_override {
                    Some(c) => Some(c.clone()),
                    None => self.integrations.splashtop().await?,
                };
                (self.workspace_store.clone(), None, connection)
            }
        };
        let demo = kind == WorkspaceKind::Demo;
        // A team's server has the providers; its answers say when one is not set up.
        let splashtop = connection.is_some() || team.is_some();
        let mailbox = demo.then(crate::demo_mailbox::DemoMailbox::default);
        // The demo's TeamViewer is its sandbox, as its Splashtop is; the real one is the card.
        let remote_control: Arc<dyn tether_core::ports::RemoteControl> = match &sandbox {
            Some(sandbox) => Arc::new(tether_providers::teamviewer::TeamViewerClient::new(
                &format!("{}/api/v1", sandbox.url()),
                tether_providers::http::client(),
                Arc::new(tether_providers::teamviewer::ScriptToken(Secret::new(
                    tether_sandbox::vendors::TEAMVIEWER_TOKEN,
                ))),
            )),
            None => Arc::new(card_teamviewer::CardRemoteControl::new(
                self.integrations.clone(),
                store.clone(),
                self.actor.clone(),
            )),
        };
        // The demo's SyncroMSP is its sandbox too (customers, assets and alerts to import).
        let rmm: Arc<dyn tether_core::ports::Rmm> = match &sandbox {
            Some(sandbox) => Arc::new(tether_providers::syncro::SyncroClient::new(
                &format!("{}/api/v1", sandbox.url()),
                tether_providers::http::client(),
                Secret::new(tether_sandbox::vendors::SYNCRO_API_KEY),
            )),
            None => Arc::new(card_syncro::CardRmm::new(self.integrations.clone())),
        };
        // The client is built before the console it reports its waits to: the console is
        // named here once it exists.
        let waiting_console: Arc<std::sync::OnceLock<std::sync::Weak<Console>>> = Arc::default();
        let provider: Arc<dyn AttendedProvider> = match connection {
            Some(connection) => {
                let observer = waiting_console.clone();
                let client = SplashtopClient::new(
                    SplashtopConfig {
                        base_url: connection.base_url,
                        token: connection.token,
                        source_name: "Tether".into(),
                    },
                    tether_providers::http::client(),
                )
                .on_rate_limit(Arc::new(move |wait| {
                    if let Some(console) = observer.get().and_then(std::sync::Weak::upgrade) {
                        console.provider_waiting(wait);
                    }
                }));
                // The demo's sandbox has no OAuth app configured; the real workspace may (SP1).
                if demo {
                    Arc::new(client)
                } else {
                    Arc::new(client.with_technician_token(Arc::new(
                        technician_token::DeskTechnicianToken::new(
                            self.integrations.clone(),
                            store.clone(),
                            self.actor.clone(),
                        ),
                    )))
                }
            }
            None => Arc::new(NoAttendedProvider),
        };
        let console = Console::new(
            store.clone(),
            provider,
            Arc::new(SystemClock),
            ConsoleOptions {
                demo,
                // In a team, the technician is the one the token signs in.
                actor_override: match &team {
                    Some(team) => Some(team.link.technician.clone()),
                    None => self.actor.clone(),
                },
                mailer: Some(match &mailbox {
                    Some(m) => Arc::new(m.clone()) as Arc<dyn tether_core::ports::Mailer>,
                    None => Arc::new(self.integrations.clone()),
                }),
                config: Some(Arc::new(self.integrations.clone())),
                appliance: Some(Arc::new(card_ports::CardAppliance::new(
                    self.integrations.clone(),
                ))),
                opener: Some(self.opener.clone()),
                remote_control: Some(remote_control),
                sms: Some(Arc::new(self.integrations.clone())),
                rmm: Some(rmm),
            },
        );
        let _ = waiting_console.set(Arc::downgrade(&console));
        console.sessions.startup().await?;
        if demo {
            // A desk that cannot be seeded leaves an empty demo, not a failed start.
            if let Err(e) = demo::seed_desk(&console).await {
                tracing::warn!("the demo desk was not seeded: {e}");
            }
        }
        let workspace = Workspace {
            kind,
            console,
            store,
            sandbox,
            mailbox,
            splashtop,
            tasks: Default::default(),
            background: Default::default(),
            team,
        };
        self.forward_events(&workspace);
        Ok(workspace)
    }

    /// The workspace's events reach the runtime's bus, which outlives it.
    fn forward_events(&self, workspace: &Workspace) {
        let mut events = workspace.console.subscribe();
        let bus = self.events.clone();
        let task = tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(event) => {
                        let _ = bus.send(event);
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                        tracing::warn!("{n} events were dropped on the way to the window");
                        let _ = bus.send(Event::BoardChanged);
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        workspace
            .tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(task);
    }
}
