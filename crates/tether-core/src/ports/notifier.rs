//! Native desktop notifications (SD6): what is shown, the port that shows it, and how well
//! that has gone so far.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Notification {
    pub title: String,
    pub body: String,
    pub session_id: String,
}

/// Shown in Settings: a failure to notify is never swallowed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct NotifierHealth {
    #[ts(type = "number")]
    pub sent: u64,
    #[ts(type = "number")]
    pub failed: u64,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
}

/// Shows a native desktop notification. Errors are reported, not swallowed: the console
/// keeps the last failure for Settings.
pub trait Notifier: Send + Sync {
    fn notify(&self, notification: &Notification) -> Result<(), String>;
}
