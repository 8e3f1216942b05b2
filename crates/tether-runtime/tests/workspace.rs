//! The real workspace and the demo as a new desk meets them: a brand-new install shows the
//! demo; a desk with only BeyondTrust set up works in its own workspace, with no sandbox and
//! nothing of it in the demo's cache; leaving the demo and going back keep both apart.

use std::sync::Arc;

use tether_core::console::DeskImport;
use tether_core::domain::{
    AssetQuery, ChannelRef, IntegrationKind, IntegrationUpdate, NewSession, SessionQuery,
    Technician, TicketQuery, WorkspaceKind,
};
use tether_core::{ErrorCode, Event};
use tether_runtime::{Runtime, RuntimeOptions};
use tether_secrets::test_support::PrivateKeyring;
use tether_secrets::Keychain;

struct Desk {
    dir: tempfile::TempDir,
    _keyring: PrivateKeyring,
    secrets: Arc<Keychain>,
}

fn desk() -> Desk {
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    Desk {
        dir: tempfile::tempdir().unwrap(),
        _keyring: keyring,
        secrets: Arc::new(Keychain::with_service(format!(
            "dev.tether.test.{}",
            uuid::Uuid::new_v4().simple()
        ))),
    }
}

impl Desk {
    async fn start(&self) -> Runtime {
        Runtime::start(RuntimeOptions {
            data_dir: Some(self.dir.path().to_path_buf()),
            secrets: Some(self.secrets.clone()),
            ..RuntimeOptions::default()
        })
        .await
        .unwrap()
    }
}

const TICKET: &str = r#"{ "tickets": [{ "number": 7, "subject": "Our own ticket" }] }"#;

fn alex() -> Technician {
    Technician {
        id: "alex".into(),
        name: "Alex Rivera".into(),
        email: "alex@msp.example".into(),
        can_release: true,
        available: true,
    }
}

#[tokio::test]
async fn a_desk_with_only_beyondtrust_works_in_its_own_workspace() {
    let d = desk();
    // An admin sets up BeyondTrust only, from the demo a new install opens in.
    let first = d.start().await;
    assert_eq!(
        first.workspace_info().await.unwrap().kind,
        WorkspaceKind::Demo
    );
    first
        .integrations
        .save(IntegrationUpdate {
            kind: IntegrationKind::Beyondtrust,
            enabled: true,
            values: [
                (
                    "base_url".to_string(),
                    "https://support.msp.example".to_string(),
                ),
                ("client_id".to_string(), "tether".to_string()),
            ]
            .into(),
            secrets: Default::default(),
        })
        .await
        .unwrap();
    first.shutdown().await;

    let real = d.start().await;
    let info = real.workspace_info().await.unwrap();
    assert_eq!(info.kind, WorkspaceKind::Real);
    assert!(!info.splashtop, "Splashtop is off");
    assert!(info.needs_technician, "nobody at the desk yet");
    assert!(real.sandbox_control().is_none(), "no sandbox started");
    real.leave_demo(Some(alex())).await.unwrap();
    let console = real.console();
    let board = console.sessions.board().await.unwrap();
    assert!(!board.demo, "no demo banner");
    assert_eq!(board.me.id, "alex");
    // Sessions need Splashtop: the refusal says how to turn it on; the rest works.
    let refused = console
        .sessions
        .create_session(NewSession {
            channel_id: "private".into(),
            customer_name: "Maria".into(),
            issue: String::new(),
            ticket_id: None,
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::NotConfigured);
    assert!(
        refused.to_string().contains("Settings → Integrations"),
        "{refused}"
    );
    console
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(TICKET).unwrap())
        .await
        .unwrap();
    drop(console);
    real.shutdown().await;

    // The ticket is in the real workspace's cache, not in the demo's.
    let demo_cache = tether_store::SqliteStore::open(&d.dir.path().join("demo.sqlite"))
        .await
        .unwrap();
    let in_demo = tether_core::ports::DeskStore::tickets(&demo_cache, &TicketQuery::default())
        .await
        .unwrap();
    assert!(in_demo.iter().all(|t| t.subject != "Our own ticket"));
    demo_cache.close().await;
    let again = d.start().await;
    let tickets = again
        .console()
        .desk
        .tickets(TicketQuery::default())
        .await
        .unwrap();
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].subject, "Our own ticket");
    again.shutdown().await;
}

