//! One session as its detail panel shows it: the session, its history, when it expires, and
//! what the technician at the desk may do with it now.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::session::{HistoryEntry, Session};
use super::session_rules::SessionActions;
use super::ticket::Ticket;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SessionDetail {
    pub session: Session,
    pub history: Vec<HistoryEntry>,
    /// When the channel's timeout will expire the session, if it is still open.
    pub expires_at: Option<DateTime<Utc>>,
    /// What the technician at the desk may do with it now, and why not.
    pub actions: SessionActions,
    /// The ticket it was created from, to open in one click.
    pub ticket: Option<Ticket>,
    /// Its provider actions still waiting, or refused (TK2), with *Retry* and *Discard*.
    pub pending: Vec<super::pending_action::PendingAction>,
    /// When Tether last asked the provider about it (open sessions share a request budget).
    pub checked_at: Option<DateTime<Utc>>,
}
