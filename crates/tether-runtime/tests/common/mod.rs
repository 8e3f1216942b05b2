//! What the runtime's test binaries share: technicians in a cache, a Splashtop client for the
//! sandbox, a mailer for the test SMTP server.
// Each test binary uses its own part of this module.
#![allow(dead_code)]

use tether_core::domain::Technician;
use tether_core::ports::Store;
use tether_core::secret::Secret;
use tether_providers::smtp::{SmtpConfig, SmtpMailer, TlsMode};
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_sandbox::DEMO_TOKEN;
use tether_store::SqliteStore;

/// Adds technicians `(id, name, available)`, with the release permission.
pub async fn technicians(store: &SqliteStore, people: &[(&str, &str, bool)]) {
    for (id, name, available) in people {
        store
            .upsert_technician(&Technician {
                id: (*id).into(),
                name: (*name).into(),
                email: format!("{id}@example.com"),
                can_release: true,
                available: *available,
            })
            .await
            .unwrap();
    }
}

pub fn splashtop(sandbox_url: &str) -> SplashtopClient {
    SplashtopClient::new(
        SplashtopConfig {
            base_url: sandbox_url.into(),
            token: Secret::new(DEMO_TOKEN),
            source_name: "tests".into(),
        },
        tether_providers::http::client(),
    )
}

/// Sends to the test SMTP server on this machine, unencrypted, without a login.
pub fn mailer(port: u16, from: &str) -> SmtpMailer {
    SmtpMailer::new(SmtpConfig {
        host: "127.0.0.1".into(),
        port: Some(port),
        tls: TlsMode::None,
        username: None,
        password: None,
        from: from.into(),
    })
    .unwrap()
}

/// A keychain of the test's own: gnome-keyring on a private D-Bus, and a service name no
/// other test shares. The first value keeps the daemon running: hold it as long as the
/// keychain is used.
pub fn private_keychain() -> (
    tether_secrets::test_support::PrivateKeyring,
    std::sync::Arc<tether_secrets::Keychain>,
) {
    let keyring = tether_secrets::test_support::PrivateKeyring::start()
        .expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let secrets = std::sync::Arc::new(tether_secrets::Keychain::with_service(format!(
        "dev.tether.test.{}",
        uuid::Uuid::new_v4().simple()
    )));
    (keyring, secrets)
}