#[tokio::test]
async fn leaving_the_demo_and_going_back_keep_each_workspace_apart() {
    let d = desk();
    let rt = d.start().await;
    let demo_tickets = rt
        .console()
        .desk
        .tickets(TicketQuery::default())
        .await
        .unwrap()
        .len();
    assert!(demo_tickets > 0, "the demo comes with a desk");
    let mut events = rt.subscribe();

    // Set up your workspace: the desk's own, empty, with Alex at it.
    let info = rt.leave_demo(Some(alex())).await.unwrap();
    assert_eq!(info.kind, WorkspaceKind::Real);
    assert!(!info.needs_technician);
    match events.recv().await.unwrap() {
        Event::WorkspaceChanged { workspace } => assert_eq!(workspace.kind, WorkspaceKind::Real),
        other => panic!("the window is told first, not {other:?}"),
    }
    let real = rt.console();
    assert!(!real.is_demo());
    assert!(real
        .desk
        .tickets(TicketQuery::default())
        .await
        .unwrap()
        .is_empty());
    real.desk
        .import_desk(serde_json::from_str::<DeskImport>(TICKET).unwrap())
        .await
        .unwrap();
    drop(real);
    assert!(rt.sandbox_control().is_none());

    // Back to the demo: its desk as it was, without the real ticket.
    assert_eq!(rt.return_to_demo().await.unwrap().kind, WorkspaceKind::Demo);
    let demo = rt.console();
    assert!(demo.is_demo());
    let tickets = demo.desk.tickets(TicketQuery::default()).await.unwrap();
    assert_eq!(tickets.len(), demo_tickets);
    assert!(tickets.iter().all(|t| t.subject != "Our own ticket"));
    drop(demo);
    rt.shutdown().await;

    // The choice is kept: the next start opens the demo, then the real one once chosen.
    let rt = d.start().await;
    assert_eq!(rt.workspace_info().await.unwrap().kind, WorkspaceKind::Demo);
    rt.leave_demo(None).await.unwrap();
    rt.shutdown().await;
    let rt = d.start().await;
    let info = rt.workspace_info().await.unwrap();
    assert_eq!(info.kind, WorkspaceKind::Real);
    let tickets = rt
        .console()
        .desk
        .tickets(TicketQuery::default())
        .await
        .unwrap();
    assert_eq!(tickets.len(), 1, "its own ticket, kept");
    rt.shutdown().await;
}

#[tokio::test]
async fn leaving_the_demo_refuses_a_technician_without_a_name() {
    let d = desk();
    let rt = d.start().await;
    let refused = rt
        .leave_demo(Some(Technician {
            name: " ".into(),
            ..alex()
        }))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert_eq!(
        rt.workspace_info().await.unwrap().kind,
        WorkspaceKind::Demo,
        "nothing changed"
    );
    rt.shutdown().await;
}

const DESK: &str = r#"{
  "customers": [{ "id": "northwind", "name": "Northwind Traders" }],
  "asset_types": [{ "id": "computer", "name": "Computer", "fields": [
      { "key": "mac_address", "label": "MAC address", "kind": "mac_address" } ] }],
  "assets": [{ "id": "pc", "name": "NW-PC-0042", "customer_id": "northwind", "type_id": "computer",
               "inventory_number": "PC-0042", "platform": "windows",
               "fields": { "mac_address": "3c-52-82-1a-4f-07" } }],
  "tickets": [{ "number": 7, "subject": "Printer offline", "customer_id": "northwind" }]
}"#;

