//! The desktop shell: the command table over Tauri's IPC, core events forwarded to the
//! window, native notifications, and the OS opener for the URLs the core builds. All
//! behaviour lives in the core crates; this crate only wires them to Tauri.

mod events;
pub mod ipc;
mod notifier;
mod opener;

use std::sync::Arc;

use tauri::Manager;
use tether_core::{ErrorCode, ErrorDto};
use tether_runtime::{Runtime, RuntimeOptions, SplashtopConnection};
use tokio::sync::watch;

/// What every command reaches. The runtime starts in the background so the window paints
/// at once; a command that comes before it is ready waits for it.
#[derive(Clone)]
pub struct Shell {
    ready: watch::Receiver<Option<Result<Arc<Runtime>, ErrorDto>>>,
}

impl Shell {
    pub async fn runtime(&self) -> Result<Arc<Runtime>, ErrorDto> {
        let mut ready = self.ready.clone();
        let state = ready
            .wait_for(Option::is_some)
            .await
            .map_err(|_| startup_error("Tether stopped while starting"))?;
        state
            .clone()
            .unwrap_or_else(|| Err(startup_error("Tether did not start")))
    }
}

fn startup_error(message: impl std::fmt::Display) -> ErrorDto {
    ErrorDto::new(ErrorCode::Startup, message.to_string())
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TETHER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            app.add_capability(ipc::capability())?;
            let (tx, ready) = watch::channel(None);
            app.manage(Shell { ready });
            let handle = app.handle().clone();
            // The notifier registers its click handler now, before any notification exists.
            let notifier = Arc::new(notifier::TauriNotifier::new(handle.clone()));
            tauri::async_runtime::spawn(async move {
                let started = Runtime::start(RuntimeOptions {
                    data_dir: None,
                    splashtop: SplashtopConnection::from_env(),
                    actor: None,
                    secrets: None,
                    opener: Some(Arc::new(opener::SystemOpener(handle.clone()))),
                })
                .await;
                let state = match started {
                    Ok(runtime) => {
                        let runtime = Arc::new(runtime);
                        events::forward(&runtime, handle);
                        runtime.start_background(Some(notifier));
                        runtime.start_intake().await;
                        Ok(runtime)
                    }
                    Err(e) => {
                        tracing::error!("Tether could not start: {e}");
                        Err(startup_error(format!("Tether could not start: {e}")))
                    }
                };
                let _ = tx.send(Some(state));
            });
            Ok(())
        })
        .invoke_handler(ipc::handle)
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Tether could not start: {e}");
        std::process::exit(1);
    }
}
