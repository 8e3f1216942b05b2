//! SD6 through tauri-plugin-notification: a real D-Bus `Notify` call on Linux, and a click
//! on the notification brings the window forward on that session.

use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use tether_core::ports::notifier::Notification;
use tether_core::ports::Notifier;
use tether_core::Event;

use crate::events::EVENT;

const SESSION_ID: &str = "session_id";

pub struct TauriNotifier {
    app: AppHandle,
    /// The app's icon as a file the notification service can read, when it could be written.
    icon: Option<String>,
}

/// The icon the bundle carries, written once to the cache: a notification names its icon by
/// path (or by an installed theme name, which a development build does not have).
fn icon_file(app: &AppHandle) -> Option<String> {
    const ICON: &[u8] = include_bytes!("../../icons/icon.png");
    let dir = app.path().app_cache_dir().ok()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("notification-icon.png");
    if std::fs::read(&path).ok().as_deref() != Some(ICON) {
        if let Err(e) = std::fs::write(&path, ICON) {
            tracing::warn!("notifications will show no icon: {e}");
            return None;
        }
    }
    path.to_str().map(str::to_string)
}

impl TauriNotifier {
    /// Also registers the click handler; notifications shown before it exists report no
    /// clicks, so this runs before the first one.
    pub fn new(app: AppHandle) -> Self {
        let shell = app.clone();
        let registered = app.notification().on_action(move |action| {
            if action.action_id() != "tap" {
                return;
            }
            let id = action
                .notification()
                .and_then(|n| n.extra().get(SESSION_ID))
                .and_then(|v| v.as_str());
            if let Some(id) = id {
                focus(&shell, id);
            }
        });
        if let Err(e) = registered {
            tracing::warn!("notification clicks will not focus sessions: {e}");
        }
        let icon = icon_file(&app);
        TauriNotifier { app, icon }
    }

    /// The plugin hands the D-Bus call to a background task and drops its error, so a missing
    /// notification service would go unnoticed. Ask the service itself first: one short
    /// round trip, for an event that happens a few times a minute at most.
    #[cfg(all(unix, not(target_os = "macos")))]
    fn check_service(&self) -> Result<(), String> {
        // The D-Bus error's own name goes to the log, not to Settings, where it would read
        // as developer text.
        notify_rust::get_server_information()
            .map(|_| ())
            .map_err(|e| {
                tracing::warn!("no notification service: {e}");
                "no notification service answers on the session D-Bus: start the desktop's \
                 notification daemon"
                    .to_string()
            })
    }

    #[cfg(not(all(unix, not(target_os = "macos"))))]
    fn check_service(&self) -> Result<(), String> {
        Ok(())
    }
}

impl Notifier for TauriNotifier {
    fn notify(&self, n: &Notification) -> Result<(), String> {
        self.check_service()?;
        let mut builder = self
            .app
            .notification()
            .builder()
            .title(&n.title)
            .body(&n.body)
            .extra(SESSION_ID, &n.session_id);
        if let Some(icon) = &self.icon {
            builder = builder.icon(icon.clone());
        }
        builder.show().map_err(|e| e.to_string())
    }
}

fn focus(app: &AppHandle, session_id: &str) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let event = Event::FocusSession {
        session_id: session_id.to_string(),
    };
    if let Err(e) = app.emit(EVENT, &event) {
        tracing::warn!("could not focus the notified session: {e}");
    }
}
