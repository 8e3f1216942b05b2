//! Puts Tether together: the data directory, the caches, the providers from the
//! Integrations cards, and the workspace the desk works in — the real one, or the demo whose
//! sandbox plays Splashtop and the end users. The desktop shell, `tether serve` and the CLI all
//! start here, so they behave the same.

mod authorisation;
mod background;
mod card_ports;
mod card_syncro;
mod card_teamviewer;
mod data_dir;
mod demo;
mod demo_mailbox;
pub mod integrations;
mod oauth_connections;
pub mod receiver;
mod setup_checklist;
mod team;
mod technician_grant;
mod technician_token;
mod workspace;

use std::path::PathBuf;
use std::sync::Arc;

use tether_core::ports::{CallerOpens, Opener, SecretStore, Store};
use tether_core::secret::Secret;
use tether_core::{Console, CoreError, ErrorCode, ErrorDto, Event};
use tether_sandbox::SandboxControl;
use tokio::sync::broadcast;

pub use card_ports::ApplianceClient;
pub use data_dir::default_data_dir;
pub use integrations::Integrations;
pub use team::{CallError, Team};

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Store(#[from] tether_core::ports::StoreError),
    #[error("the demo sandbox could not start: {0}")]
    Sandbox(std::io::Error),
    #[error(transparent)]
    Secrets(#[from] tether_core::ports::SecretError),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotConfigured(String),
    #[error("{0}")]
    NotDemo(String),
    #[error("{0}")]
    Provider(#[from] tether_core::ports::ProviderError),
    #[error(transparent)]
    OAuth(#[from] tether_providers::oauth::OAuthError),
}

impl RuntimeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            RuntimeError::Core(e) => e.code(),
            RuntimeError::Store(_) => ErrorCode::Store,
            RuntimeError::Sandbox(_) => ErrorCode::Sandbox,
            RuntimeError::Secrets(e) => e.code(),
            RuntimeError::Invalid(_) => ErrorCode::InvalidInput,
            RuntimeError::NotConfigured(_) => ErrorCode::NotConfigured,
            RuntimeError::NotDemo(_) => ErrorCode::NotDemo,
            RuntimeError::Provider(e) => e.code(),
            RuntimeError::OAuth(e) => e.code(),
        }
    }
}

impl From<RuntimeError> for ErrorDto {
    fn from(e: RuntimeError) -> Self {
        ErrorDto::new(e.code(), e.to_string())
    }
}

/// The real workspace's cache; the demo keeps its own.
pub(crate) const WORKSPACE_DB: &str = "tether.sqlite";

/// Where Splashtop is and its token: from `tether creds set splashtop` (address in the cache,
/// token in the keychain), or from the environment for scripts and CI.
#[derive(Clone, Debug)]
pub struct SplashtopConnection {
    pub base_url: String,
    pub token: Secret,
}

impl SplashtopConnection {
    /// `TETHER_SPLASHTOP_URL` and `TETHER_SPLASHTOP_TOKEN`, when both are set. The token is
    /// taken out of the environment as it is read: every process Tether starts (the system
    /// opener, a browser, a provider's app) would otherwise inherit it. Call this before any
    /// thread is started.
    pub fn take_from_env() -> Option<Self> {
        let token = std::env::var("TETHER_SPLASHTOP_TOKEN").ok();
        std::env::remove_var("TETHER_SPLASHTOP_TOKEN");
        let base_url = std::env::var("TETHER_SPLASHTOP_URL").ok()?;
        Some(SplashtopConnection {
            base_url,
            token: Secret::new(token?),
        })
    }
}

#[derive(Default)]
pub struct RuntimeOptions {
    /// Defaults to `$TETHER_DATA_DIR`, else the platform's data directory.
    pub data_dir: Option<PathBuf>,
    /// Overrides the configured Splashtop (scripts, CI). With neither, the demo starts.
    pub splashtop: Option<SplashtopConnection>,
    /// Defaults to the OS keychain.
    pub secrets: Option<Arc<dyn SecretStore>>,
    /// Act as this technician (CLI `--as`).
    pub actor: Option<String>,
    /// Opens launch URLs and consent pages with the system (the desktop's opener); without
    /// one, commands hand the URL back for the caller to open.
    pub opener: Option<Arc<dyn Opener>>,
    /// Where the workspace lives when it is not this machine's SQLite file: the team's
    /// database, for `tether-server`. A team workspace has no demo.
    pub store: Option<Arc<dyn Store>>,
}

/// The running Tether: what survives a change of workspace (the integrations, the event bus
/// the window listens to, the receiver), and the workspace the desk works in now.
pub struct Runtime {
    pub integrations: Integrations,
    pub data_dir: PathBuf,
    parts: workspace::Parts,
    current: std::sync::RwLock<Arc<workspace::Workspace>>,
    /// One change of workspace at a time.
    switching: tokio::sync::Mutex<()>,
    background: std::sync::Mutex<Option<background::Background>>,
    /// The BeyondTrust events receiver, once `start_intake` ran.
    pub receiver: std::sync::Mutex<Option<receiver::Receiver>>,
    /// The consent page of each authorisation waiting for the browser's redirect.
    pending_sign_in:
        std::sync::Mutex<std::collections::HashMap<tether_core::domain::IntegrationKind, String>>,
}

