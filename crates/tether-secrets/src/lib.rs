//! The OS keychain through the keyring crate: Secret Service (gnome-keyring, KWallet) on
//! Linux, Keychain on macOS, Credential Manager on Windows. Every call is blocking in
//! keyring, so each runs on tokio's blocking pool.

mod server_files;
#[cfg(feature = "test-support")]
pub mod test_support;

pub use server_files::ServerSecrets;

use async_trait::async_trait;
use tether_core::ports::{SecretError, SecretStore};
use tether_core::secret::Secret;

/// The service name entries are filed under. Debug builds use their own, so a development
/// build never reads or overwrites a release build's credentials.
pub fn service_name() -> String {
    let base = "dev.tether.desktop";
    match std::env::var("TETHER_KEYCHAIN_SERVICE") {
        Ok(explicit) if !explicit.is_empty() => explicit,
        _ if cfg!(debug_assertions) => format!("{base}.dev"),
        _ => base.to_string(),
    }
}

pub struct Keychain {
    service: String,
}

impl Keychain {
    pub fn new() -> Self {
        Keychain {
            service: service_name(),
        }
    }

    pub fn with_service(service: impl Into<String>) -> Self {
        Keychain {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    async fn run<T: Send + 'static>(
        &self,
        key: &str,
        op: impl FnOnce(keyring::Entry) -> keyring::Result<T> + Send + 'static,
    ) -> Result<T, SecretError> {
        let (service, user) = (self.service.clone(), key.to_string());
        tokio::task::spawn_blocking(move || {
            keyring::Entry::new(&service, &user)
                .and_then(op)
                .map_err(|e| describe(&e))
        })
        .await
        .map_err(|e| SecretError::Failed(format!("the keychain call did not finish: {e}")))?
    }
}

impl Default for Keychain {
    fn default() -> Self {
        Keychain::new()
    }
}

/// keyring's errors in words an admin can act on. Never includes a secret: keyring's
/// errors carry none.
fn describe(e: &keyring::Error) -> SecretError {
    match e {
        keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
            SecretError::KeychainUnavailable(format!(
                "no unlocked keychain service answered ({e}). On Linux, install and unlock \
                 gnome-keyring (or another Secret Service) in your desktop session; Tether \
                 never stores secrets anywhere else"
            ))
        }
        other => SecretError::Failed(other.to_string()),
    }
}

#[async_trait]
impl SecretStore for Keychain {
    async fn get(&self, key: &str) -> Result<Option<Secret>, SecretError> {
        self.run(key, |entry| match entry.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e),
        })
        .await
    }

    async fn set(&self, key: &str, value: &Secret) -> Result<(), SecretError> {
        let value = value.clone();
        self.run(key, move |entry| entry.set_password(value.expose()))
            .await
    }

    async fn remove(&self, key: &str) -> Result<(), SecretError> {
        self.run(key, |entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e),
        })
        .await
    }
}
