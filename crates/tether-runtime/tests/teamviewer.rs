//! TV2–TV6 against the sandbox's TeamViewer and a real SMTP server: a pilot session from a
//! ticket invites the requester and sends the technician the supporter link; the panel shows
//! the live connection to its creator only; ending it brings the connection's time back onto
//! the ticket once; with TeamViewer off the history stays.

mod common;

use std::sync::Arc;

use chrono::Utc;
use serde_json::{json, Value};
use tether_core::clock::ManualClock;
use tether_core::console::{ConsoleOptions, DeskImport};
use tether_core::domain::teamviewer::TvSessionKind;
use tether_core::domain::{ChannelRef, SessionState, TicketActionKind, TicketQuery};
use tether_core::ports::RemoteControl;
use tether_core::secret::Secret;
use tether_core::{Console, ErrorCode};
use tether_providers::teamviewer::{ScriptToken, TeamViewerClient};
use tether_sandbox::smtp_sink::SmtpSink;
use tether_sandbox::vendors::TEAMVIEWER_TOKEN;
use tether_sandbox::{Sandbox, SandboxOptions};
use tether_store::SqliteStore;

const DESK: &str = r#"{
  "customers": [{ "id": "northwind", "name": "Northwind Traders" }],
  "tickets": [
    { "number": 1042, "subject": "Label printer prints blank pages", "customer_id": "northwind",
      "end_user_name": "Maria Anders", "end_user_email": "maria@northwind.example" },
    { "number": 1043, "subject": "No requester", "customer_id": "northwind" }
  ]
}"#;

struct World {
    dir: tempfile::TempDir,
    sandbox: Sandbox,
    sink: SmtpSink,
    store: SqliteStore,
}

impl World {
    /// The console as `actor` sees it; TeamViewer on (the sandbox) or off.
    fn console(&self, actor: &str, teamviewer: bool) -> Arc<Console> {
        self.console_at(actor, teamviewer, Arc::new(ManualClock::new(Utc::now())))
    }

    fn console_at(&self, actor: &str, teamviewer: bool, clock: Arc<ManualClock>) -> Arc<Console> {
        let remote_control: Option<Arc<dyn RemoteControl>> = teamviewer.then(|| {
            Arc::new(TeamViewerClient::new(
                &format!("{}/api/v1", self.sandbox.url()),
                tether_providers::http::client(),
                Arc::new(ScriptToken(Secret::new(TEAMVIEWER_TOKEN))),
            )) as Arc<dyn RemoteControl>
        });
        Console::new(
            Arc::new(self.store.clone()),
            Arc::new(common::splashtop(&self.sandbox.url())),
            clock,
            ConsoleOptions {
                actor_override: Some(actor.into()),
                mailer: Some(Arc::new(common::mailer(
                    self.sink.port,
                    "Northwind Support <support@msp.example>",
                ))),
                remote_control,
                sms: Some(Arc::new(tether_providers::sms::SmsClient::new(
                    tether_providers::sms::SmsConfig {
                        base_url: self.sandbox.url(),
                        account_sid: tether_sandbox::sms::SMS_ACCOUNT_SID.into(),
                        auth_token: Secret::new(tether_sandbox::sms::SMS_AUTH_TOKEN),
                        from: "+15550100000".into(),
                    },
                    tether_providers::http::client(),
                ))),
                ..ConsoleOptions::default()
            },
        )
    }

    async fn control(&self, path: &str, body: Value) {
        let r = reqwest::Client::new()
            .post(format!("{}/_sandbox/teamviewer/{path}", self.sandbox.url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
    }
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let sink = SmtpSink::start(dir.path()).expect("aiosmtpd");
    let store = SqliteStore::open(&dir.path().join("tv.sqlite"))
        .await
        .unwrap();
    common::technicians(
        &store,
        &[("alex", "Alex Rivera", true), ("sam", "Sam Chen", true)],
    )
    .await;
    let w = World {
        dir,
        sandbox,
        sink,
        store,
    };
    w.console("alex", true)
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
        .await
        .unwrap();
    w
}

async fn board_session(console: &Console, code: &str) -> tether_core::domain::Session {
    console
        .sessions
        .list_sessions(&ChannelRef::Channel("teamviewer".into()))
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.code == code)
        .expect("on the board, in the TeamViewer channel")
}

async fn ticket(console: &Console, number: i64) -> String {
    console
        .desk
        .tickets(TicketQuery::default())
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.number == number)
        .unwrap()
        .id
}

