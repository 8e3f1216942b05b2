use crate::notification::Notification;

/// Shows a native desktop notification. Errors are reported, not swallowed: the console
/// keeps the last failure for Settings.
pub trait Notifier: Send + Sync {
    fn notify(&self, notification: &Notification) -> Result<(), String>;
}
