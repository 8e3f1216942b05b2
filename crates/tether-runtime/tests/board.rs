//! The Service Desk board end to end below the window: the real console, a real SQLite file,
//! the real Splashtop client over HTTP, and the sandbox playing Splashtop and the end user.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{Duration, Utc};
use tether_core::clock::ManualClock;
use tether_core::console::ConsoleOptions;
use tether_core::domain::{
    ChannelRef, ChannelSettings, NewSession, Permission, SessionQuery, SessionSearch, SessionState,
    Technician,
};
use tether_core::ports::notifier::Notification;
use tether_core::ports::{Notifier, Store};
use tether_core::secret::Secret;
use tether_core::ErrorCode;
use tether_core::{Console, CoreError};
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_sandbox::{EndUserAction, Sandbox, SandboxControl, SandboxOptions, DEMO_TOKEN};
use tether_store::SqliteStore;

struct Desk {
    console: Arc<Console>,
    control: SandboxControl,
    store: SqliteStore,
}

async fn desk(db: &Path, sandbox_url: &str, clock: Arc<ManualClock>, actor: &str) -> Desk {
    let store = SqliteStore::open(db).await.unwrap();
    for (id, name, can_release) in [
        ("alex", "Alex Rivera", true),
        ("sam", "Sam Chen", true),
        ("priya", "Priya Patel", true),
        ("jordan", "Jordan Lee", false),
    ] {
        store
            .upsert_technician(&Technician {
                id: id.into(),
                name: name.into(),
                email: format!("{id}@example.invalid"),
                can_release,
                available: true,
            })
            .await
            .unwrap();
    }
    let provider = SplashtopClient::new(
        SplashtopConfig {
            base_url: sandbox_url.into(),
            token: Secret::new(DEMO_TOKEN),
            source_name: "tests".into(),
        },
        tether_providers::http::client(),
    );
    let console = Console::new(
        Arc::new(store.clone()),
        Arc::new(provider),
        clock.clone(),
        ConsoleOptions {
            demo: false,
            actor_override: Some(actor.into()),
            ..ConsoleOptions::default()
        },
    );
    console.sessions.startup().await.unwrap();
    let _ = console.sessions.sync_channels().await;
    Desk {
        console,
        control: SandboxControl::new(sandbox_url),
        store,
    }
}

impl Desk {
    /// A new Front desk session whose end user has launched the app, as the board sees it
    /// after one poll.
    async fn launched(&self, name: &str) -> tether_core::domain::Session {
        let s = self
            .console
            .sessions
            .create_session(front_desk(name))
            .await
            .unwrap();
        self.control
            .end_user(&s.code, EndUserAction::Launch)
            .await
            .unwrap();
        self.console.poller.poll_once().await.unwrap();
        s
    }
}

/// The provider actions the sandbox accepted for the session with `code`, in order.
async fn actions_received(control: &SandboxControl, code: String) -> serde_json::Value {
    control
        .sessions()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s["code"] == code.as_str())
        .unwrap()["actions_received"]
        .clone()
}

async fn start() -> (tempfile::TempDir, Sandbox, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let d = desk(
        &dir.path().join("board.sqlite"),
        &sandbox.url(),
        clock,
        "alex",
    )
    .await;
    (dir, sandbox, d)
}

fn front_desk(name: &str) -> NewSession {
    NewSession {
        channel_id: "splashtop-1".into(),
        customer_name: name.into(),
        issue: "Outlook keeps crashing".into(),
        ticket_id: None,
    }
}