#[tokio::test]
async fn a_pilot_session_from_a_ticket_comes_back_with_its_time_once() {
    let w = world().await;
    let alex = w.console("alex", true);
    let ticket = ticket(&alex, 1042).await;

    let created = alex
        .teamviewer
        .create_tv_session(
            &ticket,
            TvSessionKind::Pilot,
            Some("+44 7700 900123".into()),
        )
        .await
        .unwrap();
    assert_eq!(
        (created.status.as_str(), created.kind),
        ("open", TvSessionKind::Pilot)
    );
    assert!(created.mine && created.can_enter && created.can_end);
    // The requester has the end customer's link; Alex has the supporter link.
    let mails = w.sink.received();
    let to_maria = mails
        .iter()
        .find(|m| m.rcpt_tos.contains(&"maria@northwind.example".to_string()))
        .expect("the requester's invitation");
    assert!(to_maria.body().contains(&created.end_customer_link));
    let to_alex = mails
        .iter()
        .find(|m| m.rcpt_tos.contains(&"alex@example.com".to_string()))
        .expect("the supporter link");
    assert!(to_alex.body().contains("-supporter"), "{}", to_alex.body());
    assert!(
        !to_maria.body().contains("-supporter"),
        "the customer never gets the supporter link"
    );
    let timeline = alex.desk.ticket_detail(&ticket).await.unwrap().actions;
    assert!(timeline
        .iter()
        .any(|a| a.kind == TicketActionKind::RemoteSessionInvitation
            && a.note.contains(&created.code)
            && a.note.contains("supporter link to alex@example.com")));

    // One board across providers: the code is in the TeamViewer channel, Pending, with
    // TeamViewer's own word; what TeamViewer has no notion of says so.
    let on_board = board_session(&alex, &created.code).await;
    assert_eq!(on_board.state, SessionState::Pending);
    assert_eq!(on_board.provider_status, "Open, waiting");
    assert_eq!(on_board.ticket_id.as_deref(), Some(ticket.as_str()));
    let actions = alex
        .sessions
        .session_detail(&on_board.id)
        .await
        .unwrap()
        .actions;
    assert!(!actions.request_permission.available);
    assert!(actions
        .request_permission
        .reason
        .contains("TeamViewer has no permission request"));

    // Maria connects: Alex's panel shows since when; Sam's shows no live detail.
    w.control(&format!("sessions/{}/connect", created.code), json!({}))
        .await;
    alex.teamviewer.sync().await.unwrap();
    let on_board = board_session(&alex, &created.code).await;
    assert_eq!(
        (on_board.state, on_board.provider_status.as_str()),
        (SessionState::Active, "Connected")
    );
    // Splashtop's poll leaves TeamViewer's codes alone.
    let report = alex.poller.poll_once().await.unwrap();
    assert_eq!(report.session_errors, 0, "{report:?}");
    let mine = &alex.teamviewer.tv_sessions(&ticket).await.unwrap()[0];
    assert!(mine.active_since.is_some());
    let sam = w.console("sam", true);
    let theirs = &sam.teamviewer.tv_sessions(&ticket).await.unwrap()[0];
    assert!(!theirs.mine && theirs.active_since.is_none() && !theirs.can_enter);
    let refused = sam
        .teamviewer
        .enter_tv_session(&created.code)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    let entered = alex
        .teamviewer
        .enter_tv_session(&created.code)
        .await
        .unwrap();
    assert!(entered.url.ends_with("-supporter"), "{}", entered.url);

    // 12:34 connected, then End session: one Remote session action with the duration.
    w.control(
        &format!("sessions/{}/disconnect", created.code),
        json!({ "duration_secs": 754, "notes": "calibrated the printer" }),
    )
    .await;
    let ended = alex.teamviewer.end_tv_session(&created.code).await.unwrap();
    assert_eq!(ended.status, "closed");
    assert_eq!(
        board_session(&alex, &created.code).await.state,
        SessionState::Closed
    );
    assert_eq!(ended.connected_seconds, 754);
    assert!(!ended.can_end && !ended.can_enter);
    alex.teamviewer.sync().await.unwrap();
    let sessions: Vec<_> = alex
        .desk
        .ticket_detail(&ticket)
        .await
        .unwrap()
        .actions
        .into_iter()
        .filter(|a| a.kind == TicketActionKind::RemoteSession)
        .collect();
    assert_eq!(sessions.len(), 1, "once, however often it is looked at");
    assert_eq!(sessions[0].logged_seconds, Some(754));
    assert!(
        sessions[0].note.contains("calibrated the printer"),
        "{}",
        sessions[0].note
    );

    // TeamViewer off (TV6): no creating, and the history is still there.
    let off = w.console("alex", false);
    let e = off
        .teamviewer
        .create_tv_session(&ticket, TvSessionKind::Remote, None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotConfigured);
    let panel = off.teamviewer.tv_panel(&ticket).await.unwrap();
    assert!(!panel.available, "the panel is hidden");
    assert!(panel.reason.unwrap().contains("Settings → Integrations"));
    assert_eq!(panel.sessions.len(), 1, "its records are kept");
    assert_eq!(panel.sessions[0].connected_seconds, 754);
    // The poll's TeamViewer round says it is off (the poller stays quiet about that).
    let e = off.teamviewer.sync().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotConfigured);
    drop(w.dir);
}

