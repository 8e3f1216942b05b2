//! Tauri commands of the ticket desk: tickets, invitations, assets and launches. Each is one
//! `Console` call; a launch URL is built and validated by the core, never taken from the UI.

use tauri::State;
use tauri_plugin_opener::OpenerExt;
use tether_core::console::{
    AssetDetail, Directory, InvitePreview, InviteRequest, Launch, PendingMail, TemplatePreview,
    TicketCreated, UnlinkedSession,
};
use tether_core::domain::{
    Asset, AssetQuery, BeyondTrustSettings, ChatMessage, InviteTarget, InviteTemplates, NewTicket,
    RemoteSessionRecord, RemoteSupportSettings, Ticket, TicketAction, TicketDetail, TicketQuery,
};
use tether_core::ErrorDto;

use crate::Shell;

type Reply<T> = Result<T, ErrorDto>;

#[tauri::command]
pub async fn directory(shell: State<'_, Shell>) -> Reply<Directory> {
    Ok(shell.console().await?.directory().await?)
}

#[tauri::command]
pub async fn tickets(shell: State<'_, Shell>, query: TicketQuery) -> Reply<Vec<Ticket>> {
    Ok(shell.console().await?.tickets(query).await?)
}

#[tauri::command]
pub async fn ticket_detail(shell: State<'_, Shell>, id: String) -> Reply<TicketDetail> {
    Ok(shell.console().await?.ticket_detail(&id).await?)
}

#[tauri::command]
pub async fn create_ticket(shell: State<'_, Shell>, new: NewTicket) -> Reply<TicketCreated> {
    Ok(shell.console().await?.create_ticket(new).await?)
}

#[tauri::command]
pub async fn add_ticket_note(shell: State<'_, Shell>, id: String, note: String) -> Reply<()> {
    Ok(shell.console().await?.add_ticket_note(&id, &note).await?)
}

#[tauri::command]
pub async fn preview_invite(
    shell: State<'_, Shell>,
    request: InviteRequest,
) -> Reply<InvitePreview> {
    Ok(shell.console().await?.preview_invite(request).await?)
}

#[tauri::command]
pub async fn send_invite(shell: State<'_, Shell>, request: InviteRequest) -> Reply<TicketAction> {
    Ok(shell.console().await?.send_invite(request).await?)
}

#[tauri::command]
pub async fn send_chat_invite(
    shell: State<'_, Shell>,
    ticket_id: String,
    target: InviteTarget,
) -> Reply<ChatMessage> {
    Ok(shell
        .console()
        .await?
        .send_chat_invite(&ticket_id, target)
        .await?)
}

#[tauri::command]
pub async fn chat_messages(shell: State<'_, Shell>, chat_id: String) -> Reply<Vec<ChatMessage>> {
    Ok(shell.console().await?.chat_messages(&chat_id).await?)
}

#[tauri::command]
pub async fn assets(shell: State<'_, Shell>, query: AssetQuery) -> Reply<Vec<Asset>> {
    Ok(shell.console().await?.assets(query).await?)
}

#[tauri::command]
pub async fn asset_detail(shell: State<'_, Shell>, id: String) -> Reply<AssetDetail> {
    Ok(shell.console().await?.asset_detail(&id).await?)
}

/// UA5/UA6: records the launch, then hands the core's URL to the OS.
#[tauri::command]
pub async fn launch(
    app: tauri::AppHandle,
    shell: State<'_, Shell>,
    asset_id: String,
    button_id: String,
) -> Reply<Launch> {
    let launch = shell
        .console()
        .await?
        .launch(&asset_id, &button_id, false)
        .await?;
    app.opener()
        .open_url(&launch.url, None::<&str>)
        .map_err(|e| ErrorDto {
            code: "open_failed".into(),
            message: format!(
                "the launch is recorded, but the system did not open it ({e}); is the provider's app installed?"
            ),
        })?;
    Ok(launch)
}

#[tauri::command]
pub async fn remote_support_settings(shell: State<'_, Shell>) -> Reply<RemoteSupportSettings> {
    Ok(shell.console().await?.remote_support_settings().await?)
}

#[tauri::command]
pub async fn save_remote_support_settings(
    shell: State<'_, Shell>,
    settings: RemoteSupportSettings,
) -> Reply<()> {
    Ok(shell
        .console()
        .await?
        .save_remote_support_settings(settings)
        .await?)
}

#[tauri::command]
pub async fn preview_templates(
    shell: State<'_, Shell>,
    templates: InviteTemplates,
) -> Reply<TemplatePreview> {
    Ok(shell.console().await?.preview_templates(&templates))
}

#[tauri::command]
pub async fn set_available(shell: State<'_, Shell>, available: bool) -> Reply<()> {
    Ok(shell.console().await?.set_available(available).await?)
}

#[tauri::command]
pub async fn pending_mail(shell: State<'_, Shell>) -> Reply<Vec<PendingMail>> {
    Ok(shell.console().await?.pending_mail().await?)
}

#[tauri::command]
pub async fn retry_mail(shell: State<'_, Shell>) -> Reply<u32> {
    Ok(shell.console().await?.retry_mail_now().await?)
}

#[tauri::command]
pub async fn beyondtrust_settings(shell: State<'_, Shell>) -> Reply<BeyondTrustSettings> {
    Ok(shell.console().await?.beyondtrust_settings().await?)
}

#[tauri::command]
pub async fn save_beyondtrust_settings(
    shell: State<'_, Shell>,
    settings: BeyondTrustSettings,
) -> Reply<()> {
    Ok(shell
        .console()
        .await?
        .save_beyondtrust_settings(settings)
        .await?)
}

/// BT3 *Get teams*.
#[tauri::command]
pub async fn fetch_beyondtrust_teams(shell: State<'_, Shell>) -> Reply<BeyondTrustSettings> {
    Ok(shell.console().await?.fetch_beyondtrust_teams().await?)
}

#[tauri::command]
pub async fn unlinked_sessions(shell: State<'_, Shell>) -> Reply<Vec<UnlinkedSession>> {
    Ok(shell.console().await?.unlinked_sessions().await?)
}

#[tauri::command]
pub async fn link_remote_session(
    shell: State<'_, Shell>,
    id: String,
    ticket_id: String,
) -> Reply<RemoteSessionRecord> {
    Ok(shell
        .console()
        .await?
        .link_remote_session(&id, &ticket_id)
        .await?)
}

/// Where BeyondTrust's outbound events should be sent, if the receiver is listening.
#[tauri::command]
pub async fn events_receiver(shell: State<'_, Shell>) -> Reply<Option<String>> {
    let runtime = shell.runtime().await?;
    let receiver = runtime.receiver.lock().unwrap_or_else(|p| p.into_inner());
    Ok(receiver.as_ref().map(|r| r.url()))
}
