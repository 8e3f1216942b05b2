//! SPEC SD1 and SD7: channels and their settings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every technician's private channel has this id (Splashtop numbers it 0 too).
pub const PRIVATE_CHANNEL_ID: &str = "private";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChannelKind {
    /// Sessions only their creator (and whoever they assign or invite) can see.
    Private,
    /// A group of related sessions shared by its members.
    Shared,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ChannelSettings {
    /// SD7: a session older than this expires. At least one minute.
    pub session_timeout_minutes: u32,
    /// SD7: who has access. Empty means every technician.
    pub members: Vec<String>,
    /// SD7: sessions in this channel are visible only to the people on them.
    pub private_sessions: bool,
}

impl Default for ChannelSettings {
    fn default() -> Self {
        ChannelSettings {
            session_timeout_minutes: 60,
            members: Vec::new(),
            private_sessions: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Channel {
    pub id: String,
    pub name: String,
    pub kind: ChannelKind,
    /// The provider's own id for this channel (Splashtop `channel_id`).
    #[ts(type = "number")]
    pub provider_channel_id: i64,
    pub settings: ChannelSettings,
}

impl Channel {
    pub fn is_member(&self, technician: &str) -> bool {
        self.kind == ChannelKind::Private
            || self.settings.members.is_empty()
            || self.settings.members.iter().any(|m| m == technician)
    }
}

/// What the sidebar selects: SD1's Home, Private, or one shared channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum ChannelRef {
    /// Every session assigned to me (or that I was invited to), across channels.
    Home,
    /// My private sessions.
    Private,
    /// One shared channel.
    Channel(String),
}
