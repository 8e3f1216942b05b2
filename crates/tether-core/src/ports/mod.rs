//! What the core needs from the outside world. Implementations live in other crates
//! (`tether-store`, `tether-providers`) or in the shell (the notifier).

pub mod notifier;
pub mod provider;
pub mod secrets;
pub mod store;

pub use notifier::Notifier;
pub use provider::{AttendedProvider, ProviderError, ProviderSession, ProviderStatus};
pub use secrets::{SecretError, SecretStore};
pub use store::{Store, StoreError};
