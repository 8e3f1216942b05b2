//! An email waiting for the mail server (TK2), as the outbox view and a ticket show it.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An email waiting for the server, as the outbox view shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct PendingMail {
    /// For *Correct* and *Discard*.
    pub id: u32,
    /// The ticket action whose delivery this is.
    #[ts(type = "number | null")]
    pub action_id: Option<i64>,
    pub to: Vec<String>,
    pub subject: String,
    pub ticket_id: Option<String>,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    /// The server refused it for good: it waits for a technician (retry after fixing the
    /// account, correct the recipients, or discard), not for the next round.
    pub refused: bool,
}
