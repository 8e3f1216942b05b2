//! SP2 below the window: a Splashtop session from a ticket goes back to that ticket when it
//! closes — once, with the time Tether saw a technician connected and the closing comment —
//! also when it closed while Tether was stopped. The real console on a real SQLite file, the
//! Splashtop client against the sandbox, and a manual clock for the measured time.

mod common;

use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, Utc};
use tether_core::clock::ManualClock;
use tether_core::console::{ConsoleOptions, DeskImport};
use tether_core::domain::{NewSession, Ticket, TicketAction, TicketActionKind, TicketQuery};
use tether_core::Console;
use tether_sandbox::{EndUserAction, Sandbox, SandboxControl, SandboxOptions};
use tether_store::SqliteStore;

const DESK: &str = r#"{
  "customers": [{ "id": "northwind", "name": "Northwind Traders" }],
  "tickets": [{ "number": 1042, "subject": "Label printer prints blank pages",
                "customer_id": "northwind", "end_user_name": "Maria Anders",
                "end_user_email": "maria@northwind.example" }]
}"#;

async fn console(db: &Path, sandbox: &str, clock: Arc<ManualClock>) -> Arc<Console> {
    let store = SqliteStore::open(db).await.unwrap();
    common::technicians(&store, &[("alex", "Alex Rivera", true)]).await;
    let console = Console::new(
        Arc::new(store),
        Arc::new(common::splashtop(sandbox)),
        clock,
        ConsoleOptions {
            actor_override: Some("alex".into()),
            ..ConsoleOptions::default()
        },
    );
    console.sessions.startup().await.unwrap();
    console.sessions.sync_channels().await.unwrap();
    console
}

async fn ticket(console: &Console) -> Ticket {
    if console
        .desk
        .tickets(TicketQuery::default())
        .await
        .unwrap()
        .is_empty()
    {
        console
            .desk
            .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
            .await
            .unwrap();
    }
    console
        .desk
        .tickets(TicketQuery::default())
        .await
        .unwrap()
        .remove(0)
}

async fn remote_session_actions(console: &Console, ticket: &Ticket) -> Vec<TicketAction> {
    console
        .desk
        .ticket_detail(&ticket.id)
        .await
        .unwrap()
        .actions
        .into_iter()
        .filter(|a| a.kind == TicketActionKind::RemoteSession)
        .collect()
}

fn for_ticket(ticket: &Ticket) -> NewSession {
    NewSession {
        channel_id: "splashtop-1".into(),
        customer_name: "Maria Anders".into(),
        issue: format!("#{} {}", ticket.number, ticket.subject),
        ticket_id: Some(ticket.id.clone()),
    }
}

#[tokio::test]
async fn a_closed_session_takes_its_connected_time_and_comment_to_its_ticket_once() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let control = SandboxControl::new(&sandbox.url());
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let c = console(&dir.path().join("t.sqlite"), &sandbox.url(), clock.clone()).await;
    let ticket = ticket(&c).await;

    let s = c
        .sessions
        .create_session(for_ticket(&ticket))
        .await
        .unwrap();
    assert_eq!(s.ticket_id.as_deref(), Some(ticket.id.as_str()));
    let detail = c.sessions.session_detail(&s.id).await.unwrap();
    assert_eq!(
        detail.ticket.map(|t| t.number),
        Some(1042),
        "the board shows it"
    );

    control
        .end_user(&s.code, EndUserAction::Launch)
        .await
        .unwrap();
    c.poller.poll_once().await.unwrap();
    c.sessions.request_permission(&s.id).await.unwrap();
    control
        .end_user(&s.code, EndUserAction::Grant)
        .await
        .unwrap();
    c.poller.poll_once().await.unwrap(); // connected from here…
    clock.advance(Duration::minutes(7));
    c.poller.poll_once().await.unwrap();
    clock.advance(Duration::minutes(5));
    control
        .end_user(&s.code, EndUserAction::Leave)
        .await
        .unwrap();
    c.poller.poll_once().await.unwrap(); // …to here: 12 minutes.
    clock.advance(Duration::minutes(3));
    assert!(
        remote_session_actions(&c, &ticket).await.is_empty(),
        "not before the close"
    );

    c.sessions
        .close(&s.id, Some("Replaced the printer driver".into()))
        .await
        .unwrap();
    let actions = remote_session_actions(&c, &ticket).await;
    assert_eq!(actions.len(), 1);
    let a = &actions[0];
    assert_eq!(
        a.logged_seconds,
        Some(12 * 60),
        "the time connected, not the time open"
    );
    assert_eq!(a.actor, "alex");
    assert!(a.note.contains("Alex Rivera"), "{}", a.note);
    assert!(a.note.contains("12:00 connected"), "{}", a.note);
    assert!(
        a.note.contains("what Tether saw"),
        "the figure's source: {}",
        a.note
    );
    assert!(
        a.note.ends_with("Comment: Replaced the printer driver"),
        "{}",
        a.note
    );

    // Nothing twice: the poller seeing it closed, a restart, the start-up sweep.
    c.poller.poll_once().await.unwrap();
    drop(c);
    let again = console(&dir.path().join("t.sqlite"), &sandbox.url(), clock).await;
    again.poller.poll_once().await.unwrap();
    assert_eq!(remote_session_actions(&again, &ticket).await.len(), 1);
}

#[tokio::test]
async fn a_session_that_closed_while_tether_was_stopped_is_taken_in_on_the_next_start_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let control = SandboxControl::new(&sandbox.url());
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let c = console(&db, &sandbox.url(), clock.clone()).await;
    let ticket = ticket(&c).await;
    let s = c
        .sessions
        .create_session(for_ticket(&ticket))
        .await
        .unwrap();
    control
        .end_user(&s.code, EndUserAction::Launch)
        .await
        .unwrap();
    c.poller.poll_once().await.unwrap();
    c.sessions.request_permission(&s.id).await.unwrap();
    control
        .end_user(&s.code, EndUserAction::Grant)
        .await
        .unwrap();
    c.poller.poll_once().await.unwrap();
    drop(c); // Tether stops; the session goes on without it and ends at Splashtop.
    clock.advance(Duration::minutes(20));
    control.end_user(&s.code, EndUserAction::End).await.unwrap();

    let c = console(&db, &sandbox.url(), clock.clone()).await;
    c.poller.poll_once().await.unwrap();
    let actions = remote_session_actions(&c, &ticket).await;
    assert_eq!(
        actions.len(),
        1,
        "taken in on the first round after the start"
    );
    // The connection was open when Tether stopped: it counts until the close Tether saw.
    assert_eq!(actions[0].logged_seconds, Some(20 * 60));
    drop(c);
    let c = console(&db, &sandbox.url(), clock).await;
    c.poller.poll_once().await.unwrap();
    assert_eq!(remote_session_actions(&c, &ticket).await.len(), 1, "once");
}

#[tokio::test]
async fn a_session_without_a_ticket_leaves_no_action_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let c = console(&dir.path().join("t.sqlite"), &sandbox.url(), clock).await;
    let ticket = ticket(&c).await;
    let s = c
        .sessions
        .create_session(NewSession {
            ticket_id: None,
            ..for_ticket(&ticket)
        })
        .await
        .unwrap();
    c.sessions
        .close(&s.id, Some("no ticket".into()))
        .await
        .unwrap();
    assert!(remote_session_actions(&c, &ticket).await.is_empty());
    let unknown = c
        .sessions
        .create_session(NewSession {
            ticket_id: Some("no-such-ticket".into()),
            ..for_ticket(&ticket)
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), tether_core::ErrorCode::NotFound);
}