#[tokio::test]
async fn a_ticket_without_a_requester_email_is_refused_before_teamviewer_is_asked() {
    let w = world().await;
    let alex = w.console("alex", true);
    let ticket = ticket(&alex, 1043).await;
    let e = alex
        .teamviewer
        .create_tv_session(&ticket, TvSessionKind::Remote, None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("no requester email"), "{e}");
    let open = TeamViewerClient::new(
        &format!("{}/api/v1", w.sandbox.url()),
        tether_providers::http::client(),
        Arc::new(ScriptToken(Secret::new(TEAMVIEWER_TOKEN))),
    )
    .open_sessions()
    .await
    .unwrap();
    assert!(open.is_empty(), "no code was made at TeamViewer");
}

#[tokio::test]
async fn closing_a_teamviewer_session_on_the_board_closes_its_code() {
    let w = world().await;
    let alex = w.console("alex", true);
    let ticket = ticket(&alex, 1042).await;
    let created = alex
        .teamviewer
        .create_tv_session(&ticket, TvSessionKind::Remote, None)
        .await
        .unwrap();
    let on_board = board_session(&alex, &created.code).await;
    alex.sessions.close(&on_board.id, None).await.unwrap();
    let client = TeamViewerClient::new(
        &format!("{}/api/v1", w.sandbox.url()),
        tether_providers::http::client(),
        Arc::new(ScriptToken(Secret::new(TEAMVIEWER_TOKEN))),
    );
    assert_eq!(
        client.session(&created.code).await.unwrap().state,
        tether_core::domain::teamviewer::TvSessionState::Closed,
        "the outbox closed the code at TeamViewer"
    );
    assert!(alex.sessions.pending_actions().await.unwrap().is_empty());
    alex.teamviewer.sync().await.unwrap();
    let panel = alex.teamviewer.tv_panel(&ticket).await.unwrap();
    assert_eq!(panel.sessions[0].status, "closed");
}

#[tokio::test]
async fn a_phone_number_that_cannot_be_one_is_refused_by_name_before_teamviewer_is_asked() {
    let w = world().await;
    let alex = w.console("alex", true);
    let ticket = ticket(&alex, 1042).await;
    let e = alex
        .teamviewer
        .create_tv_session(&ticket, TvSessionKind::Pilot, Some("07700 9001".into()))
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("\"07700 9001\" is not a phone number"),
        "{e}"
    );
    let e = alex
        .teamviewer
        .create_tv_session(&ticket, TvSessionKind::Remote, Some("+447700900123".into()))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("pilot session only"), "{e}");
    assert!(alex
        .teamviewer
        .tv_panel(&ticket)
        .await
        .unwrap()
        .sessions
        .is_empty());
}

#[tokio::test]
async fn a_code_made_in_teamviewers_own_console_is_on_the_board_and_followed_until_it_closes() {
    let w = world().await;
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let alex = w.console_at("alex", true, clock.clone());
    // Made without Tether: straight at TeamViewer's API, as its console would.
    let client = TeamViewerClient::new(
        &format!("{}/api/v1", w.sandbox.url()),
        tether_providers::http::client(),
        Arc::new(ScriptToken(Secret::new(TEAMVIEWER_TOKEN))),
    );
    let outside = client
        .create_session(&tether_core::domain::teamviewer::NewTvSession {
            group_name: "Front desk".into(),
            kind: TvSessionKind::Remote,
            end_customer_name: "Jonas Berg".into(),
            end_customer_email: None,
            description: "Outlook keeps asking for a password".into(),
            custom_api: String::new(),
            valid_until: None,
        })
        .await
        .unwrap();

    alex.teamviewer.sync().await.unwrap();
    let on_board = board_session(&alex, &outside.code).await;
    assert_eq!(
        (on_board.state, on_board.provider_status.as_str()),
        (SessionState::Pending, "Open, waiting")
    );
    assert_eq!(on_board.customer_name, "Jonas Berg");
    assert_eq!(on_board.ticket_id, None);
    assert_eq!(on_board.assignee, None, "nobody in Tether made it");

    // Jonas connects: within a minute of the last list, TeamViewer is not listed again.
    w.control(&format!("sessions/{}/connect", outside.code), json!({}))
        .await;
    alex.teamviewer.sync().await.unwrap();
    assert_eq!(
        board_session(&alex, &outside.code).await.state,
        SessionState::Pending,
        "one list a minute at most"
    );
    clock.advance(chrono::Duration::seconds(61));
    alex.teamviewer.sync().await.unwrap();
    let on_board = board_session(&alex, &outside.code).await;
    assert_eq!(
        (on_board.state, on_board.provider_status.as_str()),
        (SessionState::Active, "Connected")
    );

    // Closed at TeamViewer: it leaves the open list, and the board closes it.
    client.close_session(&outside.code).await.unwrap();
    clock.advance(chrono::Duration::seconds(61));
    alex.teamviewer.sync().await.unwrap();
    assert_eq!(
        board_session(&alex, &outside.code).await.state,
        SessionState::Closed
    );
    // Listed once more, nothing is added twice.
    clock.advance(chrono::Duration::seconds(61));
    alex.teamviewer.sync().await.unwrap();
    let copies = alex
        .sessions
        .list_sessions(&ChannelRef::Channel("teamviewer".into()))
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.code == outside.code)
        .count();
    assert_eq!(copies, 1);
}