#[tokio::test]
async fn the_whole_attended_flow_with_its_history() {
    let (_dir, _sandbox, d) = start().await;
    let s = d
        .console
        .sessions
        .create_session(front_desk("Dana Whitfield"))
        .await
        .unwrap();
    assert_eq!(s.state, SessionState::Pending);
    assert_eq!(s.provider_status, "Waiting");
    assert_eq!(s.assignee.as_deref(), Some("alex"));
    assert_eq!(s.code.len(), 9);

    // Nothing happens until the end user launches the app.
    d.console.poller.poll_once().await.unwrap();
    assert_eq!(
        d.console
            .sessions
            .session_detail(&s.id)
            .await
            .unwrap()
            .session
            .state,
        SessionState::Pending
    );
    let refused = d
        .console
        .sessions
        .request_permission(&s.id)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::IllegalTransition);

    d.control
        .end_user(&s.code, EndUserAction::Launch)
        .await
        .unwrap();
    let report = d.console.poller.poll_once().await.unwrap();
    assert_eq!(report.changed, 1);
    let active = d
        .console
        .sessions
        .session_detail(&s.id)
        .await
        .unwrap()
        .session;
    assert_eq!(active.state, SessionState::Active);
    assert_eq!(active.provider_status, "Online");

    let not_yet = d.console.sessions.start_remote(&s.id).await.unwrap_err();
    assert!(
        not_yet.to_string().contains("has not granted permission"),
        "{not_yet}"
    );
    d.console.sessions.request_permission(&s.id).await.unwrap();
    d.control
        .end_user(&s.code, EndUserAction::Grant)
        .await
        .unwrap();
    d.console.poller.poll_once().await.unwrap();
    let granted = d
        .console
        .sessions
        .session_detail(&s.id)
        .await
        .unwrap()
        .session;
    assert_eq!(granted.permission, Permission::Granted);
    let started = d.console.sessions.start_remote(&s.id).await.unwrap();
    assert!(!started.opened, "no opener here: the caller opens it");
    assert_eq!(
        started.url,
        format!(
            "st-business://com.splashtop.business?account=alex%40example.invalid&sos={}",
            s.code
        )
    );

    let queued = d.console.sessions.release(&s.id).await.unwrap();
    assert_eq!(queued.state, SessionState::InQueue);
    assert_eq!(queued.assignee, None);
    assert_eq!(
        queued.permission,
        Permission::NotRequested,
        "the next technician asks again"
    );

    let closed = d.console.sessions.close(&s.id, None).await.unwrap();
    assert_eq!(closed.state, SessionState::Closed);
    let illegal = d.console.sessions.release(&s.id).await.unwrap_err();
    assert_eq!(illegal.code(), ErrorCode::IllegalTransition);
    assert!(
        illegal
            .to_string()
            .contains("it is closed; create a new session"),
        "{illegal}"
    );
    assert_eq!(
        d.console
            .sessions
            .session_detail(&s.id)
            .await
            .unwrap()
            .session
            .state,
        SessionState::Closed
    );

    // The provider was told: the session is closed there too.
    let remote = d.control.sessions().await.unwrap();
    assert_eq!(remote[0]["status"], "closed");
    d.console.poller.poll_once().await.unwrap();
    let after = d
        .console
        .sessions
        .session_detail(&s.id)
        .await
        .unwrap()
        .session;
    assert_eq!(
        (after.state, after.provider_status.as_str()),
        (SessionState::Closed, "Closed")
    );

    let history = d
        .console
        .sessions
        .session_detail(&s.id)
        .await
        .unwrap()
        .history;
    let path: Vec<(Option<SessionState>, SessionState)> = history
        .iter()
        .map(|h| (h.from, h.to))
        .filter(|(f, t)| *f != Some(*t))
        .collect();
    use SessionState::*;
    assert_eq!(
        path,
        [
            (None, Pending),
            (Some(Pending), Active),
            (Some(Active), InQueue),
            (Some(InQueue), Closed)
        ]
    );
    assert!(
        history.windows(2).all(|w| w[0].at <= w[1].at),
        "history in time order"
    );
    assert!(history
        .iter()
        .any(|h| h.note.as_deref() == Some("the end user granted permission")));
}

#[tokio::test]
async fn a_refusal_is_shown_and_recorded() {
    let (_dir, _sandbox, d) = start().await;
    let s = d.launched("Refusing User").await;
    d.console.sessions.request_permission(&s.id).await.unwrap();
    d.control
        .end_user(&s.code, EndUserAction::Refuse)
        .await
        .unwrap();
    d.console.poller.poll_once().await.unwrap();
    let detail = d.console.sessions.session_detail(&s.id).await.unwrap();
    assert_eq!(detail.session.permission, Permission::Refused);
    assert!(detail
        .history
        .iter()
        .any(|h| h.note.as_deref() == Some("the end user refused permission")));
    let err = d.console.sessions.start_remote(&s.id).await.unwrap_err();
    assert!(err.to_string().contains("refused permission"), "{err}");
}