/// TK1: the cache is the truth when every provider is down. The desk works with Splashtop
/// through the sandbox, then the sandbox goes away and the app starts cold.
#[tokio::test]
async fn a_cold_start_with_every_provider_unreachable_reads_everything_from_the_cache() {
    let d = desk();
    let sandbox = tether_sandbox::Sandbox::start(tether_sandbox::SandboxOptions::default())
        .await
        .unwrap();
    let first = d.start().await;
    first
        .integrations
        .save(IntegrationUpdate {
            kind: IntegrationKind::Splashtop,
            enabled: true,
            values: [("base_url".to_string(), sandbox.url())].into(),
            secrets: [(
                "api_token".to_string(),
                tether_core::secret::Secret::new(tether_sandbox::DEMO_TOKEN),
            )]
            .into(),
        })
        .await
        .unwrap();
    first.shutdown().await;
    let working = d.start().await;
    working.leave_demo(Some(alex())).await.unwrap();
    let console = working.console();
    for name in ["Dana Whitfield", "Tom Hardy"] {
        console
            .sessions
            .create_session(NewSession {
                channel_id: "private".into(),
                customer_name: name.into(),
                issue: "Printer offline".into(),
                ticket_id: None,
            })
            .await
            .unwrap();
    }
    console
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
        .await
        .unwrap();
    drop(console);
    working.shutdown().await;
    drop(sandbox);

    let cold = tokio::time::timeout(std::time::Duration::from_secs(30), d.start())
        .await
        .expect("a cold start does not wait on an unreachable provider");
    let console = cold.console();
    let page = console
        .sessions
        .session_page(&ChannelRef::Private, &SessionQuery::default())
        .await
        .unwrap();
    let mut names: Vec<&str> = page
        .sessions
        .iter()
        .map(|s| s.customer_name.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["Dana Whitfield", "Tom Hardy"]);
    let tickets = console.desk.tickets(TicketQuery::default()).await.unwrap();
    assert_eq!(tickets[0].subject, "Printer offline");
    let assets = console.desk.assets(AssetQuery::default()).await.unwrap();
    assert_eq!(assets[0].name, "NW-PC-0042");

    // A poll says the provider is down, on the board, and changes nothing in the cache.
    let report = console.poller.poll_once().await.unwrap();
    assert!(report.provider_error.is_some(), "{report:?}");
    let board = console.sessions.board().await.unwrap();
    assert!(!board.providers[0].online);
    assert!(board.providers[0].error.is_some());
    let after = console
        .sessions
        .session_page(&ChannelRef::Private, &SessionQuery::default())
        .await
        .unwrap();
    assert_eq!(after.sessions, page.sessions);
    drop(console);
    cold.shutdown().await;
}

/// Under a Splashtop rate limit a new session waits as the vendor asked, and meanwhile the
/// provider's row says so rather than "online"; its next answer clears it.
#[tokio::test]
async fn a_rate_limited_create_says_why_it_waits_while_it_waits() {
    let d = desk();
    let rt = d.start().await;
    assert!(rt.console().is_demo());
    let mut events = rt.subscribe();
    rt.sandbox_control()
        .unwrap()
        .fault(tether_sandbox::Fault::RateLimit { retry_after: 2 }, 1)
        .await
        .unwrap();
    let console = rt.console();
    let created = console
        .sessions
        .create_session(NewSession {
            channel_id: "private".into(),
            customer_name: "Rosa Diaz".into(),
            issue: "Scanner not found".into(),
            ticket_id: None,
        })
        .await
        .expect("created once Splashtop let it through");
    assert_eq!(created.customer_name, "Rosa Diaz");

    let mut waited = None;
    while let Ok(event) = events.try_recv() {
        if let Event::ProviderHealth { health } = event {
            if let Some(until) = health.rate_limited_until {
                waited.get_or_insert(until);
            }
        }
    }
    let until = waited.expect("the row was told of the wait while it lasted");
    let asked = until - chrono::Utc::now();
    assert!(
        asked <= chrono::Duration::seconds(2),
        "waited until {until}"
    );
    let board = console.sessions.board().await.unwrap();
    assert_eq!(
        board.providers[0].rate_limited_until, None,
        "cleared by the answer"
    );
    assert!(board.providers[0].online);
}

/// An admin rotates BeyondTrust's client secret: the next call to the appliance uses the
/// new one, without a restart (the client kept for the card is rebuilt when any part of
/// its account changes, the secret included).
#[tokio::test]
async fn a_rotated_beyondtrust_secret_takes_effect_without_a_restart() {
    use tether_sandbox::vendors::{BEYONDTRUST_CLIENT_ID, BEYONDTRUST_CLIENT_SECRET};
    let d = desk();
    let sandbox = tether_sandbox::Sandbox::start(tether_sandbox::SandboxOptions::default())
        .await
        .unwrap();
    let rt = d.start().await;
    rt.leave_demo(Some(alex())).await.unwrap();
    let card = |secret: &str| IntegrationUpdate {
        kind: IntegrationKind::Beyondtrust,
        enabled: true,
        values: [
            ("base_url".to_string(), sandbox.url()),
            ("client_id".to_string(), BEYONDTRUST_CLIENT_ID.to_string()),
        ]
        .into(),
        secrets: [(
            "client_secret".to_string(),
            tether_core::secret::Secret::new(secret),
        )]
        .into(),
    };
    rt.integrations.save(card("the-old-secret")).await.unwrap();
    let refused = rt
        .console()
        .beyondtrust
        .fetch_beyondtrust_teams()
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("invalid_client"), "{refused}");

    rt.integrations
        .save(card(BEYONDTRUST_CLIENT_SECRET))
        .await
        .unwrap();
    let settings = rt
        .console()
        .beyondtrust
        .fetch_beyondtrust_teams()
        .await
        .expect("the new secret is used at once");
    assert!(!settings.teams.is_empty());
}
