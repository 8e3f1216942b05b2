//! TeamViewer's sessions (service-case codes) and connection reports, as the core needs them
//! (providers.md §2.3–2.4). A session is a code with two links: the end customer's and the
//! supporter's; a connection report is what one connection made with it left behind.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The board's name for TeamViewer, and the channel its sessions are shown in.
pub const PROVIDER: &str = "teamviewer";
pub const CHANNEL_ID: &str = "teamviewer";

/// A code is valid this long unless TeamViewer says otherwise (§2.3): the channel's
/// timeout, so the board does not expire a session TeamViewer still holds open.
pub const DEFAULT_VALIDITY_MINUTES: u32 = 24 * 60;

/// TeamViewer's session as the board's provider status: open and waiting → Pending,
/// connected → Active, closed → Closed, past its validity → Expired (issue 11, item 7).
pub fn board_status(
    session: &TvSession,
    now: DateTime<Utc>,
) -> crate::ports::provider::ProviderSession {
    use crate::ports::provider::{ProviderSession, ProviderStatus};
    let connected = session.online == Some(true);
    let status = match session.state {
        TvSessionState::Closed => ProviderStatus::Closed,
        TvSessionState::Open if session.valid_until.is_some_and(|v| v <= now) => {
            ProviderStatus::Expired
        }
        TvSessionState::Open => ProviderStatus::Open,
    };
    ProviderSession {
        provider_session_id: session.code.clone(),
        code: session.code.clone(),
        link: session.end_customer_link.clone(),
        status,
        app_running: connected,
        connected,
        ever_launched: connected,
        permission: crate::domain::Permission::NotRequested,
    }
}

/// TeamViewer's own word beside the board's state.
pub fn status_word(session: &TvSession, now: DateTime<Utc>) -> String {
    match session.state {
        TvSessionState::Closed => "Closed".into(),
        TvSessionState::Open if session.valid_until.is_some_and(|v| v <= now) => {
            "Past its validity".into()
        }
        TvSessionState::Open if session.online == Some(true) => "Connected".into(),
        TvSessionState::Open => "Open, waiting".into(),
    }
}

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

/// A TeamViewer session made from a ticket (TV2–TV4), as the cache keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TicketTvSession {
    pub session: TvSession,
    pub ticket_id: String,
    pub created_by: String,
    /// Since when a connection has been active, as Tether last saw it.
    pub connected_since: Option<DateTime<Utc>>,
    /// When Tether last asked TeamViewer about it.
    pub checked_at: Option<DateTime<Utc>>,
}

/// TV4: one session in the ticket's TeamViewer panel, as the technician at the desk may see
/// it. The supporter link and the live connection are the creator's alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TvPanelSession {
    pub code: String,
    pub kind: TvSessionKind,
    /// `open`, `closed`, or `expired` (open at TeamViewer but past its validity).
    pub status: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub end_customer_name: String,
    pub end_customer_email: Option<String>,
    /// The end customer's link: what *Copy link* copies.
    pub end_customer_link: String,
    /// Whether the technician at the desk created it: the live details are theirs only.
    pub mine: bool,
    /// Since when a connection is active; only for the creator.
    pub active_since: Option<DateTime<Utc>>,
    /// Finished connections, oldest first.
    pub connections: Vec<TvConnection>,
    /// Total connected time so far, in seconds.
    pub connected_seconds: u32,
    pub can_end: bool,
    pub can_enter: bool,
    pub can_reinvite: bool,
}

/// The ticket's TeamViewer panel: hidden while TeamViewer is off (TV6), whose records stay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TvPanel {
    pub available: bool,
    /// Why not, when it is not.
    pub reason: Option<String>,
    pub sessions: Vec<TvPanelSession>,
}

/// The supporter link is opened only if it is one TeamViewer would give: https, or http on
/// this machine (the sandbox).
pub fn supporter_url(link: &str) -> Result<String, crate::error::CoreError> {
    let refuse = || {
        crate::error::CoreError::Invalid(format!(
            "{link:?} is not a TeamViewer supporter link; nothing was opened"
        ))
    };
    let url = url::Url::parse(link.trim()).map_err(|_| refuse())?;
    let host = url.host_str().ok_or_else(refuse)?;
    let loopback = matches!(host, "127.0.0.1" | "localhost");
    match url.scheme() {
        "https" => Ok(url.to_string()),
        "http" if loopback => Ok(url.to_string()),
        _ => Err(refuse()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_machine_opens() {
        assert!(supporter_url("https://get.teamviewer.com/s123-abc").is_ok());
        assert!(supporter_url("http://127.0.0.1:4000/tv/s1").is_ok());
        for bad in [
            "http://evil.example/x",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "",
        ] {
            assert!(supporter_url(bad).is_err(), "{bad}");
        }
    }
}