#[tokio::test]
async fn at_most_three_technicians_and_the_fourth_is_told_why() {
    let (_dir, _sandbox, d) = start().await;
    let s = d
        .console
        .sessions
        .create_session(front_desk("Crowded"))
        .await
        .unwrap();
    d.console
        .sessions
        .invite_technician(&s.id, "sam")
        .await
        .unwrap();
    d.console
        .sessions
        .invite_technician(&s.id, "priya")
        .await
        .unwrap();
    let err = d
        .console
        .sessions
        .invite_technician(&s.id, "jordan")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TooManyTechnicians);
    assert_eq!(
        err.to_string(),
        "a session can have at most 3 technicians (the assignee and 2 invited); \
         Jordan Lee cannot join: Alex Rivera, Sam Chen, Priya Patel are already on it"
    );
    let again = d
        .console
        .sessions
        .invite_technician(&s.id, "sam")
        .await
        .unwrap_err();
    assert!(again.to_string().contains("already on this session"));
}

#[tokio::test]
async fn the_assignees_seat_stays_counted_while_the_session_waits_in_the_queue() {
    let (_dir, _sandbox, d) = start().await;
    let s = d
        .console
        .sessions
        .create_session(front_desk("Queued Crowd"))
        .await
        .unwrap();
    d.console
        .sessions
        .invite_technician(&s.id, "sam")
        .await
        .unwrap();
    d.console
        .sessions
        .invite_technician(&s.id, "priya")
        .await
        .unwrap();
    d.control
        .end_user(&s.code, EndUserAction::Launch)
        .await
        .unwrap();
    d.console.poller.poll_once().await.unwrap();
    let queued = d.console.sessions.release(&s.id).await.unwrap();
    assert_eq!(queued.assignee, None);
    // The detail says so before anyone tries, in the words of the refusal.
    let actions = d
        .console
        .sessions
        .session_detail(&s.id)
        .await
        .unwrap()
        .actions;
    assert!(!actions.invite.available);
    assert!(actions.invitees.iter().all(|t| !t.availability.available));
    let err = d
        .console
        .sessions
        .invite_technician(&s.id, "jordan")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TooManyTechnicians);
    let jordan = actions.invitees.iter().find(|t| t.id == "jordan").unwrap();
    assert_eq!(
        jordan.availability.reason.to_lowercase(),
        err.to_string().to_lowercase()
    );
    // Taking it fills the free seat: still three.
    let taken = d.console.sessions.assign(&s.id, "alex").await.unwrap();
    assert_eq!(taken.technicians().count(), 3);
}

#[tokio::test]
async fn one_unreadable_session_does_not_stop_the_others_from_updating() {
    let (_dir, _sandbox, d) = start().await;
    let a = d
        .console
        .sessions
        .create_session(front_desk("First"))
        .await
        .unwrap();
    let b = d
        .console
        .sessions
        .create_session(front_desk("Second"))
        .await
        .unwrap();
    d.control
        .end_user(&a.code, EndUserAction::Launch)
        .await
        .unwrap();
    d.control
        .end_user(&b.code, EndUserAction::Launch)
        .await
        .unwrap();
    d.control
        .fault(tether_sandbox::Fault::Malformed, 1)
        .await
        .unwrap();
    let report = d.console.poller.poll_once().await.unwrap();
    assert_eq!(
        (report.polled, report.changed, report.session_errors),
        (2, 1, 1)
    );
    let board = d.console.sessions.board().await.unwrap();
    assert_eq!(
        board.providers[0].error.as_ref().unwrap().code,
        ErrorCode::ProviderMalformedReply
    );
    let report = d.console.poller.poll_once().await.unwrap();
    assert_eq!(report.changed, 1, "the next round catches up");
    for id in [&a.id, &b.id] {
        let s = d.console.sessions.session_detail(id).await.unwrap().session;
        assert_eq!(s.state, SessionState::Active);
    }
    assert!(d.console.sessions.board().await.unwrap().providers[0]
        .error
        .is_none());
}

