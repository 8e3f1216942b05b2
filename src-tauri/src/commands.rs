//! Tauri commands: each is one `Console` call. Errors cross as `{ code, message }`.

use tauri::{Emitter, State};
use tauri_plugin_opener::OpenerExt;
use tether_core::console::Board;
use tether_core::domain::{
    AuthorisationStatus, ChannelRef, ChannelSettings, Integration, IntegrationKind,
    IntegrationUpdate, NewSession, Session, SessionDetail, Technician, TestOutcome,
};
use tether_core::ErrorDto;
use tether_sandbox::EndUserAction;

use crate::Shell;

type Reply<T> = Result<T, ErrorDto>;

fn error(code: &str, message: impl Into<String>) -> ErrorDto {
    ErrorDto {
        code: code.into(),
        message: message.into(),
    }
}

#[tauri::command]
pub async fn board(shell: State<'_, Shell>) -> Reply<Board> {
    Ok(shell.console().await?.board().await?)
}

#[tauri::command]
pub async fn list_sessions(shell: State<'_, Shell>, view: ChannelRef) -> Reply<Vec<Session>> {
    Ok(shell.console().await?.list_sessions(&view).await?)
}

#[tauri::command]
pub async fn session_detail(shell: State<'_, Shell>, id: String) -> Reply<SessionDetail> {
    Ok(shell.console().await?.session_detail(&id).await?)
}

#[tauri::command]
pub async fn create_session(shell: State<'_, Shell>, new: NewSession) -> Reply<Session> {
    Ok(shell.console().await?.create_session(new).await?)
}

#[tauri::command]
pub async fn request_permission(shell: State<'_, Shell>, id: String) -> Reply<Session> {
    Ok(shell.console().await?.request_permission(&id).await?)
}

/// Opens the provider's app with the URL the core built (never one from the UI).
#[tauri::command]
pub async fn start_remote(
    app: tauri::AppHandle,
    shell: State<'_, Shell>,
    id: String,
) -> Reply<String> {
    let url = shell.console().await?.start_remote(&id).await?;
    app.opener().open_url(&url, None::<&str>).map_err(|e| {
        error(
            "open_failed",
            format!("the Splashtop Business app did not open ({e}); is it installed?"),
        )
    })?;
    Ok(url)
}

#[tauri::command]
pub async fn assign(shell: State<'_, Shell>, id: String, technician_id: String) -> Reply<Session> {
    Ok(shell.console().await?.assign(&id, &technician_id).await?)
}

#[tauri::command]
pub async fn take(shell: State<'_, Shell>, id: String) -> Reply<Session> {
    Ok(shell.console().await?.take(&id).await?)
}

#[tauri::command]
pub async fn transfer_to_channel(
    shell: State<'_, Shell>,
    id: String,
    channel_id: String,
) -> Reply<Session> {
    Ok(shell
        .console()
        .await?
        .transfer_to_channel(&id, &channel_id)
        .await?)
}

#[tauri::command]
pub async fn invite_technician(
    shell: State<'_, Shell>,
    id: String,
    technician_id: String,
) -> Reply<Session> {
    Ok(shell
        .console()
        .await?
        .invite_technician(&id, &technician_id)
        .await?)
}

#[tauri::command]
pub async fn release(shell: State<'_, Shell>, id: String) -> Reply<Session> {
    Ok(shell.console().await?.release(&id).await?)
}

#[tauri::command]
pub async fn close(shell: State<'_, Shell>, id: String) -> Reply<Session> {
    Ok(shell.console().await?.close(&id).await?)
}

#[tauri::command]
pub async fn delete_session(shell: State<'_, Shell>, id: String) -> Reply<()> {
    Ok(shell.console().await?.delete(&id).await?)
}

#[tauri::command]
pub async fn update_channel_settings(
    shell: State<'_, Shell>,
    channel_id: String,
    settings: ChannelSettings,
) -> Reply<()> {
    Ok(shell
        .console()
        .await?
        .update_channel_settings(&channel_id, settings)
        .await?)
}

#[tauri::command]
pub async fn set_channel_muted(
    shell: State<'_, Shell>,
    channel_id: String,
    muted: bool,
) -> Reply<()> {
    Ok(shell
        .console()
        .await?
        .set_channel_muted(&channel_id, muted)
        .await?)
}

#[tauri::command]
pub async fn set_current_technician(shell: State<'_, Shell>, id: String) -> Reply<()> {
    Ok(shell.console().await?.set_current_technician(&id).await?)
}

