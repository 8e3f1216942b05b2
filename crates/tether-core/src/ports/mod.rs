//! What the core needs from the outside world. Implementations live in other crates
//! (`tether-store`, `tether-providers`) or in the shell (the notifier).

pub mod appliance;
pub mod config;
pub mod desk;
pub mod intake;
pub mod mailer;
pub mod notifier;
pub mod opener;
pub mod provider;
pub mod remote_control;
pub mod replay_log;
pub mod rmm;
pub mod secrets;
pub mod store;
pub mod store_error;

pub use appliance::{ApplianceTeam, GeneratedKey, NoAppliance, SupportAppliance};
pub use config::{IntegrationConfig, NothingConfigured};
pub use desk::{DeskStore, MailItem};
pub use intake::{InboundEvent, IntakeStore};
pub use mailer::{MailError, Mailer, NoMailer, NoSms, OutgoingMail, SmsSender, Via};
pub use notifier::Notifier;
pub use opener::{CallerOpens, OpenedUrl, Opener};
pub use provider::{
    AttendedProvider, NoAttendedProvider, ProviderError, ProviderSession, ProviderStatus,
};
pub use remote_control::{NoRemoteControl, RemoteControl, RemoteControlStore};
pub use replay_log::{Replay, ReplayLog};
pub use rmm::{AlertStore, ImportBatch, ImportStore, NoRmm, PageProgress, Rmm};
pub use secrets::{SecretError, SecretStore};
pub use store::Store;
pub use store_error::{StoreError, StoreResult};
