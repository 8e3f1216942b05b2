//! The window's IPC: every command of the table through one handler. Tauri checks each call
//! against the window's capability before it gets here (the app's manifest lists exactly
//! the table's commands, see build.rs); the handler hands the JSON arguments to the same
//! dispatch `tether serve` uses, and a failure crosses as the core's `{ code, message }`.

use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::Manager;
use tether_core::{ErrorCode, ErrorDto};

use crate::Shell;

/// The window's capability: listening to the core's events, and each command of the table.
pub fn capability() -> tauri::ipc::CapabilityBuilder {
    let base = tauri::ipc::CapabilityBuilder::new("main-window")
        .window("main")
        .permission("core:event:allow-listen")
        .permission("core:event:allow-unlisten")
        // Settings → *Start Tether when I log in*.
        .permission("autostart:allow-is-enabled")
        .permission("autostart:allow-enable")
        .permission("autostart:allow-disable");
    permissions().fold(base, |capability, p| capability.permission(p))
}

/// `allow-<command>` for every command of the table, as tauri-build names them.
pub fn permissions() -> impl Iterator<Item = String> {
    tether_api::COMMAND_NAMES
        .iter()
        .map(|name| format!("allow-{}", name.replace('_', "-")))
}

pub fn handle<R: tauri::Runtime>(invoke: Invoke<R>) -> bool {
    let name = invoke.message.command().to_string();
    if !tether_api::COMMAND_NAMES.contains(&name.as_str()) {
        return false;
    }
    let args = match invoke.message.payload() {
        InvokeBody::Json(value) => value.clone(),
        InvokeBody::Raw(_) => {
            invoke.resolver.reject(ErrorDto::new(
                ErrorCode::InvalidInput,
                format!("the arguments of {name} must be JSON"),
            ));
            return true;
        }
    };
    let shell = invoke.message.webview().state::<Shell>().inner().clone();
    invoke.resolver.respond_async(async move {
        let outcome = match shell.runtime().await {
            Ok(runtime) => tether_api::dispatch(&runtime, &name, args).await,
            Err(e) => Err(e),
        };
        outcome.map_err(InvokeError::from)
    });
    true
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The app manifest tauri-build generated (from build.rs's reading of the table) and
    /// the capability granted at start-up name exactly the table's commands.
    #[test]
    fn the_window_may_call_exactly_the_tables_commands() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/gen/schemas/acl-manifests.json"
        );
        let manifests: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("tauri-build ran"))
                .expect("JSON");
        let declared: BTreeSet<String> = manifests["__app-acl__"]["permissions"]
            .as_object()
            .expect("the app's permissions")
            .keys()
            .filter(|k| k.starts_with("allow-"))
            .cloned()
            .collect();
        let granted: BTreeSet<String> = super::permissions().collect();
        assert_eq!(declared, granted);
        assert_eq!(granted.len(), tether_api::COMMAND_NAMES.len());
    }
}