#[tauri::command]
pub async fn set_default_channel(shell: State<'_, Shell>, channel_id: String) -> Reply<()> {
    Ok(shell
        .console()
        .await?
        .set_default_channel(&channel_id)
        .await?)
}

#[tauri::command]
pub async fn set_poll_interval(shell: State<'_, Shell>, ms: u32) -> Reply<()> {
    Ok(shell.console().await?.set_poll_interval(ms).await?)
}

#[tauri::command]
pub async fn add_technician(shell: State<'_, Shell>, technician: Technician) -> Reply<()> {
    Ok(shell.console().await?.add_technician(technician).await?)
}

#[tauri::command]
pub async fn sync_now(shell: State<'_, Shell>) -> Reply<()> {
    shell.console().await?.poll_once().await?;
    Ok(())
}

/// The demo's "play the end user" buttons.
#[tauri::command]
pub async fn demo_end_user(shell: State<'_, Shell>, code: String, action: String) -> Reply<()> {
    let runtime = shell.runtime().await?;
    let control = runtime.sandbox_control().ok_or_else(|| {
        error(
            "not_demo",
            "playing the end user works only in the demo workspace",
        )
    })?;
    let action = EndUserAction::parse(&action).ok_or_else(|| {
        error(
            "invalid_input",
            format!("unknown end-user action {action:?}"),
        )
    })?;
    control
        .end_user(&code, action)
        .await
        .map_err(|e| error("sandbox", e.to_string()))?;
    runtime.console.poll_once().await?;
    Ok(())
}

/// Settings → Integrations. Secret values never travel back: the card learns only which
/// secrets are stored.
#[tauri::command]
pub async fn integrations(shell: State<'_, Shell>) -> Reply<Vec<Integration>> {
    let runtime = shell.runtime().await?;
    runtime.integrations.list().await.map_err(runtime_error)
}

#[tauri::command]
pub async fn save_integration(
    shell: State<'_, Shell>,
    update: IntegrationUpdate,
) -> Reply<Integration> {
    let runtime = shell.runtime().await?;
    runtime
        .integrations
        .save(update)
        .await
        .map_err(runtime_error)
}

#[tauri::command]
pub async fn remove_integration_secret(
    shell: State<'_, Shell>,
    kind: IntegrationKind,
    key: String,
) -> Reply<Integration> {
    let runtime = shell.runtime().await?;
    runtime
        .integrations
        .remove_secret(kind, &key)
        .await
        .map_err(runtime_error)
}

#[tauri::command]
pub async fn test_integration(
    shell: State<'_, Shell>,
    kind: IntegrationKind,
) -> Reply<TestOutcome> {
    let runtime = shell.runtime().await?;
    runtime.integrations.test(kind).await.map_err(runtime_error)
}

fn runtime_error(e: tether_runtime::RuntimeError) -> ErrorDto {
    error(e.code(), e.to_string())
}

/// The current technician's OAuth authorisation of a provider (TeamViewer).
#[tauri::command]
pub async fn authorisation(
    shell: State<'_, Shell>,
    kind: IntegrationKind,
) -> Reply<AuthorisationStatus> {
    let runtime = shell.runtime().await?;
    let me = runtime.console.me().await?;
    runtime
        .integrations
        .authorisation(kind, &me.id)
        .await
        .map_err(runtime_error)
}

/// Opens the provider's consent page in the system browser and waits for the loopback
/// redirect. The link is also sent to the window, in case no browser opened.
#[tauri::command]
pub async fn authorise(
    app: tauri::AppHandle,
    shell: State<'_, Shell>,
    kind: IntegrationKind,
) -> Reply<AuthorisationStatus> {
    let runtime = shell.runtime().await?;
    let me = runtime.console.me().await?;
    let open = |url: &str| {
        let pending = tether_core::Event::AuthorisationPending {
            kind,
            url: url.to_string(),
        };
        if let Err(e) = app.emit(crate::events::EVENT, &pending) {
            tracing::warn!("the authorisation link did not reach the window: {e}");
        }
        if let Err(e) = app.opener().open_url(url, None::<&str>) {
            tracing::warn!("no browser opened for the authorisation: {e}");
        }
    };
    runtime
        .integrations
        .authorise(kind, &me.id, open)
        .await
        .map_err(runtime_error)
}

#[tauri::command]
pub async fn disconnect(
    shell: State<'_, Shell>,
    kind: IntegrationKind,
) -> Reply<AuthorisationStatus> {
    let runtime = shell.runtime().await?;
    let me = runtime.console.me().await?;
    runtime
        .integrations
        .disconnect(kind, &me.id)
        .await
        .map_err(runtime_error)
}
