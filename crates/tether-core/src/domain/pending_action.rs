//! A provider action waiting in the outbox (TK2), as the board and a session show it.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A provider action waiting in the outbox, as the board shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct PendingAction {
    /// For *Retry* and *Discard*.
    pub id: u32,
    pub provider: String,
    /// `close` or `delete`.
    pub action: String,
    /// What it does, in words ("Close the session at Splashtop").
    pub label: String,
    /// The session on the board, while it is there (a deleted one is not).
    pub session_id: Option<String>,
    pub customer_name: Option<String>,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    /// The provider refused it for good: it waits for a technician, not for the next round.
    pub refused: bool,
}