#[tokio::test]
async fn transfers_need_the_release_permission_and_channel_access() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let db = dir.path().join("board.sqlite");
    let alex = desk(&db, &sandbox.url(), clock.clone(), "alex").await;
    let s = alex
        .console
        .sessions
        .create_session(front_desk("Transfer Me"))
        .await
        .unwrap();

    // Jordan has no release permission: may not move Alex's session to someone else.
    let jordan = desk(&db, &sandbox.url(), clock.clone(), "jordan").await;
    let err = jordan
        .console
        .sessions
        .assign(&s.id, "sam")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);
    assert!(err.to_string().contains("release permission"), "{err}");

    let moved = alex.console.sessions.assign(&s.id, "sam").await.unwrap();
    assert_eq!(moved.assignee.as_deref(), Some("sam"));

    // Escalations is restricted to Alex and Sam: Jordan cannot transfer into it.
    alex.console
        .settings
        .update_channel_settings(
            "splashtop-2",
            ChannelSettings {
                members: vec!["alex".into(), "sam".into()],
                ..ChannelSettings::default()
            },
        )
        .await
        .unwrap();
    let err = jordan
        .console
        .sessions
        .transfer_to_channel(&s.id, "splashtop-2")
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("no access to the channel Escalations"),
        "{err}"
    );
    let moved = alex
        .console
        .sessions
        .transfer_to_channel(&s.id, "splashtop-2")
        .await
        .unwrap();
    assert_eq!(moved.channel_id, "splashtop-2");
    // Jordan no longer sees it at all.
    assert_eq!(
        jordan
            .console
            .sessions
            .session_detail(&s.id)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    let board = jordan.console.sessions.board().await.unwrap();
    assert!(!board.channels.iter().any(|c| c.name == "Escalations"));
}

#[tokio::test]
async fn sessions_expire_on_their_channel_timeout_also_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let db = dir.path().join("board.sqlite");
    let id = {
        let d = desk(&db, &sandbox.url(), clock.clone(), "alex").await;
        d.console
            .settings
            .update_channel_settings(
                "splashtop-1",
                ChannelSettings {
                    session_timeout_minutes: 10,
                    ..ChannelSettings::default()
                },
            )
            .await
            .unwrap();
        let s = d
            .console
            .sessions
            .create_session(front_desk("Slow Starter"))
            .await
            .unwrap();
        clock.advance(Duration::minutes(9));
        assert_eq!(d.console.sessions.expire_due().await.unwrap(), 0);
        let detail = d.console.sessions.session_detail(&s.id).await.unwrap();
        assert_eq!(
            detail.expires_at,
            Some(s.state_changed_at + Duration::minutes(10))
        );
        d.store.close().await;
        s.id
    };
    // The app is closed while the timeout passes; the next start expires the session
    // before anything else.
    clock.advance(Duration::minutes(2));
    let d = desk(&db, &sandbox.url(), clock.clone(), "alex").await;
    let detail = d.console.sessions.session_detail(&id).await.unwrap();
    assert_eq!(detail.session.state, SessionState::Expired);
    let last = detail.history.last().unwrap();
    assert_eq!(last.from, Some(SessionState::Pending));
    assert!(last
        .note
        .as_deref()
        .unwrap()
        .contains("timeout of Front desk"));
    // An expired session can still be closed, and nothing else.
    assert_eq!(
        d.console
            .sessions
            .assign(&id, "alex")
            .await
            .unwrap_err()
            .code(),
        ErrorCode::IllegalTransition
    );
    assert_eq!(
        d.console.sessions.close(&id, None).await.unwrap().state,
        SessionState::Closed
    );
}

