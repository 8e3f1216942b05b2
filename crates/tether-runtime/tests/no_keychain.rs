//! With no OS keychain, Settings → Integrations still shows every card as it is saved,
//! read-only, with the reason once; saving a secret is refused and nothing lands elsewhere.

use std::sync::Arc;

use tether_core::domain::{IntegrationKind, IntegrationUpdate};
use tether_core::ports::SecretStore;
use tether_core::secret::Secret;
use tether_core::ErrorCode;
use tether_runtime::Integrations;
use tether_secrets::Keychain;

#[tokio::test(flavor = "multi_thread")]
async fn the_cards_are_shown_read_only_with_the_reason_when_there_is_no_keychain() {
    let dir = tempfile::tempdir().unwrap();
    let dead = dir.path().join("no-bus-here");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", dead.display()),
    );
    std::env::remove_var("DISPLAY");
    let secrets: Arc<dyn SecretStore> = Arc::new(Keychain::with_service("dev.tether.test.none"));
    let integrations = Integrations::open(dir.path(), secrets).await.unwrap();
    let cards = integrations.list().await.expect("the cards, not an error");
    assert_eq!(cards.len(), IntegrationKind::ALL.len());
    for card in &cards {
        let why = card
            .keychain_unavailable
            .as_deref()
            .unwrap_or_else(|| panic!("{:?} does not say the keychain is missing", card.kind));
        assert!(why.contains("install and unlock gnome-keyring"), "{why}");
    }
    let refused = integrations
        .save(IntegrationUpdate {
            kind: IntegrationKind::Syncro,
            enabled: true,
            values: [(
                "base_url".to_string(),
                "https://acme.syncromsp.com/api/v1".to_string(),
            )]
            .into(),
            secrets: [("api_key".to_string(), Secret::new("never-on-disk-9c1d"))].into(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::KeychainUnavailable);
    integrations.close().await;
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("never-on-disk-9c1d"),
            "the secret reached {}",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
