//! BeyondTrust below the window: invitations as session keys with the IN8 fallback, and the
//! finished session coming back onto the ticket through the events receiver (over real
//! HTTP, posted by the sandbox appliance in order) or the reconciliation poll — once.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde_json::{json, Value};
use tether_core::clock::ManualClock;
use tether_core::console::{ConsoleOptions, DeskImport, InviteRequest};
use tether_core::domain::{
    BeyondTrustSettings, BtAgent, IntegrationKind, InviteProvider, InviteTarget,
    RemoteSessionStatus, RemoteSupportSettings, TicketActionKind, TicketQuery,
};
use tether_core::ports::IntegrationConfig;
use tether_core::secret::Secret;
use tether_core::Console;
use tether_providers::beyondtrust::{BeyondTrustClient, BeyondTrustConfig, Queue};
use tether_runtime::receiver::Receiver;
use tether_runtime::ApplianceClient;
use tether_sandbox::smtp_sink::SmtpSink;
use tether_sandbox::vendors::{BEYONDTRUST_CLIENT_ID, BEYONDTRUST_CLIENT_SECRET};
use tether_sandbox::{Sandbox, SandboxOptions};
use tether_store::SqliteStore;

const DESK: &str = r#"{
  "customers": [{ "id": "northwind", "name": "Northwind Traders" }],
  "asset_types": [{ "id": "computer", "name": "Computer", "fields": [] }],
  "assets": [{ "id": "pc", "name": "NW-PC-0042", "type_id": "computer",
               "inventory_number": "PC-0042 & co", "platform": "windows" }],
  "tickets": [
    { "number": 1042, "subject": "Label printer prints blank pages", "customer_id": "northwind",
      "end_user_name": "Maria Anders", "end_user_email": "maria@northwind.example", "asset_id": "pc" },
    { "number": 1050, "subject": "New phone", "customer_id": "northwind",
      "end_user_name": "Maria Anders", "end_user_email": "maria@northwind.example" }
  ]
}"#;

/// The BeyondTrust card pointing at the sandbox appliance.
struct BeyondTrustAt(String);

#[async_trait::async_trait]
impl IntegrationConfig for BeyondTrustAt {
    async fn base_url(&self, kind: IntegrationKind) -> Option<String> {
        (kind == IntegrationKind::Beyondtrust).then(|| self.0.clone())
    }
}

struct World {
    console: Arc<Console>,
    clock: Arc<ManualClock>,
    bt: BeyondTrustClient,
    sink: SmtpSink,
    sandbox: Sandbox,
    receiver: Option<Receiver>,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let sink = SmtpSink::start(dir.path()).expect("aiosmtpd");
    let store = SqliteStore::open(&dir.path().join("bt.sqlite"))
        .await
        .unwrap();
    common::technicians(
        &store,
        &[
            ("alex", "Alex Rivera", true),
            ("priya", "Priya Patel", true),
            ("sam", "Sam Chen", true),
        ],
    )
    .await;
    let bt = || {
        BeyondTrustClient::new(
            BeyondTrustConfig {
                base_url: sandbox.url(),
                client_id: BEYONDTRUST_CLIENT_ID.into(),
                client_secret: Secret::new(BEYONDTRUST_CLIENT_SECRET),
            },
            tether_providers::http::client(),
        )
    };
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let console = Console::new(
        Arc::new(store),
        Arc::new(common::splashtop(&sandbox.url())),
        clock.clone(),
        ConsoleOptions {
            actor_override: Some("alex".into()),
            mailer: Some(Arc::new(common::mailer(sink.port, "support@msp.example"))),
            appliance: Some(Arc::new(ApplianceClient(Arc::new(bt())))),
            config: Some(Arc::new(BeyondTrustAt(sandbox.url()))),
            ..ConsoleOptions::default()
        },
    );
    console.sessions.startup().await.unwrap();
    console
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
        .await
        .unwrap();
    console
        .invitations
        .save_remote_support_settings(RemoteSupportSettings {
            invite_other_agents: true,
            ..RemoteSupportSettings::default()
        })
        .await
        .unwrap();
    // BT3 *Get teams*, then Helpdesk enabled as the default; BT2 agents by display name.
    let mut settings = console.beyondtrust.fetch_beyondtrust_teams().await.unwrap();
    assert_eq!(settings.teams.len(), 2);
    let helpdesk = settings
        .teams
        .iter_mut()
        .find(|t| t.display_name == "Helpdesk")
        .unwrap();
    helpdesk.enabled = true;
    helpdesk.default = true;
    settings.agents = [("alex", "Alex Rivera"), ("priya", "Priya")]
        .into_iter()
        .map(|(t, n)| BtAgent {
            technician_id: t.into(),
            enabled: true,
            display_name: n.into(),
        })
        .collect();
    console
        .beyondtrust
        .save_beyondtrust_settings(settings)
        .await
        .unwrap();
    let receiver = Receiver::start(
        Arc::new(console.clone()),
        SocketAddr::from(([127, 0, 0, 1], 0)),
        tether_runtime::receiver::new_events_token(),
    )
    .await
    .unwrap();
    let w = World {
        console,
        clock,
        bt: bt(),
        sink,
        sandbox,
        receiver: Some(receiver),
        _dir: dir,
    };
    w.recipient(w.receiver.as_ref().map(Receiver::url)).await;
    w
}

