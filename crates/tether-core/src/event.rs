//! Everything the UI or a notification cares about travels as an `Event` on one bus.

use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::{Actor, Session, SessionState};
use crate::ports::notifier::{Notification, NotifierHealth};
use crate::ports::provider::ProviderHealth;

#[derive(Clone, Debug, Serialize, TS, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum Event {
    /// A session was created (`from` is `None`) or changed state.
    SessionChanged {
        session: Session,
        from: Option<SessionState>,
        actor: Actor,
    },
    /// A session changed without changing state (assignee, permission, channel, status).
    SessionUpdated {
        session: Session,
        actor: Actor,
    },
    SessionDeleted {
        id: String,
        channel_id: String,
    },
    /// Channels, their settings, technicians or app settings changed.
    BoardChanged,
    /// A ticket or its timeline changed (an invite sent or delivered, a note).
    TicketChanged {
        ticket_id: String,
    },
    /// An asset changed or was launched.
    AssetChanged {
        asset_id: String,
    },
    /// Customers, teams, types or remote-support settings changed (an import, Settings).
    DeskChanged,
    ProviderHealth {
        health: ProviderHealth,
    },
    /// A native notification was shown (the UI focuses this session when the window is
    /// activated from it).
    Notified {
        notification: Notification,
    },
    NotifierHealth {
        health: NotifierHealth,
    },
    /// The technician clicked a notification: show this session (sent by the shell where the
    /// platform reports clicks).
    FocusSession {
        session_id: String,
    },
    /// A `tether://ticket/…` link was opened: show this ticket.
    FocusTicket {
        ticket_id: String,
    },
    /// The desk moved to another workspace (left the demo, or went back to it): everything
    /// on screen belongs to the old one.
    WorkspaceChanged {
        workspace: crate::domain::WorkspaceInfo,
    },
    /// An OAuth authorisation waits for the browser: the UI shows this link in case the
    /// browser did not open.
    AuthorisationPending {
        kind: crate::domain::IntegrationKind,
        url: String,
    },
    /// A desktop in a team went on or off line, or its queued actions changed.
    TeamChanged,
    /// SY5: an import from Syncro is reading pages or writing rows.
    ImportProgress {
        progress: crate::domain::import_preview::ImportProgress,
    },
}
