//! TV1 "reuse an existing connection" against the sandbox's TeamViewer and a real Secret
//! Service: Alex signs in once with the desk's shared TeamViewer account; Sam reuses that
//! connection instead of signing in, creates a session with it, then chooses an account of
//! his own; leaving or losing a connection never touches anyone else's.

use std::sync::Arc;

use tether_core::console::DeskImport;
use tether_core::domain::teamviewer::TvSessionKind;
use tether_core::domain::IntegrationKind::{self, Teamviewer};
use tether_core::domain::{IntegrationUpdate, Technician, TicketQuery};
use tether_core::ports::{Opener, SecretStore};
use tether_core::secret::Secret;
use tether_core::ErrorCode;
use tether_runtime::{Integrations, Runtime, RuntimeOptions};
use tether_sandbox::oauth::{TEAMVIEWER_CLIENT_ID, TEAMVIEWER_CLIENT_SECRET};
use tether_sandbox::smtp_sink::SmtpSink;
use tether_sandbox::{Sandbox, SandboxOptions};

const DESK: &str = r#"{
  "customers": [{ "id": "northwind", "name": "Northwind Traders" }],
  "tickets": [
    { "number": 1042, "subject": "Label printer prints blank pages", "customer_id": "northwind",
      "end_user_name": "Maria Anders", "end_user_email": "maria@northwind.example" }
  ]
}"#;
use tether_secrets::test_support::PrivateKeyring;
use tether_secrets::Keychain;

/// The technician's browser: follows the consent page (the sandbox approves at once).
struct Browser;

impl Opener for Browser {
    fn open(&self, url: &str) -> Result<bool, String> {
        let url = url.to_string();
        tokio::spawn(async move {
            let _ = reqwest::get(url).await;
        });
        Ok(true)
    }
}

/// The TeamViewer card as an admin fills it in for the sandbox's OAuth app.
fn teamviewer_card(sandbox: &str) -> IntegrationUpdate {
    IntegrationUpdate {
        kind: Teamviewer,
        enabled: true,
        values: [
            ("base_url".to_string(), format!("{sandbox}/api/v1")),
            ("client_id".to_string(), TEAMVIEWER_CLIENT_ID.to_string()),
        ]
        .into(),
        secrets: [(
            "client_secret".to_string(),
            Secret::new(TEAMVIEWER_CLIENT_SECRET),
        )]
        .into(),
    }
}

