//! TeamViewer's sessions (service-case codes) and connection reports, as the core needs them
//! (providers.md §2.3–2.4). A session is a code with two links: the end customer's and the
//! supporter's; a connection report is what one connection made with it left behind.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// TV2 / TV3: a remote-control session, or a pilot (augmented-reality) one for a device
/// without a screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TvSessionKind {
    #[default]
    Remote,
    Pilot,
}

/// `open` or `closed`, whatever case the server writes it in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TvSessionState {
    Open,
    Closed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TvSession {
    /// `s12-345-678`.
    pub code: String,
    pub state: TvSessionState,
    pub kind: TvSessionKind,
    pub end_customer_name: String,
    pub end_customer_email: Option<String>,
    pub description: String,
    /// For the end customer (the invitation's link).
    pub end_customer_link: String,
    /// For the technician: opens the supporter side.
    pub supporter_link: String,
    /// What Tether put there: the ticket's id.
    pub custom_api: String,
    pub created_at: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Whether a connection is active now, when the server says (newer servers only).
    pub online: Option<bool>,
}

/// What a new session is asked with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTvSession {
    /// The group the code is kept in (created if it does not exist, user-level tokens).
    pub group_name: String,
    pub kind: TvSessionKind,
    pub end_customer_name: String,
    pub end_customer_email: Option<String>,
    pub description: String,
    /// The ticket's id, so a report finds its way back.
    pub custom_api: String,
    pub valid_until: Option<DateTime<Utc>>,
}

/// One connection made with a session code (§2.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TvConnection {
    /// The report's GUID.
    pub id: String,
    pub session_code: String,
    pub technician: String,
    pub device: String,
    pub start: DateTime<Utc>,
    /// None while the connection is still going.
    pub end: Option<DateTime<Utc>>,
    pub notes: String,
    pub custom_api: String,
}

impl TvConnection {
    pub fn duration_secs(&self) -> Option<u32> {
        self.end
            .map(|e| u32::try_from((e - self.start).num_seconds().max(0)).unwrap_or(u32::MAX))
    }
}
