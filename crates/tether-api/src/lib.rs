//! Tether's command table and what is made of it. Each command is declared once, in
//! `table.rs`, with its arguments, its result and the one call it makes on the core; from
//! that one declaration come
//! - the typed calls (`call::*`) and the JSON `dispatch` that every transport uses: the
//!   desktop's IPC handler, `tether serve`'s HTTP router and the CLI's `tether call`;
//! - `COMMAND_NAMES`, which the desktop grants to its window one by one (its build script
//!   reads the same table for the permission list);
//! - the OpenAPI document of the HTTP API (`openapi::document`);
//! - the TypeScript client of the UI (`typescript::client`, written to `ui/src/lib/api.ts`
//!   by this crate's tests and checked fresh in CI).
//!
//! A command missing from an adapter cannot happen: no adapter lists commands.

#[macro_use]
mod table;
#[macro_use]
mod expand;
pub mod descriptor;
mod json;
pub mod team_route;
pub use team_route::dispatch;
pub mod openapi;
pub mod typescript;

pub use descriptor::Descriptor;

/// Every type the table names, in one place for the expansion.
pub mod types {
    pub use tether_core::console::{
        AssetDetail, Board, ChatInvitePreview, DeskImport, Directory, ImportReport, IntakeRound,
        InvitePreview, InviteRequest, Launch, PendingAction, PendingMail, PollReport,
        TemplatePreview, TicketCreated, UnlinkedSession,
    };
    pub use tether_core::domain::demo_mail::DemoMail;
    pub use tether_core::domain::import_preview::{
        ImportOutcome, ImportPreview, ImportRowPage, ImportRowQuery,
    };
    pub use tether_core::domain::setup_checklist::SetupChecklist;
    pub use tether_core::domain::syncro::{
        SyncroAlertSettings, SyncroImportChoices, SyncroImportSettings,
    };
    pub use tether_core::domain::syncro_plan::ImportKind;
    pub use tether_core::domain::teamviewer::{TvPanel, TvPanelSession, TvSessionKind};
    pub use tether_core::domain::{
        Asset, AssetQuery, AuthorisationStatus, BeyondTrustSettings, ChannelRef, ChannelSettings,
        ChatMessage, EndUserAction, Integration, IntegrationKind, IntegrationUpdate, InviteTarget,
        InviteTemplates, JoinTeam, NewSession, NewTicket, OAuthConnection, RemoteSessionRecord,
        RemoteSupportSettings, Session, SessionDetail, SessionPage, SessionQuery, TeamStatus,
        Technician, TestOutcome, Ticket, TicketAction, TicketDetail, TicketQuery, TicketStatus,
        TicketType, WorkspaceInfo,
    };
    pub use tether_core::ports::OpenedUrl;
    pub use tether_core::{CoreError, ErrorCode, ErrorDto};
    pub use tether_runtime::Runtime;
}

#[allow(unused_imports)]
use types::*;

with_commands!(expand_commands);