fn technician(id: &str, name: &str) -> Technician {
    Technician {
        id: id.into(),
        name: name.into(),
        email: format!("{id}@example.com"),
        can_release: true,
        available: true,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_technician_reuses_a_colleagues_connection_or_chooses_a_new_account() {
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let url = sandbox.url();
    let dir = tempfile::tempdir().unwrap();
    let service = format!("dev.tether.test.{}", uuid::Uuid::new_v4().simple());
    let secrets: Arc<dyn SecretStore> = Arc::new(Keychain::with_service(&service));

    let integrations = Integrations::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    integrations.save(teamviewer_card(&url)).await.unwrap();
    let sink = SmtpSink::start(dir.path()).expect("aiosmtpd");
    integrations
        .save(IntegrationUpdate {
            kind: IntegrationKind::Smtp,
            enabled: true,
            values: [
                ("host", "127.0.0.1".to_string()),
                ("tls", "none".into()),
                ("port", sink.port.to_string()),
                ("from", "Support <support@msp.example>".into()),
            ]
            .map(|(k, v)| (k.to_string(), v))
            .into(),
            secrets: Default::default(),
        })
        .await
        .unwrap();
    integrations.close().await;
    let start = |actor: &str| {
        Runtime::start(RuntimeOptions {
            data_dir: Some(dir.path().to_path_buf()),
            secrets: Some(secrets.clone()),
            actor: Some(actor.into()),
            opener: Some(Arc::new(Browser)),
            ..Default::default()
        })
    };

    // Alex signs in with the desk's shared TeamViewer account.
    let alex = start("alex").await.unwrap();
    for t in [
        technician("alex", "Alex Rivera"),
        technician("sam", "Sam Chen"),
    ] {
        alex.console().settings.add_technician(t).await.unwrap();
    }
    alex.console()
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
        .await
        .unwrap();
    assert!(
        alex.oauth_connections(Teamviewer).await.unwrap().is_empty(),
        "nobody else has signed in on this machine"
    );
    let status = alex.authorise(Teamviewer).await.unwrap();
    assert!(status.authorised && status.reused_from.is_none());
    let shared = "Northwind Service Desk <servicedesk@northwind.example>";
    assert_eq!(status.account.as_deref(), Some(shared));
    alex.shutdown().await;

    // Sam reuses it instead of signing in: his sessions are created through it.
    let sam = start("sam").await.unwrap();
    assert!(!sam.authorisation(Teamviewer).await.unwrap().authorised);

    let offered = sam.oauth_connections(Teamviewer).await.unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].owner, "alex");
    assert_eq!(
        offered[0].label,
        format!("{shared} · authorised by Alex Rivera")
    );
    let status = sam
        .reuse_connection(Teamviewer, "alex".into())
        .await
        .unwrap();
    assert!(status.authorised);
    assert_eq!(status.account.as_deref(), Some(shared));
    assert_eq!(status.reused_from.as_ref().unwrap().owner, "alex");
    assert!(
        sam.oauth_connections(Teamviewer).await.unwrap().is_empty(),
        "the one in use is not offered again"
    );
    let ticket = sam
        .console()
        .desk
        .tickets(TicketQuery::default())
        .await
        .unwrap()[0]
        .id
        .clone();
    let created = sam
        .console()
        .teamviewer
        .create_tv_session(&ticket, TvSessionKind::Remote, None)
        .await
        .expect("TeamViewer answers Sam through Alex's connection");
    assert!(created.mine, "the session is Sam's in Tether");
    let own_entry = secrets.get(&Teamviewer.oauth_key("sam")).await.unwrap();
    assert!(own_entry.is_none(), "no token is copied");

    // Choosing a new account: Sam signs in as himself; Alex's connection is untouched.
    reqwest::Client::new()
        .post(format!("{url}/_sandbox/oauth/sign-in"))
        .json(&serde_json::json!({
            "userid": "u7002", "name": "Sam Chen", "email": "sam@northwind.example"
        }))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let status = sam.authorise(Teamviewer).await.unwrap();
    assert!(status.authorised && status.reused_from.is_none());
    assert_eq!(
        status.account.as_deref(),
        Some("Sam Chen <sam@northwind.example>")
    );
    assert_eq!(sam.oauth_connections(Teamviewer).await.unwrap().len(), 1);

    // Back to Alex's, then leaving it: Sam's own tokens stay until he disconnects them, and
    // leaving revokes nothing of Alex's.
    sam.reuse_connection(Teamviewer, "alex".into())
        .await
        .unwrap();
    let left = sam.disconnect(Teamviewer).await.unwrap();
    assert!(
        left.authorised && left.reused_from.is_none(),
        "his own again"
    );
    assert_eq!(
        left.account.as_deref(),
        Some("Sam Chen <sam@northwind.example>")
    );
    let gone = sam.disconnect(Teamviewer).await.unwrap();
    assert!(!gone.authorised);
    sam.reuse_connection(Teamviewer, "alex".into())
        .await
        .unwrap();
    sam.shutdown().await;

    // Alex disconnects: Sam's card says whose connection he was using and that it is gone;
    // reusing it again is refused with the reason.
    let alex = start("alex").await.unwrap();
    alex.disconnect(Teamviewer).await.unwrap();
    alex.shutdown().await;
    let sam = start("sam").await.unwrap();
    let status = sam.authorisation(Teamviewer).await.unwrap();
    assert!(!status.authorised);
    assert_eq!(status.reused_from.unwrap().owner, "alex");
    let refused = sam
        .reuse_connection(Teamviewer, "alex".into())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert!(
        refused.to_string().contains("not authorised any more"),
        "{refused}"
    );
    sam.shutdown().await;
}

/// A browser that did not open the first time, and follows the page when asked again.
struct BrowserThatDidNotOpen {
    tries: std::sync::atomic::AtomicU32,
}

impl Opener for BrowserThatDidNotOpen {
    fn open(&self, url: &str) -> Result<bool, String> {
        if self.tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            return Err("no browser answered".into());
        }
        Browser.open(url)
    }
}

/// The sign-in link the card shows while an authorisation waits is opened by the core for
/// the window (the page itself may not navigate away): the sign-in then completes.
#[tokio::test(flavor = "multi_thread")]
async fn the_waiting_sign_in_page_is_opened_again_on_request() {
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(Keychain::with_service(format!(
        "dev.tether.test.{}",
        uuid::Uuid::new_v4().simple()
    )));
    let rt = Arc::new(
        Runtime::start(RuntimeOptions {
            data_dir: Some(dir.path().to_path_buf()),
            secrets: Some(secrets),
            actor: Some("alex".into()),
            opener: Some(Arc::new(BrowserThatDidNotOpen {
                tries: Default::default(),
            })),
            ..Default::default()
        })
        .await
        .unwrap(),
    );
    rt.leave_demo(Some(technician("alex", "Alex Rivera")))
        .await
        .unwrap();
    rt.integrations
        .save(teamviewer_card(&sandbox.url()))
        .await
        .unwrap();
    assert!(
        rt.open_authorisation(Teamviewer).is_err(),
        "nothing waits yet"
    );
    let waiting = tokio::spawn({
        let rt = rt.clone();
        async move { rt.authorise(Teamviewer).await }
    });
    let opened = loop {
        if let Ok(opened) = rt.open_authorisation(Teamviewer) {
            break opened;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(opened.opened);
    let status = tokio::time::timeout(std::time::Duration::from_secs(20), waiting)
        .await
        .expect("the sign-in completed")
        .unwrap()
        .unwrap();
    assert!(status.authorised);
    assert!(
        rt.open_authorisation(Teamviewer).is_err(),
        "nothing waits any more"
    );
}
