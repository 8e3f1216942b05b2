//! Splashtop's payloads exactly as sent: the `{result, data}` envelope and the session.

use serde::{Deserialize, Deserializer};

/// `result` is 20200 on success; anything else is an error code (§3.2).
pub const RESULT_OK: i64 = 20200;

#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    pub result: i64,
    #[serde(default = "none")]
    pub data: Option<T>,
    #[serde(default)]
    pub message: Option<String>,
}

fn none<T>() -> Option<T> {
    None
}

#[derive(Debug, Deserialize)]
pub struct BasicInfo {
    #[serde(default)]
    pub email: Option<String>,
    pub scopes: Scopes,
}

#[derive(Debug, Deserialize)]
pub struct Scopes {
    /// Absent when the token lacks the `psa` scope.
    #[serde(default)]
    pub psa: Option<PsaScope>,
}

#[derive(Debug, Deserialize)]
pub struct PsaScope {
    pub team_id: i64,
}

#[derive(Debug, Deserialize)]
pub struct ChannelList {
    pub channels: Vec<WireChannel>,
}

#[derive(Debug, Deserialize)]
pub struct WireChannel {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub default: bool,
}

#[derive(Debug, Deserialize)]
pub struct SupportSession {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// The 9-digit SOS code. Seen as a string; accepted as a number too.
    #[serde(deserialize_with = "string_or_number")]
    pub code: String,
    /// `open` / `closed` / `deleted` / `expired`.
    pub status: String,
    pub support_portal_link: String,
    #[serde(default)]
    pub channel_id: Option<i64>,
    #[serde(default)]
    pub assignee_email: Option<String>,
    #[serde(default)]
    pub associated_at: Option<String>,
    #[serde(default)]
    pub online_since: Option<String>,
    #[serde(default)]
    pub connected_since: Option<String>,
    /// Sandbox assumption, not in providers.md: the answer to a permission request.
    #[serde(default)]
    pub permission_status: Option<String>,
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        S(String),
        N(i64),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::S(s) => s,
        Raw::N(n) => n.to_string(),
    })
}
