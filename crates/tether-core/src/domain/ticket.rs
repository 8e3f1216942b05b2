//! SPEC TK1, IN2, IN3, IN6: tickets, their types and the action timeline every invite,
//! chat invite and finished remote session leaves behind.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::invite_target::InviteTarget;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TicketStatus {
    Open,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 5] = [
        TicketStatus::Open,
        TicketStatus::InProgress,
        TicketStatus::Waiting,
        TicketStatus::Resolved,
        TicketStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::Waiting => "waiting",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<TicketStatus> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// As the timeline says it.
    pub fn label(self) -> &'static str {
        match self {
            TicketStatus::Open => "Open",
            TicketStatus::InProgress => "In progress",
            TicketStatus::Waiting => "Waiting",
            TicketStatus::Resolved => "Resolved",
            TicketStatus::Closed => "Closed",
        }
    }

    /// Resolved or closed: the work is done.
    pub fn is_done(self) -> bool {
        matches!(self, TicketStatus::Resolved | TicketStatus::Closed)
    }
}

/// IN3: a type can send an invitation as soon as a ticket of it is created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TicketType {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub send_invite_on_create: bool,
    /// The *Remote Session Channel* default; `Default` means the default team.
    #[serde(default)]
    pub invite_target: InviteTarget,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Ticket {
    pub id: String,
    #[ts(type = "number")]
    pub number: i64,
    pub subject: String,
    pub status: TicketStatus,
    pub customer_id: Option<String>,
    pub customer_name: String,
    pub end_user_name: String,
    pub end_user_email: String,
    pub type_id: Option<String>,
    pub assignee: Option<String>,
    pub asset_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a new ticket needs (IN3 may send an invite right after).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct NewTicket {
    pub subject: String,
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub end_user_name: String,
    #[serde(default)]
    pub end_user_email: String,
    #[serde(default)]
    pub type_id: Option<String>,
    #[serde(default)]
    pub asset_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TicketActionKind {
    Created,
    Note,
    /// IN2 / IN6: the *Remote Session Invitation* action type.
    RemoteSessionInvitation,
    /// IN4.
    ChatInvitation,
    /// SP2: a finished session's time and comment.
    RemoteSession,
    /// SY7: the ticket's status changed (by a technician, or its alert resolved in Syncro).
    StatusChanged,
    /// SY7: the Syncro RMM alert the ticket was made from.
    RmmAlert,
}

impl TicketActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketActionKind::Created => "created",
            TicketActionKind::Note => "note",
            TicketActionKind::RemoteSessionInvitation => "remote_session_invitation",
            TicketActionKind::ChatInvitation => "chat_invitation",
            TicketActionKind::RemoteSession => "remote_session",
            TicketActionKind::StatusChanged => "status_changed",
            TicketActionKind::RmmAlert => "rmm_alert",
        }
    }

    pub fn parse(s: &str) -> Option<TicketActionKind> {
        [
            TicketActionKind::Created,
            TicketActionKind::Note,
            TicketActionKind::RemoteSessionInvitation,
            TicketActionKind::ChatInvitation,
            TicketActionKind::RemoteSession,
            TicketActionKind::StatusChanged,
            TicketActionKind::RmmAlert,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Whether an email an action sent has reached the mail server (TK2: never silently lost).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Delivery {
    Pending,
    Sent,
    /// A technician gave up on an email the server refused; the timeline says who and why.
    Discarded,
}

/// IN6: who invited whom, when, to which target, and what the end user received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct InvitationRecord {
    #[serde(default)]
    pub provider: super::invitation::InviteProvider,
    pub recipients: Vec<String>,
    pub requested: InviteTarget,
    /// Where the session really went, e.g. "Team Helpdesk (Priya is unavailable)".
    pub target_label: String,
    /// The board session (Splashtop) or the session key (BeyondTrust).
    pub session_id: String,
    pub link: String,
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TicketAction {
    #[ts(type = "number")]
    pub id: i64,
    pub ticket_id: String,
    pub at: DateTime<Utc>,
    /// A technician id, or `system`.
    pub actor: String,
    pub kind: TicketActionKind,
    pub note: String,
    /// A remote session's chat transcript, apart from its summary in `note`.
    pub transcript: Option<String>,
    pub invitation: Option<InvitationRecord>,
    pub delivery: Option<Delivery>,
    /// Why the last delivery attempt failed, while it is pending.
    pub delivery_error: Option<String>,
    pub logged_seconds: Option<u32>,
}

impl TicketAction {
    /// A *Remote session* action (SP2, BT5, TV5): the time it logged and what it said.
    pub fn remote_session(
        ticket_id: &str,
        at: DateTime<Utc>,
        actor: &str,
        note: String,
        logged_seconds: u32,
        transcript: Option<String>,
    ) -> TicketAction {
        TicketAction {
            id: 0,
            ticket_id: ticket_id.to_string(),
            at,
            actor: actor.to_string(),
            kind: TicketActionKind::RemoteSession,
            note,
            transcript,
            invitation: None,
            delivery: None,
            delivery_error: None,
            logged_seconds: Some(logged_seconds),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TicketDetail {
    pub ticket: Ticket,
    pub ticket_type: Option<TicketType>,
    pub actions: Vec<TicketAction>,
    /// The chat linked to the ticket, if any (IN4 invites go there).
    pub chat_id: Option<String>,
    /// Its emails still waiting for the mail server, refused ones included (TK2).
    pub waiting_mail: Vec<super::pending_mail::PendingMail>,
}

/// Which tickets a list wants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TicketQuery {
    /// Words matched as prefixes against number, subject, customer and end user.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub status: Option<TicketStatus>,
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}
