//! Puts Tether together: the data directory, the SQLite cache, the provider client, and —
//! with no credentials configured — the sandbox as a clearly labelled demo workspace.
//! The desktop shell and the CLI both start here, so they behave the same.

mod authorisation;
mod card_ports;
mod data_dir;
mod demo;
pub mod integrations;
pub mod receiver;
mod technician_token;

use std::path::PathBuf;
use std::sync::Arc;

use tether_core::clock::SystemClock;
use tether_core::console::ConsoleOptions;
use tether_core::ports::{CallerOpens, Opener, SecretStore};
use tether_core::secret::Secret;
use tether_core::{Console, CoreError, ErrorCode, ErrorDto};
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_sandbox::{Sandbox, SandboxControl, SandboxOptions};
use tether_store::SqliteStore;

pub use card_ports::ApplianceClient;
pub use data_dir::default_data_dir;
pub use integrations::Integrations;

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
const DEMO_DB: &str = "demo.sqlite";

/// Where Splashtop is and its token: from `tether creds set splashtop` (address in the cache,
/// token in the keychain), or from the environment for scripts and CI.
#[derive(Clone, Debug)]
pub struct SplashtopConnection {
    pub base_url: String,
    pub token: Secret,
}

impl SplashtopConnection {
    /// `TETHER_SPLASHTOP_URL` and `TETHER_SPLASHTOP_TOKEN`, when both are set.
    pub fn from_env() -> Option<Self> {
        let base_url = std::env::var("TETHER_SPLASHTOP_URL").ok()?;
        let token = std::env::var("TETHER_SPLASHTOP_TOKEN").ok()?;
        Some(SplashtopConnection {
            base_url,
            token: Secret::new(token),
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
}

pub struct Runtime {
    pub console: Arc<Console>,
    /// The board's cache (the demo's own while in the demo).
    pub store: SqliteStore,
    /// The real workspace's cache, where integrations are kept even during the demo.
    workspace: SqliteStore,
    pub integrations: Integrations,
    pub data_dir: PathBuf,
    /// The in-process sandbox of the demo workspace.
    pub sandbox: Option<Sandbox>,
    /// The BeyondTrust events receiver, once `start_intake` ran.
    pub receiver: std::sync::Mutex<Option<receiver::Receiver>>,
    opener: Arc<dyn Opener>,
}

impl Runtime {
    pub async fn start(options: RuntimeOptions) -> Result<Runtime, RuntimeError> {
        let data_dir = options.data_dir.unwrap_or_else(default_data_dir);
        let opener = options.opener.unwrap_or_else(|| Arc::new(CallerOpens));
        let workspace = SqliteStore::open(&data_dir.join(WORKSPACE_DB)).await?;
        let secrets = options
            .secrets
            .unwrap_or_else(|| Arc::new(tether_secrets::Keychain::new()));
        let integrations = Integrations::new(workspace.clone(), secrets);
        let configured = match options.splashtop {
            Some(c) => Some(c),
            None => integrations.splashtop().await?,
        };
        let (connection, sandbox) = match configured {
            Some(c) => (c, None),
            None => {
                // The demo keeps its own cache and sandbox state, so it never mixes with a
                // real workspace configured later.
                let sandbox = Sandbox::start(SandboxOptions {
                    state_file: Some(data_dir.join("demo-sandbox.json")),
                    ..SandboxOptions::default()
                })
                .await
                .map_err(RuntimeError::Sandbox)?;
                let connection = SplashtopConnection {
                    base_url: sandbox.url(),
                    token: Secret::new(tether_sandbox::DEMO_TOKEN),
                };
                (connection, Some(sandbox))
            }
        };
        let demo = sandbox.is_some();
        let store = if demo {
            SqliteStore::open(&data_dir.join(DEMO_DB)).await?
        } else {
            workspace.clone()
        };
        if demo {
            demo::seed(&store).await?;
        }
        let provider = SplashtopClient::new(
            SplashtopConfig {
                base_url: connection.base_url,
                token: connection.token,
                source_name: "Tether".into(),
            },
            tether_providers::http::client(),
        );
        // The demo's sandbox has no OAuth app configured; the real workspace may (SP1).
        let provider = if demo {
            provider
        } else {
            provider.with_technician_token(Arc::new(technician_token::DeskTechnicianToken::new(
                integrations.clone(),
                store.clone(),
                options.actor.clone(),
            )))
        };
        let console = Console::new(
            Arc::new(store.clone()),
            Arc::new(provider),
            Arc::new(SystemClock),
            ConsoleOptions {
                demo,
                actor_override: options.actor,
                mailer: Some(Arc::new(integrations.clone())),
                config: Some(Arc::new(integrations.clone())),
                appliance: Some(Arc::new(card_ports::CardAppliance::new(
                    integrations.clone(),
                ))),
                opener: Some(opener.clone()),
            },
        );
        console.sessions.startup().await?;
        if demo {
            // A desk that cannot be seeded leaves an empty demo, not a failed start.
            if let Err(e) = demo::seed_desk(&console).await {
                tracing::warn!("the demo desk was not seeded: {e}");
            }
        }
        Ok(Runtime {
            console,
            store,
            workspace,
            integrations,
            data_dir,
            sandbox,
            receiver: std::sync::Mutex::new(None),
            opener,
        })
    }

    /// Starts the BeyondTrust intake: the events receiver (on `TETHER_EVENTS_BIND`, else
    /// 127.0.0.1:41731) and the reconciliation loop. A receiver that cannot bind (another
    /// Tether has the port) is logged; reconciliation still finds every session.
    pub async fn start_intake(&self) -> Option<String> {
        let bind = std::env::var("TETHER_EVENTS_BIND")
            .unwrap_or_else(|_| receiver::DEFAULT_EVENTS_BIND.to_string());
        self.console
            .spawn_intake(std::time::Duration::from_secs(60));
        let addr = match bind.parse() {
            Ok(a) => a,
            Err(e) => {
                tracing::error!("TETHER_EVENTS_BIND {bind:?} is not an address: {e}");
                return None;
            }
        };
        match receiver::Receiver::start(self.console.clone(), addr).await {
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

    /// Where BeyondTrust's outbound events must be sent, while the receiver listens.
    pub fn events_receiver(&self) -> Option<String> {
        let receiver = self.receiver.lock().unwrap_or_else(|p| p.into_inner());
        receiver.as_ref().map(|r| r.url())
    }

    /// The end-user side of the demo sandbox, when this is the demo workspace.
    pub fn sandbox_control(&self) -> Option<SandboxControl> {
        self.sandbox.as_ref().map(|s| SandboxControl::new(&s.url()))
    }

    /// Stops the demo sandbox (if any) and closes the cache cleanly.
    pub async fn shutdown(self) {
        if let Some(sandbox) = self.sandbox {
            sandbox.stop().await;
        }
        self.store.close().await;
        self.workspace.close().await;
    }
}