impl World {
    /// A session key for the Helpdesk team (id 3), with the ticket as its external key.
    async fn team_key(&self, ticket: &str) -> String {
        self.bt
            .generate_session_key(&Queue::Team("3".into()), 600, ticket)
            .await
            .unwrap()
            .short_key
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        let r = reqwest::Client::new()
            .post(format!(
                "{}/_sandbox/beyondtrust/{path}",
                self.sandbox.url()
            ))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    async fn recipient(&self, url: Option<String>) {
        self.control("outbound", json!({ "recipient": url })).await;
    }

    async fn outbound(&self) -> Value {
        reqwest::get(format!(
            "{}/_sandbox/beyondtrust/outbound",
            self.sandbox.url()
        ))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
    }

    async fn ticket(&self) -> String {
        let all = self
            .console
            .desk
            .tickets(TicketQuery::default())
            .await
            .unwrap();
        all.into_iter().find(|t| t.number == 1042).unwrap().id
    }

    async fn sessions_on_ticket(&self, ticket: &str) -> Vec<tether_core::domain::TicketAction> {
        let detail = self.console.desk.ticket_detail(ticket).await.unwrap();
        detail
            .actions
            .into_iter()
            .filter(|a| a.kind == TicketActionKind::RemoteSession)
            .collect()
    }

    /// The customer joins with the key from her PC, both chat, the rep ends after `secs`.
    async fn play_session(&self, short_key: &str, secs: i64) -> String {
        let joined = self
            .control(
                &format!("keys/{short_key}/join"),
                json!({ "customer_name": "Maria Anders", "customer_host": "NW-PC-0042" }),
            )
            .await;
        let lsid = joined["lsid"].as_str().unwrap().to_string();
        for (from, body) in [
            ("customer", "It prints blank pages"),
            ("rep", "New driver & a test page"),
        ] {
            self.control(
                &format!("sessions/{lsid}/chat"),
                json!({ "from": from, "body": body }),
            )
            .await;
        }
        self.control(
            &format!("sessions/{lsid}/end"),
            json!({ "duration_secs": secs }),
        )
        .await;
        lsid
    }

    async fn delivered(&self, n: u64) {
        for _ in 0..100 {
            if self.outbound().await["delivered"].as_u64() >= Some(n) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the appliance delivered fewer than {n} events: {}",
            self.outbound().await
        );
    }
}

async fn eventually<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..100 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invite_to_an_absent_rep_goes_to_the_team_and_the_session_comes_back_once() {
    let w = world().await;
    let ticket = w.ticket().await;
    let request = InviteRequest {
        ticket_id: ticket.clone(),
        recipients: "maria@northwind.example".into(),
        target: InviteTarget::Agent("priya".into()),
        quick: true,
        provider: InviteProvider::Beyondtrust,
    };
    let preview = w
        .console
        .invitations
        .preview_invite(request.clone())
        .await
        .unwrap();
    assert_eq!(preview.target.label, "Team Helpdesk");
    assert_eq!(
        preview.target.fallback_reason.as_deref(),
        Some("Priya Patel is not logged in to BeyondTrust")
    );
    let action = w.console.invitations.send_invite(request).await.unwrap();
    let key = action.invitation.unwrap();
    assert!(key.link.contains("?ak="), "{}", key.link);
    let mail = &w.sink.received()[0];
    assert!(mail.body().contains(&key.link));

    w.play_session(&key.code, 754).await;
    let sessions = eventually("the session on the ticket", async || {
        let s = w.sessions_on_ticket(&ticket).await;
        (!s.is_empty()).then_some(s)
    })
    .await;
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!(s.logged_seconds, Some(754));
    assert_eq!(s.actor, "alex", "the rep who took it, as an agent");
    assert!(s.note.contains("Alex Rivera"), "{}", s.note);
    // The transcript apart from the summary, so the timeline shows each as it is.
    let transcript = s.transcript.as_deref().expect("the chat's transcript");
    assert!(
        transcript.contains("Maria Anders: It prints blank pages"),
        "{transcript}"
    );
    assert!(
        transcript.contains("New driver & a test page"),
        "{transcript}"
    );
    assert!(!s.note.contains("It prints blank pages"), "{}", s.note);
    assert!(s.note.contains("(12:34)"), "{}", s.note);

    // The same event again (a lost 200, say): nothing more.
    w.delivered(2).await;
    w.control("outbound/repeat", json!({})).await;
    w.delivered(3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    w.console.beyondtrust.process_events().await.unwrap();
    assert_eq!(w.sessions_on_ticket(&ticket).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_that_ends_while_the_receiver_is_down_is_reconciled_once() {
    let mut w = world().await;
    let ticket = w.ticket().await;
    let key = w.team_key(&ticket).await;
    w.receiver = None;
    w.play_session(&key, 300).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(w.outbound().await["delivered"], 0, "nobody took the events");
    assert!(w.sessions_on_ticket(&ticket).await.is_empty());

    let report = w.console.beyondtrust.reconcile_beyondtrust().await.unwrap();
    assert_eq!(report.linked, 1);
    assert_eq!(w.sessions_on_ticket(&ticket).await.len(), 1);

    // The receiver back: the held events arrive, in order, and change nothing.
    let again = Receiver::start(
        Arc::new(w.console.clone()),
        SocketAddr::from(([127, 0, 0, 1], 0)),
        tether_runtime::receiver::new_events_token(),
    )
    .await
    .unwrap();
    w.recipient(Some(again.url())).await;
    w.delivered(2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let processed = w.console.beyondtrust.process_events().await.unwrap();
    assert_eq!(processed.waiting, 0);
    assert_eq!(w.sessions_on_ticket(&ticket).await.len(), 1);
    assert_eq!(
        w.console
            .beyondtrust
            .reconcile_beyondtrust()
            .await
            .unwrap()
            .linked,
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_an_external_key_a_session_waits_unlinked_and_is_linked_by_hand() {
    let w = world().await;
    let key =
        w.bt.generate_session_key(&Queue::Team("3".into()), 600, "")
            .await
            .unwrap();
    w.play_session(&key.short_key, 120).await;
    let unlinked = eventually("the unlinked session", async || {
        let u = w.console.beyondtrust.unlinked_sessions().await.unwrap();
        (!u.is_empty()).then_some(u)
    })
    .await;
    let u = &unlinked[0];
    assert_eq!(u.session.status, RemoteSessionStatus::Unlinked);
    assert_eq!(
        u.session.reason.as_deref(),
        Some("the session has no external key")
    );
    let suggested: Vec<i64> = u.suggestions.iter().map(|t| t.number).collect();
    assert_eq!(
        suggested,
        [1042, 1050],
        "her computer's ticket first, then hers"
    );
    let ticket = w.ticket().await;
    w.console
        .beyondtrust
        .link_remote_session(&u.session.id, &ticket)
        .await
        .unwrap();
    assert_eq!(w.sessions_on_ticket(&ticket).await.len(), 1);
    assert!(w
        .console
        .beyondtrust
        .unlinked_sessions()
        .await
        .unwrap()
        .is_empty());
    let twice = w
        .console
        .beyondtrust
        .link_remote_session(&u.session.id, &ticket)
        .await;
    assert!(twice.is_err(), "linked once");
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_rules_turn_sessions_away_with_the_reason() {
    let w = world().await;
    let ticket = w.ticket().await;
    let mut settings: BeyondTrustSettings =
        w.console.beyondtrust.beyondtrust_settings().await.unwrap();
    settings.require_known_rep = true;
    w.console
        .beyondtrust
        .save_beyondtrust_settings(settings.clone())
        .await
        .unwrap();
    // Sam's queue: Sam is no agent here.
    let key =
        w.bt.generate_session_key(&Queue::Rep("15".into()), 600, &ticket)
            .await
            .unwrap();
    w.play_session(&key.short_key, 60).await;
    let rejected = eventually("the rejected session", async || {
        let u = w.console.beyondtrust.unlinked_sessions().await.unwrap();
        (!u.is_empty()).then_some(u)
    })
    .await;
    assert_eq!(rejected[0].session.status, RemoteSessionStatus::Rejected);
    assert_eq!(
        rejected[0].session.reason.as_deref(),
        Some("the representative Sam Chen matches no BeyondTrust agent")
    );
    assert!(w.sessions_on_ticket(&ticket).await.is_empty());

    // A key Tether did not generate, with the rule on: turned away too.
    settings.require_known_rep = false;
    settings.only_generated_keys = true;
    w.console
        .beyondtrust
        .save_beyondtrust_settings(settings)
        .await
        .unwrap();
    let outside =
        w.bt.generate_session_key(&Queue::Team("3".into()), 600, &ticket)
            .await
            .unwrap();
    w.play_session(&outside.short_key, 60).await;
    let both = eventually("the second rejection", async || {
        let u = w.console.beyondtrust.unlinked_sessions().await.unwrap();
        (u.len() == 2).then_some(u)
    })
    .await;
    assert!(both.iter().any(
        |u| u.session.reason.as_deref() == Some("its session key was not generated by Tether")
    ));
    assert!(w.sessions_on_ticket(&ticket).await.is_empty());
}

/// UA6 against the sandbox appliance: the jump URL is the configured host's client script,
/// and the appliance answers it with the BRCS file for the asset's inventory number.
#[tokio::test(flavor = "multi_thread")]
async fn the_jump_button_opens_the_appliances_client_script_for_the_asset() {
    let w = world().await;
    let detail = w.console.desk.asset_detail("pc").await.unwrap();
    assert_eq!(detail.launch.buttons.len(), 1);
    let launch = w
        .console
        .desk
        .launch("pc", "beyondtrust:jump", false)
        .await
        .unwrap();
    assert!(
        launch
            .url
            .starts_with(&format!("{}/api/client_script?", w.sandbox.url())),
        "{}",
        launch.url
    );
    let script = reqwest::get(&launch.url)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        script,
        "BRCS1.0\nstart_pinned_client_session search_string=PC-0042 & co\n"
    );
    assert_eq!(
        w.console
            .desk
            .asset_detail("pc")
            .await
            .unwrap()
            .history
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_keys_own_answer_wins_and_every_rep_in_the_session_is_kept() {
    let w = world().await;
    let ticket = w.ticket().await;
    let request = InviteRequest {
        ticket_id: ticket.clone(),
        recipients: "maria@northwind.example".into(),
        target: InviteTarget::Agent("alex".into()),
        quick: true,
        provider: InviteProvider::Beyondtrust,
    };
    // The preview reads who is logged in (and keeps the list for a while)...
    let preview = w
        .console
        .invitations
        .preview_invite(request.clone())
        .await
        .unwrap();
    assert_eq!(preview.target.label, "your queue");
    // ...then Alex logs out before Send: the key's own answer says the queue is unavailable.
    w.control("reps/12/logout", json!({})).await;
    let action = w.console.invitations.send_invite(request).await.unwrap();
    let invitation = action.invitation.clone().unwrap();
    assert_eq!(invitation.target_label, "Team Helpdesk");
    assert!(
        action
            .note
            .contains("BeyondTrust says your queue is unavailable"),
        "{}",
        action.note
    );

    // Sam (not an agent) takes it from the team queue; Alex joins later and is the agent.
    let joined = w
        .control(
            &format!("keys/{}/join", invitation.code),
            json!({ "customer_name": "Maria Anders", "customer_host": "NW-PC-0042" }),
        )
        .await;
    let lsid = joined["lsid"].as_str().unwrap().to_string();
    assert_eq!(joined["rep_id"], "15");
    w.control(&format!("sessions/{lsid}/reps/12"), json!({}))
        .await;
    w.control(
        &format!("sessions/{lsid}/end"),
        json!({ "duration_secs": 600 }),
    )
    .await;
    let sessions = eventually("the session on the ticket", async || {
        let s = w.sessions_on_ticket(&ticket).await;
        (!s.is_empty()).then_some(s)
    })
    .await;
    let s = &sessions[0];
    assert_eq!(
        s.actor, "alex",
        "the agent among the session's reps is credited"
    );
    assert!(
        s.note.contains("Sam Chen (joined by Alex Rivera)"),
        "{}",
        s.note
    );
}

/// A web page the technician visits can reach loopback. Whatever it posts to the receiver,
/// with or without the path's token, nothing is stored; neither is anything for a card that
/// is off. Only the appliance's post, to the token's path, is taken.
#[tokio::test]
async fn a_hostile_page_gets_nothing_stored_and_only_the_tokens_path_takes_events() {
    let w = world().await;
    let url = w.receiver.as_ref().unwrap().url();
    let (base, token) = url.rsplit_once('/').unwrap();
    assert_eq!(token.len(), 32, "{url}");
    let http = reqwest::Client::new();
    let post = |to: String, origin: Option<&'static str>| {
        let mut r = http
            .post(to)
            .form(&[("event", "support_session_end"), ("lsid", "forged-lsid")]);
        if let Some(o) = origin {
            r = r.header("Origin", o);
        }
        r.send()
    };
    let cache = SqliteStore::open(&w._dir.path().join("bt.sqlite"))
        .await
        .unwrap();
    // Every event ever stored, processed or not: the receiver processes what it takes at once.
    let stored = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM inbound_events WHERE source = 'beyondtrust'",
        )
        .fetch_one(cache.pool())
        .await
        .unwrap()
    };
    // A page, even one that learnt the URL: refused for its Origin.
    let r = post(url.clone(), Some("http://evil.example"))
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The old path, a guessed token: not found.
    assert_eq!(post(base.to_string(), None).await.unwrap().status(), 404);
    assert_eq!(
        post(format!("{base}/{}", "0".repeat(32)), None)
            .await
            .unwrap()
            .status(),
        404
    );
    // A body no event form is.
    let big = http
        .post(url.clone())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("event=x&pad={}", "a".repeat(64 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    assert_eq!(stored().await, 0);

    // The appliance's post, to the token's path: taken.
    assert_eq!(post(url.clone(), None).await.unwrap().status(), 200);
    assert_eq!(stored().await, 1);

    // BeyondTrust turned off: the receiver still listens, and takes nothing.
    let off = Console::new(
        Arc::new(cache.clone()),
        Arc::new(common::splashtop(&w.sandbox.url())),
        Arc::new(ManualClock::new(Utc::now())),
        ConsoleOptions::default(),
    );
    let receiver = Receiver::start(
        Arc::new(off),
        SocketAddr::from(([127, 0, 0, 1], 0)),
        tether_runtime::receiver::new_events_token(),
    )
    .await
    .unwrap();
    let refused = post(receiver.url(), None).await.unwrap();
    assert_eq!(refused.status(), 404);
    assert_eq!(stored().await, 1);
}

/// An event nobody will ever know (a forged lsid, say) is not retried every round forever:
/// it waits longer each time, and is then given up on, with the reason on its record, while
/// the real events behind it are still taken.
#[tokio::test]
async fn an_event_nobody_knows_waits_longer_each_time_then_is_given_up_on() {
    let w = world().await;
    let url = w.receiver.as_ref().unwrap().url();
    let posted = reqwest::Client::new()
        .post(&url)
        .form(&[
            ("event", "support_conference_end"),
            ("lsid", "forged-lsid-0001"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200);
    let cache = SqliteStore::open(&w._dir.path().join("bt.sqlite"))
        .await
        .unwrap();
    let record = || async {
        sqlx::query_as::<_, (i64, Option<String>)>(
            "SELECT attempts, outcome FROM inbound_events WHERE lsid = 'forged-lsid-0001'",
        )
        .fetch_one(cache.pool())
        .await
        .unwrap()
    };
    // The receiver's own processing tried it once already, or is about to.
    eventually("the first try", async || {
        (record().await.0 >= 1).then_some(())
    })
    .await;
    let mut rounds = 0;
    loop {
        let (attempts, outcome) = record().await;
        if let Some(outcome) = outcome {
            assert_eq!(
                outcome,
                "gave up after 16 attempts: the appliance has no ended session with this lsid yet"
            );
            assert_eq!(attempts, 15, "15 waits, then the 16th try gave up");
            break;
        }
        // Not due again at once: a round right after finds nothing to do.
        let report = w.console.beyondtrust.process_events().await.unwrap();
        assert_eq!(
            report.waiting, 0,
            "retried before its time (attempt {attempts})"
        );
        w.clock.advance(chrono::Duration::seconds(601));
        let report = w.console.beyondtrust.process_events().await.unwrap();
        assert_eq!(report.waiting, 1);
        rounds += 1;
        assert!(rounds < 20, "never given up on");
    }
    // A month on, processed events are forgotten: the table does not grow without end.
    w.clock.advance(chrono::Duration::days(31));
    w.console.beyondtrust.process_events().await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbound_events")
        .fetch_one(cache.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
}

/// Reconciliation is the only intake with the receiver on loopback: a session of two and a
/// half hours that ends after a short one already taken in must still be found.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_session_that_overlaps_a_short_one_is_still_reconciled() {
    let mut w = world().await;
    let ticket = w.ticket().await;
    w.receiver = None;
    let join = |key: String| {
        let w = &w;
        async move {
            let joined = w
                .control(
                    &format!("keys/{key}/join"),
                    json!({ "customer_name": "Maria Anders", "customer_host": "NW-PC-0042" }),
                )
                .await;
            joined["lsid"].as_str().unwrap().to_string()
        }
    };
    let long = join(w.team_key(&ticket).await).await;
    let short = join(w.team_key(&ticket).await).await;
    w.control(
        &format!("sessions/{short}/end"),
        json!({ "duration_secs": 300 }),
    )
    .await;
    let first = w.console.beyondtrust.reconcile_beyondtrust().await.unwrap();
    assert_eq!(first.linked, 1, "the short one");

    // The long one ends now: it started two and a half hours ago, long before the short one.
    w.control(
        &format!("sessions/{long}/end"),
        json!({ "duration_secs": 9000 }),
    )
    .await;
    let second = w.console.beyondtrust.reconcile_beyondtrust().await.unwrap();
    assert_eq!(second.linked, 1, "the long one");
    let sessions = w.sessions_on_ticket(&ticket).await;
    assert_eq!(sessions.len(), 2);
    assert!(sessions.iter().any(|s| s.logged_seconds == Some(9000)));
    // Again: nothing more.
    let third = w.console.beyondtrust.reconcile_beyondtrust().await.unwrap();
    assert_eq!(third.linked, 0);
}

/// The app and `tether intake` beside it (two processes, one cache file, each with its own
/// intake lock) reconcile the same ended session at once: the ticket gets one action, and
/// the time is logged once.
#[tokio::test(flavor = "multi_thread")]
async fn two_processes_reconciling_at_once_link_a_session_once() {
    let mut w = world().await;
    let ticket = w.ticket().await;
    let key = w.team_key(&ticket).await;
    w.receiver = None;
    w.play_session(&key, 420).await;

    let other_process = Console::new(
        Arc::new(
            SqliteStore::open(&w._dir.path().join("bt.sqlite"))
                .await
                .unwrap(),
        ),
        Arc::new(common::splashtop(&w.sandbox.url())),
        Arc::new(ManualClock::new(Utc::now())),
        ConsoleOptions {
            actor_override: Some("alex".into()),
            appliance: Some(Arc::new(ApplianceClient(Arc::new(BeyondTrustClient::new(
                BeyondTrustConfig {
                    base_url: w.sandbox.url(),
                    client_id: BEYONDTRUST_CLIENT_ID.into(),
                    client_secret: Secret::new(BEYONDTRUST_CLIENT_SECRET),
                },
                tether_providers::http::client(),
            ))))),
            config: Some(Arc::new(BeyondTrustAt(w.sandbox.url()))),
            ..ConsoleOptions::default()
        },
    );
    let (a, b) = tokio::join!(
        w.console.beyondtrust.reconcile_beyondtrust(),
        other_process.beyondtrust.reconcile_beyondtrust()
    );
    a.unwrap();
    b.unwrap();
    let sessions = w.sessions_on_ticket(&ticket).await;
    assert_eq!(
        sessions.len(),
        1,
        "one action, one logged time: {sessions:?}"
    );
}
