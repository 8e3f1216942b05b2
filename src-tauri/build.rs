/// Every command the UI calls. Listing them makes Tauri's access control deny any other
/// (SPEC CR4); `src-tauri/capabilities/default.json` grants exactly these to the window.
const COMMANDS: &[&str] = &[
    "board",
    "list_sessions",
    "session_detail",
    "create_session",
    "request_permission",
    "start_remote",
    "assign",
    "take",
    "transfer_to_channel",
    "invite_technician",
    "release",
    "close",
    "delete_session",
    "update_channel_settings",
    "set_channel_muted",
    "set_current_technician",
    "set_poll_interval",
    "set_default_channel",
    "add_technician",
    "sync_now",
    "demo_end_user",
    "integrations",
    "save_integration",
    "remove_integration_secret",
    "test_integration",
    "authorisation",
    "authorise",
    "disconnect",
    "directory",
    "tickets",
    "ticket_detail",
    "create_ticket",
    "add_ticket_note",
    "preview_invite",
    "send_invite",
    "send_chat_invite",
    "chat_messages",
    "assets",
    "asset_detail",
    "launch",
    "remote_support_settings",
    "save_remote_support_settings",
    "preview_templates",
    "set_available",
    "pending_mail",
    "retry_mail",
    "beyondtrust_settings",
    "save_beyondtrust_settings",
    "fetch_beyondtrust_teams",
    "unlinked_sessions",
    "link_remote_session",
    "events_receiver",
];

fn main() {
    // The capabilities live in src-tauri/ while the manifest sits at the root (next to
    // tauri.conf.json), so tauri-build is told where to look.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
