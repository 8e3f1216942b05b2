//! Provider credentials end to end below the window: the address in the cache, the token in
//! a real Secret Service (gnome-keyring on a private bus), never in the cache's files.

use std::sync::Arc;

use tether_core::domain::{NewSession, Technician};
use tether_core::ports::SecretStore;
use tether_core::secret::Secret;
use tether_runtime::credentials::SPLASHTOP_TOKEN;
use tether_runtime::{Credentials, Runtime, RuntimeOptions};
use tether_sandbox::{Sandbox, SandboxOptions};
use tether_secrets::test_support::PrivateKeyring;
use tether_secrets::Keychain;

#[tokio::test(flavor = "multi_thread")]
async fn splashtop_credentials_live_in_the_keychain_and_drive_the_workspace() {
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let token = format!("tok-{}", uuid::Uuid::new_v4().simple());
    let sandbox = Sandbox::start(SandboxOptions {
        token: token.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let service = format!("dev.tether.test.{}", uuid::Uuid::new_v4().simple());
    let secrets: Arc<dyn SecretStore> = Arc::new(Keychain::with_service(&service));
    let start = |secrets: Arc<dyn SecretStore>| {
        Runtime::start(RuntimeOptions {
            data_dir: Some(dir.path().to_path_buf()),
            secrets: Some(secrets),
            ..Default::default()
        })
    };

    // Nothing configured: the demo workspace.
    let demo = start(secrets.clone()).await.unwrap();
    assert!(demo.sandbox.is_some() && demo.console.is_demo());
    demo.shutdown().await;

    let credentials = Credentials::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    let bad = credentials
        .set_splashtop("http://splashtop.example", &Secret::new(&token))
        .await;
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("plain http only on this machine"));

    // A wrong token is stored, and Test configuration says what is wrong.
    credentials
        .set_splashtop(&sandbox.url(), &Secret::new("wrong-token"))
        .await
        .unwrap();
    let refused = credentials.test_splashtop().await.unwrap_err();
    assert_eq!(refused.code(), "provider_unauthorized");
    assert!(
        refused.to_string().contains("invalid or expired"),
        "{refused}"
    );

    // Replaced by the right one: the test succeeds and the real workspace starts.
    credentials
        .set_splashtop(&sandbox.url(), &Secret::new(&token))
        .await
        .unwrap();
    let ok = credentials.test_splashtop().await.unwrap();
    assert!(ok.contains("team 4242"), "{ok}");
    credentials.close().await;

    let real = start(secrets.clone()).await.unwrap();
    assert!(real.sandbox.is_none() && !real.console.is_demo());
    real.console
        .add_technician(Technician {
            id: "alex".into(),
            name: "Alex Rivera".into(),
            email: "alex@example.invalid".into(),
            can_release: true,
        })
        .await
        .unwrap();
    real.console.sync_channels().await.unwrap();
    let s = real
        .console
        .create_session(NewSession {
            channel_id: "splashtop-1".into(),
            customer_name: "Keychain Customer".into(),
            issue: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(s.code.len(), 9);
    real.shutdown().await;

    // The token is in no file of the data directory (cache, WAL, sandbox state…).
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "the token is in {}",
            path.display()
        );
    }

    // Configured but the token is gone from the keychain: a clear error, not the demo.
    secrets.remove(SPLASHTOP_TOKEN).await.unwrap();
    let err = start(secrets.clone()).await.err().expect("refused");
    assert_eq!(err.code(), "not_configured");
    assert!(err.to_string().contains("not in the keychain"), "{err}");

    // Removing forgets both halves: back to the demo.
    let credentials = Credentials::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    credentials.remove_splashtop().await.unwrap();
    credentials.close().await;
    let demo = start(secrets).await.unwrap();
    assert!(demo.console.is_demo());
    demo.shutdown().await;
}