#[tokio::test]
async fn with_the_provider_down_the_board_reads_and_closes_wait_in_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.sqlite");
    let state = dir.path().join("sandbox.json");
    let sandbox = Sandbox::start(SandboxOptions {
        state_file: Some(state.clone()),
        ..Default::default()
    })
    .await
    .unwrap();
    let addr = sandbox.addr();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let d = desk(&db, &sandbox.url(), clock.clone(), "alex").await;
    let s = d
        .console
        .sessions
        .create_session(front_desk("Offline Provider"))
        .await
        .unwrap();
    sandbox.stop().await;

    // Creating fails clearly and stores nothing.
    let err = d
        .console
        .sessions
        .create_session(front_desk("Never Made"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ProviderUnreachable);
    let board = d.console.sessions.board().await.unwrap();
    assert!(!board.providers[0].online);
    assert_eq!(
        board.providers[0].error.as_ref().unwrap().code,
        ErrorCode::ProviderUnreachable
    );
    let sessions = d
        .console
        .sessions
        .list_sessions(&ChannelRef::Channel("splashtop-1".into()))
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1, "the cached board still reads");

    // Closing works locally and waits for the provider.
    assert_eq!(
        d.console.sessions.close(&s.id, None).await.unwrap().state,
        SessionState::Closed
    );
    assert_eq!(d.console.sessions.board().await.unwrap().pending_actions, 1);

    // The provider comes back on the same address: the next round delivers the close.
    let back = Sandbox::start(SandboxOptions {
        bind: addr,
        state_file: Some(state),
        ..Default::default()
    })
    .await
    .unwrap();
    clock.advance(Duration::seconds(5));
    d.console.poller.poll_once().await.unwrap();
    assert_eq!(d.console.sessions.board().await.unwrap().pending_actions, 0);
    let remote = SandboxControl::new(&back.url()).sessions().await.unwrap();
    assert_eq!(remote[0]["status"], "closed");
    assert!(d.console.sessions.board().await.unwrap().providers[0].online);
}

#[tokio::test]
async fn bad_input_is_refused_before_reaching_the_provider() {
    let (_dir, _sandbox, d) = start().await;
    let before = d.control.request_count().await.unwrap();
    let empty = d
        .console
        .sessions
        .create_session(front_desk("   "))
        .await
        .unwrap_err();
    assert_eq!(empty.code(), ErrorCode::InvalidInput);
    let long = d
        .console
        .sessions
        .create_session(front_desk(&"é".repeat(65)))
        .await
        .unwrap_err();
    assert!(long.to_string().contains("at most 64"), "{long}");
    let nowhere = d
        .console
        .sessions
        .create_session(NewSession {
            channel_id: "nope".into(),
            ..front_desk("X")
        })
        .await
        .unwrap_err();
    assert!(matches!(nowhere, CoreError::NotFound { .. }));
    assert_eq!(d.control.request_count().await.unwrap(), before);
    let timeout = d
        .console
        .settings
        .update_channel_settings(
            "splashtop-1",
            ChannelSettings {
                session_timeout_minutes: 0,
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(timeout.to_string().contains("between 1 minute and 7 days"));
}

#[derive(Default)]
struct Recorder(Mutex<Vec<Notification>>);

impl Notifier for Recorder {
    fn notify(&self, n: &Notification) -> Result<(), String> {
        self.0.lock().unwrap().push(n.clone());
        Ok(())
    }
}

struct Broken;

impl Notifier for Broken {
    fn notify(&self, _: &Notification) -> Result<(), String> {
        Err("org.freedesktop.Notifications is not on the bus".into())
    }
}

async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
}

#[tokio::test]
async fn my_sessions_changing_state_notify_unless_muted() {
    let (_dir, _sandbox, d) = start().await;
    let recorder = Arc::new(Recorder::default());
    let task = d.console.spawn_notifications(recorder.clone());
    let s = d.launched("Notify Me").await;
    settle().await;
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].title, "Notify Me — Active");
    assert_eq!(seen[0].session_id, s.id);

    d.console
        .settings
        .set_channel_muted("splashtop-1", true)
        .await
        .unwrap();
    d.launched("Muted One").await;
    settle().await;
    assert_eq!(
        recorder.0.lock().unwrap().len(),
        1,
        "muted channel stays quiet"
    );
    assert_eq!(d.console.sessions.board().await.unwrap().notifier.sent, 1);
    task.abort();
}

#[tokio::test]
async fn a_failure_to_notify_is_kept_for_settings() {
    let (_dir, _sandbox, d) = start().await;
    let task = d.console.spawn_notifications(Arc::new(Broken));
    d.launched("Unheard").await;
    settle().await;
    let health = d.console.sessions.board().await.unwrap().notifier;
    assert_eq!(health.failed, 1);
    assert!(health.last_error.unwrap().contains("not on the bus"));
    task.abort();
}

