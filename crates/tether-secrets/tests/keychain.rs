//! Against a real Secret Service: a private session D-Bus with gnome-keyring, started and
//! unlocked by this test, so it needs no desktop and touches no one's real keychain.

use tether_core::ports::SecretStore;
use tether_core::secret::Secret;
use tether_secrets::test_support::PrivateKeyring;
use tether_secrets::Keychain;

#[tokio::test(flavor = "multi_thread")]
async fn store_read_replace_remove_in_the_real_secret_service() {
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let keychain = Keychain::with_service(format!("dev.tether.test.{}", uuid::Uuid::new_v4()));
    let key = "splashtop/api_token";

    assert!(
        keychain.get(key).await.unwrap().is_none(),
        "nothing stored yet"
    );
    keychain
        .set(key, &Secret::new("first-value-1a2b"))
        .await
        .unwrap();
    // A fresh handle reads it back: it is in the keychain, not in this process.
    let fresh = Keychain::with_service(keychain.service());
    assert_eq!(
        fresh.get(key).await.unwrap().unwrap().expose(),
        "first-value-1a2b"
    );

    keychain
        .set(key, &Secret::new("second-value-3c4d"))
        .await
        .unwrap();
    assert_eq!(
        fresh.get(key).await.unwrap().unwrap().expose(),
        "second-value-3c4d"
    );

    // Other keys and other services are separate entries.
    assert!(keychain.get("splashtop/other").await.unwrap().is_none());
    let other = Keychain::with_service("dev.tether.test.someone-else");
    assert!(other.get(key).await.unwrap().is_none());

    keychain.remove(key).await.unwrap();
    assert!(fresh.get(key).await.unwrap().is_none());
    keychain.remove(key).await.unwrap();
}
