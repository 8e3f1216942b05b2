//! SD6 through tauri-plugin-notification: a real D-Bus `Notify` call on Linux.

use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;
use tether_core::notification::Notification;
use tether_core::ports::Notifier;

pub struct TauriNotifier {
    app: AppHandle,
}

impl TauriNotifier {
    pub fn new(app: AppHandle) -> Self {
        TauriNotifier { app }
    }
}

impl Notifier for TauriNotifier {
    fn notify(&self, n: &Notification) -> Result<(), String> {
        self.app
            .notification()
            .builder()
            .title(&n.title)
            .body(&n.body)
            .show()
            .map_err(|e| e.to_string())
    }
}