#[tokio::test]
async fn each_technician_has_a_default_channel_that_falls_back_to_private() {
    let (_dir, _sandbox, d) = start().await;
    assert_eq!(
        d.console
            .sessions
            .board()
            .await
            .unwrap()
            .settings
            .default_channel,
        "private"
    );
    d.console
        .settings
        .set_default_channel("splashtop-1")
        .await
        .unwrap();
    assert_eq!(
        d.console
            .sessions
            .board()
            .await
            .unwrap()
            .settings
            .default_channel,
        "splashtop-1"
    );
    assert_eq!(
        d.console
            .settings
            .set_default_channel("nowhere")
            .await
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    // Alex leaves Front desk: his default is his private channel again.
    d.console
        .settings
        .update_channel_settings(
            "splashtop-2",
            ChannelSettings {
                members: vec!["sam".into(), "alex".into()],
                ..ChannelSettings::default()
            },
        )
        .await
        .unwrap();
    d.store
        .save_channel_settings(
            "splashtop-1",
            &ChannelSettings {
                members: vec!["sam".into()],
                ..ChannelSettings::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        d.console
            .sessions
            .board()
            .await
            .unwrap()
            .settings
            .default_channel,
        "private"
    );
    assert_eq!(
        d.console
            .settings
            .set_default_channel("splashtop-1")
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
}

/// Deleting a Closed session still tells the provider: the delete goes through the outbox
/// like any other, so nothing stays open at Splashtop.
#[tokio::test]
async fn deleting_a_closed_session_deletes_it_at_the_provider() {
    let (_dir, _sandbox, d) = start().await;
    let s = d
        .console
        .sessions
        .create_session(front_desk("Gone"))
        .await
        .unwrap();
    let at_provider = |all: Vec<serde_json::Value>| {
        all.into_iter()
            .find(|p| p["code"].as_str() == Some(s.code.as_str()))
    };
    d.console.sessions.close(&s.id, None).await.unwrap();
    let closed = at_provider(d.control.sessions().await.unwrap()).expect("known to the sandbox");
    assert_eq!(closed["status"], "closed");
    d.console.sessions.delete(&s.id).await.unwrap();
    assert_eq!(d.store.outbox_len().await.unwrap(), 0, "delivered at once");
    let gone = at_provider(d.control.sessions().await.unwrap());
    assert!(
        gone.as_ref()
            .is_none_or(|p| p["status"].as_str() == Some("deleted")),
        "the provider still has {gone:?}"
    );
}

/// Every verdict the detail shows is the refusal the action would give.
#[tokio::test]
async fn the_details_verdicts_are_the_actions_refusals() {
    let (_dir, _sandbox, d) = start().await;
    let s = d
        .console
        .sessions
        .create_session(front_desk("Verdicts"))
        .await
        .unwrap();
    let pending = d
        .console
        .sessions
        .session_detail(&s.id)
        .await
        .unwrap()
        .actions;
    assert!(!pending.release.available);
    let refusal = d.console.sessions.release(&s.id).await.unwrap_err();
    assert_eq!(
        pending.release.reason.to_lowercase(),
        refusal.to_string().to_lowercase()
    );
    assert!(!pending.start_remote.available);
    let refusal = d.console.sessions.start_remote(&s.id).await.unwrap_err();
    assert_eq!(
        pending.start_remote.reason.to_lowercase(),
        refusal.to_string().to_lowercase()
    );
    assert!(!pending.take.available, "alex already has it");
    assert!(pending.close.available);
    d.console.sessions.close(&s.id, None).await.unwrap();
    let closed = d
        .console
        .sessions
        .session_detail(&s.id)
        .await
        .unwrap()
        .actions;
    for verdict in [
        &closed.close,
        &closed.take,
        &closed.invite,
        &closed.transfer,
    ] {
        assert!(!verdict.available);
        assert!(verdict.reason.contains("Closed"), "{}", verdict.reason);
    }
    assert!(closed.delete.available);
    assert_eq!(closed.end_user, None, "not the demo workspace");
}

/// TK2: a close the provider refuses is kept, with its words, on the session and on the
/// board — not dropped — until a technician retries it (delivered once) or discards it.
#[tokio::test]
async fn a_refused_close_stays_with_its_reason_until_retried_or_discarded() {
    let (_dir, _sandbox, d) = start().await;
    let actions_at_provider = |code: String| actions_received(&d.control, code);
    let s = d
        .console
        .sessions
        .create_session(front_desk("Refused"))
        .await
        .unwrap();
    d.control
        .fault(tether_sandbox::Fault::ErrorEnvelope { code: 40403 }, 1)
        .await
        .unwrap();
    let closed = d.console.sessions.close(&s.id, None).await.unwrap();
    assert_eq!(
        closed.state,
        SessionState::Closed,
        "closed here whatever Splashtop says"
    );

    let pending = d
        .console
        .sessions
        .session_detail(&s.id)
        .await
        .unwrap()
        .pending;
    assert_eq!(pending.len(), 1);
    assert!(pending[0].refused);
    assert_eq!(pending[0].label, "Close the session at Splashtop Business");
    assert!(
        pending[0].last_error.as_deref().unwrap().contains("40403"),
        "{pending:?}"
    );
    assert_eq!(d.console.sessions.board().await.unwrap().pending_actions, 1);
    d.console.poller.poll_once().await.unwrap();
    assert_eq!(
        actions_at_provider(s.code.clone()).await,
        serde_json::json!([]),
        "not retried alone"
    );

    d.console
        .sessions
        .retry_action(pending[0].id)
        .await
        .unwrap();
    assert_eq!(
        actions_at_provider(s.code.clone()).await,
        serde_json::json!(["close"])
    );
    assert!(d
        .console
        .sessions
        .pending_actions()
        .await
        .unwrap()
        .is_empty());

    // Another refused one, discarded: gone from the board, the session as Tether has it.
    let t = d
        .console
        .sessions
        .create_session(front_desk("Given up"))
        .await
        .unwrap();
    d.control
        .fault(tether_sandbox::Fault::ErrorEnvelope { code: 40403 }, 1)
        .await
        .unwrap();
    d.console.sessions.close(&t.id, None).await.unwrap();
    let pending = d.console.sessions.pending_actions().await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].session_id.as_deref(), Some(t.id.as_str()));
    d.console
        .sessions
        .discard_action(pending[0].id)
        .await
        .unwrap();
    assert!(d
        .console
        .sessions
        .pending_actions()
        .await
        .unwrap()
        .is_empty());
    assert_eq!(d.console.sessions.board().await.unwrap().pending_actions, 0);
    let missing = d
        .console
        .sessions
        .retry_action(pending[0].id)
        .await
        .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn polling_stays_within_its_budget_and_says_how_stale_the_board_is() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let d = desk(
        &dir.path().join("budget.sqlite"),
        &sandbox.url(),
        clock.clone(),
        "alex",
    )
    .await;
    for i in 0..5 {
        d.console
            .sessions
            .create_session(front_desk(&format!("Customer {i}")))
            .await
            .unwrap();
    }
    // 60 requests a minute at the 2 s interval: two sessions a round.
    d.console.settings.set_poll_budget(60).await.unwrap();
    let mut asked_per_round = vec![];
    for _ in 0..3 {
        let before = d.control.request_count().await.unwrap();
        let report = d.console.poller.poll_once().await.unwrap();
        asked_per_round.push(d.control.request_count().await.unwrap() - before);
        assert_eq!((report.polled, report.deferred), (2, 3));
        assert_eq!(
            tether_core::console::pace(&report, 60),
            std::time::Duration::from_secs(2),
            "two requests on 60 a minute wait two seconds"
        );
        clock.advance(Duration::seconds(2));
    }
    assert_eq!(
        asked_per_round,
        [2, 2, 2],
        "the sandbox saw the budget kept"
    );

    // Every session was asked about once before any was asked twice; the one asked in the
    // first round and not since is the stalest, and the board says so.
    let board = d.console.sessions.board().await.unwrap();
    assert_eq!(board.freshness.open_sessions, 5);
    assert_eq!(board.freshness.budget_per_minute, 60);
    assert_eq!(board.freshness.worst_staleness_secs, Some(4));
    assert_eq!(board.settings.poll_budget_per_minute, 60);

    let refused = d.console.settings.set_poll_budget(0).await.unwrap_err();
    assert!(
        refused.to_string().contains("between 1 and 6,000"),
        "{refused}"
    );
}

#[tokio::test]
async fn a_view_is_read_a_page_at_a_time_and_searched_by_the_core() {
    let (_dir, _sandbox, d) = start().await;
    for name in [
        "Dana Whitfield",
        "Tom Hardy",
        "Maria Anders",
        "Dana Scully",
        "Ann Lee",
    ] {
        d.console
            .sessions
            .create_session(front_desk(name))
            .await
            .unwrap();
    }
    let view = ChannelRef::Channel("splashtop-1".into());
    let mut seen = vec![];
    let mut query = SessionQuery {
        limit: Some(2),
        ..SessionQuery::default()
    };
    loop {
        let page = d
            .console
            .sessions
            .session_page(&view, &query)
            .await
            .unwrap();
        assert_eq!(page.counts.pending, 5, "the tabs count the whole view");
        seen.extend(page.sessions.iter().map(|s| s.customer_name.clone()));
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    let everything: Vec<String> = d
        .console
        .sessions
        .list_sessions(&view)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.customer_name)
        .collect();
    assert_eq!(
        seen, everything,
        "three pages, in the board's order, nothing twice"
    );

    // The search the store runs is the rule `SessionSearch` states, and counts follow it.
    let search = "dana";
    let page = d
        .console
        .sessions
        .session_page(
            &view,
            &SessionQuery {
                search: search.into(),
                ..SessionQuery::default()
            },
        )
        .await
        .unwrap();
    let rule = SessionSearch::parse(search).unwrap();
    let all = d.console.sessions.list_sessions(&view).await.unwrap();
    let expected: Vec<&str> = all
        .iter()
        .filter(|s| rule.matches(s))
        .map(|s| s.customer_name.as_str())
        .collect();
    let got: Vec<&str> = page
        .sessions
        .iter()
        .map(|s| s.customer_name.as_str())
        .collect();
    assert_eq!(got, expected);
    assert_eq!(got.len(), 2);
    assert_eq!(page.counts.total(), 2);
    let active_only = d
        .console
        .sessions
        .session_page(
            &view,
            &SessionQuery {
                state: Some(SessionState::Active),
                ..SessionQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(active_only.sessions.is_empty());
    assert_eq!(
        active_only.counts.pending, 5,
        "the other tabs keep their counts"
    );
}

#[tokio::test]
async fn a_permission_request_waits_for_an_unreachable_provider_and_is_sent_once() {
    let (_dir, _sandbox, d) = start().await;
    let s = d.launched("Waiting for Splashtop").await;
    let actions_at_provider = || actions_received(&d.control, s.code.clone());
    d.control
        .fault(tether_sandbox::Fault::ServerError, 20)
        .await
        .unwrap();
    let asked = d.console.sessions.request_permission(&s.id).await.unwrap();
    assert_eq!(asked.permission, Permission::Requested);
    let detail = d.console.sessions.session_detail(&s.id).await.unwrap();
    assert_eq!(detail.pending.len(), 1);
    assert_eq!(
        detail.pending[0].label,
        "Ask the end user for permission at Splashtop Business"
    );
    assert!(!detail.pending[0].refused, "waiting, not refused");
    assert!(detail
        .history
        .last()
        .unwrap()
        .note
        .as_deref()
        .unwrap()
        .contains("waiting to reach the provider"));

    // Splashtop answers again: the request goes out once.
    d.control.clear_faults().await.unwrap();
    d.console
        .sessions
        .retry_action(detail.pending[0].id)
        .await
        .unwrap();
    d.console.poller.poll_once().await.unwrap();
    assert_eq!(
        actions_at_provider().await,
        serde_json::json!(["request_permission"])
    );
    assert!(d
        .console
        .sessions
        .pending_actions()
        .await
        .unwrap()
        .is_empty());

    // A refusal, though, is the technician's to read at once; nothing waits.
    let t = d.launched("Refused at once").await;
    d.control
        .fault(tether_sandbox::Fault::ErrorEnvelope { code: 40403 }, 1)
        .await
        .unwrap();
    let refused = d
        .console
        .sessions
        .request_permission(&t.id)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::ProviderRefused, "{refused}");
    assert!(d
        .console
        .sessions
        .pending_actions()
        .await
        .unwrap()
        .is_empty());
}
