//! The Service Desk vocabulary (SPEC SD1–SD7).

pub mod channel;
pub mod integration;
pub mod join_code;
pub mod launch;
pub mod session;
pub mod state_machine;
pub mod technician;

pub use channel::{Channel, ChannelKind, ChannelRef, ChannelSettings, PRIVATE_CHANNEL_ID};
pub use integration::{
    AuthorisationStatus, FieldKind, FieldSpec, Integration, IntegrationKind, IntegrationUpdate,
    TestOutcome,
};
pub use join_code::{validate_join_code, validate_support_link};
pub use session::{
    Actor, HistoryEntry, NewSession, Permission, Session, SessionDetail, MAX_TECHNICIANS,
};
pub use state_machine::{transition, SessionEvent, SessionState, TransitionError};
pub use technician::Technician;