#[tokio::test]
async fn a_tether_link_shows_the_ticket_or_session_it_names_and_nothing_else() {
    let w = world().await;
    let alex = w.console("alex", true);
    let id = ticket(&alex, 1042).await;
    let mut events = alex.subscribe();
    let shown = alex.open_link("tether://ticket/1042").await.unwrap();
    assert!(matches!(&shown, tether_core::Event::FocusTicket { ticket_id } if *ticket_id == id));
    assert!(matches!(
        events.recv().await.unwrap(),
        tether_core::Event::FocusTicket { .. }
    ));
    assert!(matches!(
        alex.open_link(&format!("tether://ticket/{id}"))
            .await
            .unwrap(),
        tether_core::Event::FocusTicket { .. }
    ));
    for (link, code) in [
        ("tether://ticket/9999", ErrorCode::NotFound),
        ("tether://session/no-such-session", ErrorCode::NotFound),
        ("tether://settings/keychain", ErrorCode::InvalidInput),
        ("javascript:alert(1)", ErrorCode::InvalidInput),
    ] {
        assert_eq!(
            alex.open_link(link).await.unwrap_err().code(),
            code,
            "{link}"
        );
    }
}

/// One session TeamViewer keeps failing on (its `GET /sessions/{code}` errs) does not stop the
/// others from being followed: it waits, backing off, and is followed again once it answers.
#[tokio::test]
async fn a_session_teamviewer_fails_on_waits_while_the_others_are_followed() {
    let w = world().await;
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let alex = w.console_at("alex", true, clock.clone());
    let ticket = ticket(&alex, 1042).await;
    let mut codes = Vec::new();
    for _ in 0..2 {
        let created = alex
            .teamviewer
            .create_tv_session(&ticket, TvSessionKind::Remote, None)
            .await
            .unwrap();
        codes.push(created.code);
    }
    let (poisoned, healthy) = (&codes[0], &codes[1]);
    w.control(
        &format!("sessions/{poisoned}/broken"),
        json!({"broken": true}),
    )
    .await;
    w.control(&format!("sessions/{poisoned}/connect"), json!({}))
        .await;
    w.control(&format!("sessions/{healthy}/connect"), json!({}))
        .await;

    alex.teamviewer
        .sync()
        .await
        .expect("one session's failure is not the round's");
    assert_eq!(
        board_session(&alex, healthy).await.state,
        SessionState::Active
    );
    assert_eq!(
        board_session(&alex, poisoned).await.state,
        SessionState::Pending,
        "not read, so unchanged"
    );

    // Repaired at TeamViewer: followed again once its wait is over.
    w.control(
        &format!("sessions/{poisoned}/broken"),
        json!({"broken": false}),
    )
    .await;
    alex.teamviewer.sync().await.unwrap();
    assert_eq!(
        board_session(&alex, poisoned).await.state,
        SessionState::Pending,
        "still waiting: asked again only after its back-off"
    );
    clock.advance(chrono::Duration::seconds(3));
    alex.teamviewer.sync().await.unwrap();
    assert_eq!(
        board_session(&alex, poisoned).await.state,
        SessionState::Active
    );
}

/// A vendor-wide answer (rate limit, 5xx from the proxy for every call) still ends the round
/// with the error the card shows, instead of being taken as one session's problem.
#[tokio::test]
async fn a_rate_limit_still_ends_the_round_and_says_so() {
    let w = world().await;
    let alex = w.console("alex", true);
    let ticket = ticket(&alex, 1042).await;
    alex.teamviewer
        .create_tv_session(&ticket, TvSessionKind::Remote, None)
        .await
        .unwrap();
    w.control("faults", json!({"fault": "rate_limit", "count": 1}))
        .await;
    let e = alex.teamviewer.sync().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::ProviderRateLimited, "{e}");
}
