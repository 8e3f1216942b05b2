//! SPEC SD2–SD5: an attended support session as the board shows it.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::state_machine::{SessionEvent, SessionState};

/// SD5: the assignee plus at most two invited technicians.
pub const MAX_TECHNICIANS: usize = 3;

/// The app a provider's URLs open, as a technician knows it ("is the Splashtop Business app
/// installed?").
pub fn provider_app(provider: &str) -> &str {
    match provider {
        "splashtop" => "Splashtop Business",
        "beyondtrust" => "BeyondTrust Representative Console",
        "teamviewer" => "TeamViewer",
        "syncro" => "SyncroMSP",
        other => other,
    }
}

/// SD4: where the permission request stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    #[default]
    NotRequested,
    Requested,
    Granted,
    Refused,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::NotRequested => "not_requested",
            Permission::Requested => "requested",
            Permission::Granted => "granted",
            Permission::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Permission::NotRequested,
            Permission::Requested,
            Permission::Granted,
            Permission::Refused,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// Who made something happen; kept on every history entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum Actor {
    Technician(String),
    EndUser,
    Provider(String),
    System,
}

impl Actor {
    /// The compact form kept in the store: `tech:ID`, `end_user`, `provider:NAME`, `system`.
    pub fn encode(&self) -> String {
        match self {
            Actor::Technician(id) => format!("tech:{id}"),
            Actor::EndUser => "end_user".into(),
            Actor::Provider(name) => format!("provider:{name}"),
            Actor::System => "system".into(),
        }
    }

    pub fn decode(s: &str) -> Actor {
        if let Some(id) = s.strip_prefix("tech:") {
            Actor::Technician(id.to_string())
        } else if let Some(name) = s.strip_prefix("provider:") {
            Actor::Provider(name.to_string())
        } else if s == "end_user" {
            Actor::EndUser
        } else {
            Actor::System
        }
    }

    pub fn technician(&self) -> Option<&str> {
        match self {
            Actor::Technician(id) => Some(id),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Session {
    pub id: String,
    pub channel_id: String,
    /// `splashtop` for now.
    pub provider: String,
    pub provider_session_id: String,
    /// Who the session is for (Splashtop's `customer_name`, at most 64 characters).
    pub customer_name: String,
    pub issue: String,
    /// The 9-digit code the end user types.
    pub code: String,
    /// The link the end user opens.
    pub link: String,
    pub state: SessionState,
    /// The provider's own word for the status (Splashtop's console says "Waiting").
    pub provider_status: String,
    pub permission: Permission,
    pub assignee: Option<String>,
    /// Technicians invited to help besides the assignee (at most two).
    pub invited: Vec<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the session last changed state; with the channel's timeout this says when it
    /// expires.
    pub state_changed_at: DateTime<Utc>,
    /// The ticket it was created from (SP2: its time goes back there when it closes).
    #[serde(default)]
    pub ticket_id: Option<String>,
}

impl Session {
    pub fn technicians(&self) -> impl Iterator<Item = &str> {
        self.assignee
            .as_deref()
            .into_iter()
            .chain(self.invited.iter().map(String::as_str))
    }

    pub fn involves(&self, technician: &str) -> bool {
        self.created_by == technician || self.technicians().any(|t| t == technician)
    }
}

/// One line of a session's history: time, actor, from, to (SD3: every transition is kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// `None` when this entry records the session's creation.
    pub event: Option<SessionEvent>,
    /// `None` when the session was created by this entry.
    pub from: Option<SessionState>,
    pub to: SessionState,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct NewSession {
    pub channel_id: String,
    pub customer_name: String,
    #[serde(default)]
    pub issue: String,
    /// The ticket the session is for (SP2: its time goes back there when it closes).
    #[serde(default)]
    pub ticket_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_round_trip_through_their_stored_form() {
        for a in [
            Actor::Technician("alex".into()),
            Actor::EndUser,
            Actor::Provider("splashtop".into()),
            Actor::System,
        ] {
            assert_eq!(Actor::decode(&a.encode()), a);
        }
    }

    #[test]
    fn permissions_round_trip() {
        for p in [
            Permission::NotRequested,
            Permission::Requested,
            Permission::Granted,
            Permission::Refused,
        ] {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
        }
    }
}
