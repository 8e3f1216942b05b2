//! The Service Desk vocabulary (SPEC SD1–SD7).

pub mod asset;
pub mod beyondtrust;
pub mod channel;
pub mod chat;
pub mod deep_link;
pub mod demo_mail;
pub mod directory;
pub mod end_user;
pub mod import_preview;
pub mod integration;
pub mod integration_values;
pub mod invitation;
pub mod invite_target;
pub mod join_code;
pub mod launch;
pub mod mac;
pub mod pending_action;
pub mod pending_mail;
pub mod phone;
pub mod remote_session;
pub mod session;
pub mod session_detail;
pub mod session_page;
pub mod session_rules;
pub mod setup_checklist;
pub mod state_machine;
pub mod syncro;
pub mod syncro_plan;
pub mod team;
pub mod teamviewer;
pub mod technician;
pub mod template;
pub mod ticket;
pub mod workspace;

pub use asset::{
    Asset, AssetFieldKind, AssetFieldSpec, AssetLaunch, AssetQuery, AssetType, Platform,
};
pub use beyondtrust::{BeyondTrustSettings, BtAgent, BtTeam};
pub use channel::{Channel, ChannelKind, ChannelRef, ChannelSettings, PRIVATE_CHANNEL_ID};
pub use chat::ChatMessage;
pub use directory::{Customer, EndUser, Site, Team};
pub use end_user::EndUserAction;
pub use integration::{
    AuthorisationStatus, FieldKind, FieldSpec, Integration, IntegrationKind, IntegrationStatus,
    IntegrationUpdate, OAuthConnection, TestOutcome,
};
pub use invitation::{
    InviteProvider, InviteTemplates, LaunchSettings, RemoteSupportSettings, ResolvedTarget,
};
pub use invite_target::InviteTarget;
pub use join_code::{validate_join_code, validate_support_link};
pub use launch::{LaunchButton, LaunchOptions};
pub use pending_action::PendingAction;
pub use pending_mail::PendingMail;
pub use remote_session::{RemoteSessionRecord, RemoteSessionStatus, TimeSource};
pub use session::{
    provider_app, Actor, HistoryEntry, NewSession, Permission, Session, MAX_TECHNICIANS,
};
pub use session_detail::SessionDetail;
pub use session_page::{PageCursor, SessionPage, SessionQuery, SessionSearch, StateCounts};
pub use session_rules::{Availability, Choice, EndUserActions, SessionActions};
pub use state_machine::{transition, SessionEvent, SessionState, TransitionError};
pub use team::{JoinTeam, QueuedAction, TeamStatus};
pub use technician::Technician;
pub use template::TemplateProblem;
pub use ticket::{
    Delivery, InvitationRecord, NewTicket, Ticket, TicketAction, TicketActionKind, TicketDetail,
    TicketQuery, TicketStatus, TicketType,
};
pub use workspace::{WorkspaceInfo, WorkspaceKind};

/// `#[serde(default = "…")]` for flags that are on unless a record says otherwise.
pub(crate) fn yes() -> bool {
    true
}
