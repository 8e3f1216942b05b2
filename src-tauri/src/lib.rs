//! The desktop shell: one-line Tauri commands over the core's `Console`, core events
//! forwarded to the window, native notifications, and the OS opener for launch URLs. All
//! behaviour lives in the core crates; this file only wires them to Tauri.

mod commands;
mod events;
mod notifier;

use std::sync::Arc;

use tauri::Manager;
use tether_runtime::{Runtime, RuntimeOptions, SplashtopConnection};

/// What every command reaches: the console, and the demo sandbox's end-user controls.
pub struct Shell {
    pub runtime: Runtime,
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
            let handle = app.handle().clone();
            // Opening the cache and binding the demo sandbox are local and quick; the board
            // shows from the cache before the provider has answered anything.
            let runtime = tauri::async_runtime::block_on(async {
                let runtime = Runtime::start(RuntimeOptions {
                    data_dir: None,
                    splashtop: SplashtopConnection::from_env(),
                    actor: None,
                })
                .await?;
                runtime.console.spawn_poller();
                runtime
                    .console
                    .spawn_notifications(Arc::new(notifier::TauriNotifier::new(handle.clone())));
                events::forward(&runtime.console, handle.clone());
                Ok::<_, tether_runtime::RuntimeError>(runtime)
            })?;
            if let Some(sandbox) = &runtime.sandbox {
                tracing::info!("demo workspace: sandbox at {}", sandbox.url());
            }
            app.manage(Shell { runtime });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::board,
            commands::list_sessions,
            commands::session_detail,
            commands::create_session,
            commands::request_permission,
            commands::start_remote,
            commands::assign,
            commands::take,
            commands::transfer_to_channel,
            commands::invite_technician,
            commands::release,
            commands::close,
            commands::delete_session,
            commands::update_channel_settings,
            commands::set_channel_muted,
            commands::set_current_technician,
            commands::set_poll_interval,
            commands::add_technician,
            commands::sync_now,
            commands::demo_end_user,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Tether could not start: {e}");
        std::process::exit(1);
    }
}
