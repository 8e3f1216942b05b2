//! The desktop shell: the command table over Tauri's IPC, core events forwarded to the
//! window, native notifications, and the OS opener for the URLs the core builds. All
//! behaviour lives in the core crates; this crate only wires them to Tauri.

mod events;
pub mod ipc;
mod notifier;
mod opener;
mod tray;

use std::sync::Arc;

use tauri::Manager;
use tether_core::domain::deep_link::deep_link_in;
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

/// The window's size and place are saved a moment after they change, not only at a clean
/// exit: a logout or a crash must not forget them.
fn remember_window_place(app: &tauri::AppHandle) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let generation = Arc::new(AtomicU64::new(0));
    let handle = app.clone();
    window.on_window_event(move |event| {
        if !matches!(
            event,
            tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)
        ) {
            return;
        }
        let mine = generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (generation, handle) = (generation.clone(), handle.clone());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            if generation.load(Ordering::SeqCst) == mine {
                if let Err(e) = handle.save_window_state(StateFlags::all()) {
                    tracing::warn!("the window's place was not saved: {e}");
                }
            }
        });
    });
}

pub(crate) fn show_main_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Shows what a `tether://` link names once the core is ready; the core checks it.
fn open_link(app: &tauri::AppHandle, link: String) {
    let shell = app.state::<Shell>().inner().clone();
    tauri::async_runtime::spawn(async move {
        let Ok(runtime) = shell.runtime().await else {
            return;
        };
        if let Err(e) = runtime.console().open_link(&link).await {
            tracing::warn!("the link {link} opened nothing: {e}");
        }
    });
}

/// What the login start passes, so the window opens minimised.
const AUTOSTART_ARG: &str = "--autostart";

fn startup_error(message: impl std::fmt::Display) -> ErrorDto {
    ErrorDto::new(ErrorCode::Startup, message.to_string())
}

pub fn run() {
    // First, while nothing else runs: the token leaves the environment children inherit.
    let splashtop = SplashtopConnection::take_from_env();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TETHER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let result = tauri::Builder::default()
        // First: a second launch (a `tether://` link clicked elsewhere, the menu entry again)
        // hands its arguments to this one and exits.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            show_main_window(app);
            if let Some(link) = deep_link_in(&argv) {
                open_link(app, link.to_string());
            }
        }))
        // The window's size and place, as the technician left them.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // Start at login, when the technician turns it on in Settings; such a start opens
        // minimised.
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .args([AUTOSTART_ARG])
                .build(),
        )
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            app.add_capability(ipc::capability())?;
            remember_window_place(app.handle());
            // A desktop without a tray (no StatusNotifier host) still has the window.
            if let Err(e) = tray::create(app.handle()) {
                tracing::warn!("no tray icon: {e}");
            }
            if std::env::args().any(|a| a == AUTOSTART_ARG) {
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.minimize();
                }
            }
            let (tx, ready) = watch::channel(None);
            app.manage(Shell { ready });
            let handle = app.handle().clone();
            // The notifier registers its click handler now, before any notification exists.
            let notifier = Arc::new(notifier::TauriNotifier::new(handle.clone()));
            tauri::async_runtime::spawn(async move {
                let started = Runtime::start(RuntimeOptions {
                    data_dir: None,
                    splashtop,
                    actor: None,
                    secrets: None,
                    opener: Some(Arc::new(opener::SystemOpener(handle.clone()))),
                    store: None,
                })
                .await;
                let state = match started {
                    Ok(runtime) => {
                        let runtime = Arc::new(runtime);
                        events::forward(&runtime, handle.clone());
                        tray::follow(&runtime, handle);
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
            // Started by a `tether://` link.
            let args: Vec<String> = std::env::args().collect();
            if let Some(link) = deep_link_in(&args) {
                open_link(app.handle(), link.to_string());
            }
            Ok(())
        })
        .invoke_handler(ipc::handle)
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Tether could not start: {e}");
        std::process::exit(1);
    }
}
