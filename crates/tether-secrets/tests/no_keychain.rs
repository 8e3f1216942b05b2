//! With no Secret Service to talk to, every call is `KeychainUnavailable` with the fix, and
//! nothing is written anywhere else.

use tether_core::ports::{SecretError, SecretStore};
use tether_core::secret::Secret;
use tether_core::ErrorCode;
use tether_secrets::Keychain;

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_service_is_a_clear_error_never_a_fallback() {
    let dir = tempfile::tempdir().unwrap();
    // A bus address where no bus listens (and no DISPLAY to autolaunch one).
    let dead = dir.path().join("no-bus-here");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", dead.display()),
    );
    std::env::remove_var("DISPLAY");
    std::env::set_var("HOME", dir.path());
    std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));

    let keychain = Keychain::with_service("dev.tether.test.unavailable");
    let secret = Secret::new("must-not-land-anywhere-5e6f");
    for result in [
        keychain.set("splashtop/api_token", &secret).await.err(),
        keychain.get("splashtop/api_token").await.err(),
        keychain.remove("splashtop/api_token").await.err(),
    ] {
        let err = result.expect("refused");
        assert!(
            matches!(err, SecretError::KeychainUnavailable(_)),
            "{err:?}"
        );
        assert_eq!(err.code(), ErrorCode::KeychainUnavailable);
        assert!(
            err.to_string().contains("install and unlock gnome-keyring"),
            "{err}"
        );
        assert!(!err.to_string().contains(secret.expose()));
    }
    // No plaintext fallback: nothing was written under the temporary home.
    let written: Vec<_> = walk(dir.path());
    assert!(written.is_empty(), "files appeared: {written:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
