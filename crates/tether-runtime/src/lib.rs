//! Puts Tether together: the data directory, the SQLite cache, the provider client, and —
//! with no credentials configured — the sandbox as a clearly labelled demo workspace.
//! The desktop shell and the CLI both start here, so they behave the same.

mod data_dir;
mod demo;

use std::path::PathBuf;
use std::sync::Arc;

use tether_core::clock::SystemClock;
use tether_core::console::ConsoleOptions;
use tether_core::secret::Secret;
use tether_core::{Console, CoreError};
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_sandbox::{Sandbox, SandboxControl, SandboxOptions};
use tether_store::SqliteStore;

pub use data_dir::default_data_dir;

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Store(#[from] tether_core::ports::StoreError),
    #[error("the demo sandbox could not start: {0}")]
    Sandbox(std::io::Error),
}

/// Where Splashtop is. Until the credentials issue moves it to the keychain, the token
/// comes from the environment (`TETHER_SPLASHTOP_TOKEN`), never from a file.
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
    /// `None` starts the demo workspace.
    pub splashtop: Option<SplashtopConnection>,
    /// Act as this technician (CLI `--as`).
    pub actor: Option<String>,
}

pub struct Runtime {
    pub console: Arc<Console>,
    pub store: SqliteStore,
    pub data_dir: PathBuf,
    /// The in-process sandbox of the demo workspace.
    pub sandbox: Option<Sandbox>,
}

impl Runtime {
    pub async fn start(options: RuntimeOptions) -> Result<Runtime, RuntimeError> {
        let data_dir = options.data_dir.unwrap_or_else(default_data_dir);
        let (connection, sandbox, db_name) = match options.splashtop {
            Some(c) => (c, None, "tether.sqlite"),
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
                (connection, Some(sandbox), "demo.sqlite")
            }
        };
        let demo = sandbox.is_some();
        let store = SqliteStore::open(&data_dir.join(db_name)).await?;
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
        let console = Console::new(
            Arc::new(store.clone()),
            Arc::new(provider),
            Arc::new(SystemClock),
            ConsoleOptions {
                demo,
                actor_override: options.actor,
            },
        );
        console.startup().await?;
        Ok(Runtime {
            console,
            store,
            data_dir,
            sandbox,
        })
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
    }
}
