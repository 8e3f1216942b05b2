//! A finished remote session as Tether keeps it, whichever provider it came from: kept once
//! by its id at the provider, and what became of it (on a ticket, waiting, turned away).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What became of a finished remote session (BT5–BT8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RemoteSessionStatus {
    /// Its action is on a ticket (or its transcript in a chat).
    Linked,
    /// No ticket named it: waiting in *Unlinked sessions* (BT7).
    Unlinked,
    /// An admin rule turned it away (BT8); the reason says which.
    Rejected,
}

/// A finished remote session as Tether keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct RemoteSessionRecord {
    pub id: String,
    pub provider: String,
    pub provider_session_id: String,
    pub status: RemoteSessionStatus,
    pub reason: Option<String>,
    pub ticket_id: Option<String>,
    pub chat_id: Option<String>,
    pub external_key: String,
    pub customer_name: String,
    pub customer_host: String,
    pub rep_name: String,
    /// The technician it is attributed to (the matched agent, else the default user).
    pub attributed_to: Option<String>,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_seconds: u32,
    pub transcript: String,
    /// Where `duration_seconds` came from (`None` on records from before it was kept).
    #[serde(default)]
    pub time_source: Option<TimeSource>,
}

/// Where a remote session's logged time comes from: the provider's own report, or the
/// connections Tether saw while polling (Splashtop reports none, providers.md §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TimeSource {
    Provider,
    Observed,
}

impl TimeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Provider => "provider",
            TimeSource::Observed => "observed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "provider" => Some(TimeSource::Provider),
            "observed" => Some(TimeSource::Observed),
            _ => None,
        }
    }
}
