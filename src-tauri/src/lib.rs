//! The desktop shell: one-line Tauri commands over the core's `Console`, core events
//! forwarded to the window, native notifications, and the OS opener for launch URLs. All
//! behaviour lives in the core crates; this file only wires them to Tauri.

mod commands;
mod desk_commands;
mod events;
mod notifier;

use std::sync::Arc;

use tauri::Manager;
use tether_core::{Console, ErrorDto};
use tether_runtime::{Runtime, RuntimeOptions, SplashtopConnection};
use tokio::sync::watch;

/// What every command reaches. The runtime starts in the background so the window paints
/// at once; a command that comes before it is ready waits for it.
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

    pub async fn console(&self) -> Result<Arc<Console>, ErrorDto> {
        Ok(Arc::clone(&self.runtime().await?.console))
    }
}

fn startup_error(message: impl std::fmt::Display) -> ErrorDto {
    ErrorDto {
        code: "startup".into(),
        message: message.to_string(),
    }
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
                })
                .await;
                let state = match started {
                    Ok(runtime) => {
                        if let Some(sandbox) = &runtime.sandbox {
                            tracing::info!("demo workspace: sandbox at {}", sandbox.url());
                        }
                        runtime.console.spawn_poller();
                        runtime.start_intake().await;
                        runtime.console.spawn_notifications(notifier);
                        events::forward(&runtime.console, handle);
                        Ok(Arc::new(runtime))
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
            commands::set_default_channel,
            commands::add_technician,
            commands::sync_now,
            commands::demo_end_user,
            commands::integrations,
            commands::save_integration,
            commands::remove_integration_secret,
            commands::test_integration,
            commands::authorisation,
            commands::authorise,
            commands::disconnect,
            desk_commands::directory,
            desk_commands::tickets,
            desk_commands::ticket_detail,
            desk_commands::create_ticket,
            desk_commands::add_ticket_note,
            desk_commands::preview_invite,
            desk_commands::send_invite,
            desk_commands::send_chat_invite,
            desk_commands::chat_messages,
            desk_commands::assets,
            desk_commands::asset_detail,
            desk_commands::launch,
            desk_commands::remote_support_settings,
            desk_commands::save_remote_support_settings,
            desk_commands::preview_templates,
            desk_commands::set_available,
            desk_commands::pending_mail,
            desk_commands::retry_mail,
            desk_commands::beyondtrust_settings,
            desk_commands::save_beyondtrust_settings,
            desk_commands::fetch_beyondtrust_teams,
            desk_commands::unlinked_sessions,
            desk_commands::link_remote_session,
            desk_commands::events_receiver,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Tether could not start: {e}");
        std::process::exit(1);
    }
}