impl Runtime {
    pub async fn start(options: RuntimeOptions) -> Result<Runtime, RuntimeError> {
        let data_dir = match options.data_dir {
            Some(dir) => dir,
            None => default_data_dir()?,
        };
        let opener = options.opener.unwrap_or_else(|| Arc::new(CallerOpens));
        let team = options.store.is_some();
        let workspace_store: Arc<dyn Store> = match options.store {
            Some(store) => store,
            None => Arc::new(tether_store::SqliteStore::open(&data_dir.join(WORKSPACE_DB)).await?),
        };
        let secrets = options
            .secrets
            .unwrap_or_else(|| Arc::new(tether_secrets::Keychain::new()));
        let integrations = Integrations::new(workspace_store.clone(), secrets);
        let (events, _) = broadcast::channel(1024);
        let parts = workspace::Parts {
            integrations: integrations.clone(),
            data_dir: data_dir.clone(),
            workspace_store,
            team,
            opener,
            splashtop_override: options.splashtop,
            actor: options.actor,
            events,
        };
        let kind = parts.chosen_workspace().await?;
        let opened = parts.open_workspace(kind).await?;
        Ok(Runtime {
            integrations,
            data_dir,
            parts,
            current: std::sync::RwLock::new(Arc::new(opened)),
            switching: tokio::sync::Mutex::new(()),
            background: std::sync::Mutex::new(None),
            receiver: std::sync::Mutex::new(None),
            pending_sign_in: Default::default(),
        })
    }

    /// The console of the workspace open now. Hold it for one use case, not longer: the
    /// workspace may change under a long-lived copy.
    pub fn console(&self) -> Arc<Console> {
        self.workspace().console.clone()
    }

    pub(crate) fn workspace(&self) -> Arc<workspace::Workspace> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Every change the window cares about, across changes of workspace.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.parts.events.subscribe()
    }

    /// Starts the BeyondTrust intake: the events receiver (on `TETHER_EVENTS_BIND`, else
    /// 127.0.0.1:41731). A receiver that cannot bind (another Tether has the port) is logged;
    /// the reconciliation poll still finds every session.
    pub async fn start_intake(self: &Arc<Self>) -> Option<String> {
        let bind = std::env::var("TETHER_EVENTS_BIND")
            .unwrap_or_else(|_| receiver::DEFAULT_EVENTS_BIND.to_string());
        let addr = match bind.parse() {
            Ok(a) => a,
            Err(e) => {
                tracing::error!("TETHER_EVENTS_BIND {bind:?} is not an address: {e}");
                return None;
            }
        };
        let token = self.events_token().await;
        match receiver::Receiver::start(Arc::new(Arc::downgrade(self)), addr, token).await {
            Ok(r) => {
                let url = r.url();
                *self.receiver.lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
                Some(url)
            }
            Err(e) => {
                tracing::warn!("no events receiver on {bind} ({e}); relying on reconciliation");
                None
            }
        }
    }

    /// The secret part of the events path, the same from one start to the next so the URL
    /// pasted into BeyondTrust keeps working. Kept in the keychain like every secret; without
    /// one, a token for this run only (the URL in Settings says which).
    async fn events_token(&self) -> String {
        let key = tether_core::domain::IntegrationKind::Beyondtrust.secret_key("events_token");
        let secrets = &self.integrations.secrets;
        match secrets.get(&key).await {
            Ok(Some(token)) => return token.expose().to_string(),
            Ok(None) => {
                let token = receiver::new_events_token();
                match secrets.set(&key, &Secret::new(token.clone())).await {
                    Ok(()) => return token,
                    Err(e) => tracing::warn!("the events path holds until Tether stops: {e}"),
                }
                return token;
            }
            Err(e) => tracing::warn!("the events path holds until Tether stops: {e}"),
        }
        receiver::new_events_token()
    }

    /// Where BeyondTrust's outbound events must be sent, while the receiver listens.
    pub fn events_receiver(&self) -> Option<String> {
        let receiver = self.receiver.lock().unwrap_or_else(|p| p.into_inner());
        receiver.as_ref().map(|r| r.url())
    }

    /// SY7: where a Syncro webhook may post alerts; null while nothing listens.
    pub fn syncro_alerts_receiver(&self) -> Option<String> {
        let receiver = self.receiver.lock().unwrap_or_else(|p| p.into_inner());
        receiver.as_ref().map(|r| r.syncro_url())
    }

    /// The demo's mailbox: what its invitations sent, newest first.
    pub fn demo_mailbox(
        &self,
    ) -> Result<Vec<tether_core::domain::demo_mail::DemoMail>, RuntimeError> {
        match &self.workspace().mailbox {
            Some(m) => Ok(m.mails()),
            None => Err(RuntimeError::NotDemo(
                "the mailbox is the demo's: your workspace sends real email".into(),
            )),
        }
    }

    /// The end-user side of the demo sandbox, when the demo workspace is open.
    pub fn sandbox_control(&self) -> Option<SandboxControl> {
        self.workspace()
            .sandbox
            .as_ref()
            .map(|s| SandboxControl::new(&s.url()))
    }

    /// Stops the background work and the demo sandbox, and closes the caches cleanly.
    pub async fn shutdown(self) {
        let current = self.current.into_inner().unwrap_or_else(|p| p.into_inner());
        if let Ok(workspace) = Arc::try_unwrap(current) {
            workspace.close().await;
        }
        self.parts.workspace_store.close().await;
    }
}
