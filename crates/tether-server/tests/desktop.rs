//! A desktop in a team, as a technician lives it: the real desktop runtime (its SQLite cache,
//! the OS keychain of a private session bus) joins a real `tether-server` on PostgreSQL. A
//! colleague's release reaches its board as the event that notifies; with the server gone, the
//! board still reads and board actions are applied and queued; back online, they are replayed
//! once, and the one the team's board no longer accepts shows the core's refusal.

mod support;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use support::{free_port, front_desk, instance_on, technician, Desk};
use tether_core::ports::notifier::Notification;
use tether_core::ports::Notifier;
use tether_runtime::{Runtime, RuntimeOptions};
use tether_sandbox::{EndUserAction, Sandbox, SandboxControl, SandboxOptions};
use tether_secrets::test_support::PrivateKeyring;
use tether_secrets::Keychain;

async fn call(
    desktop: &Runtime,
    command: &str,
    args: Value,
) -> Result<Value, tether_core::ErrorDto> {
    tether_api::dispatch(desktop, command, args).await
}

/// Waits until `check` holds for what the desktop answers to `command`.
async fn until(
    desktop: &Runtime,
    command: &str,
    args: Value,
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            if let Ok(v) = call(desktop, command, args.clone()).await {
                if check(&v) {
                    return v;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{what}"))
}

/// What the desktop's notifier was asked to show (the shell's shows it through D-Bus).
#[derive(Default)]
struct Shown(std::sync::Mutex<Vec<Notification>>);

impl Shown {
    fn shown(&self) -> Vec<Notification> {
        self.0.lock().unwrap().clone()
    }
}

impl Notifier for Shown {
    fn notify(&self, notification: &Notification) -> Result<(), String> {
        self.0.lock().unwrap().push(notification.clone());
        Ok(())
    }
}

fn in_channel(list: &Value, id: &str) -> Option<Value> {
    list.as_array()?.iter().find(|s| s["id"] == id).cloned()
}

#[tokio::test]
async fn a_desktop_follows_the_team_works_offline_and_replays_once() {
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let db = tether_store_pg::test_support::database().await;
    let alex_token = technician(&db.url, "alex", true);
    let sam_token = technician(&db.url, "sam", true);
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let end_user = SandboxControl::new(&sandbox.url());
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Sam's desktop knows instance A; Alex works through instance B of the same team.
    let a_bind = format!("127.0.0.1:{}", free_port());
    let mut a = instance_on(&db.url, &sandbox.url(), dirs.0.path(), &a_bind).await;
    let b = instance_on(&db.url, &sandbox.url(), dirs.1.path(), "127.0.0.1:0").await;
    let alex = Desk {
        http: reqwest::Client::new(),
        url: b.url.clone(),
        token: alex_token,
    };
    alex.channels_synced().await;

    let home = tempfile::tempdir().unwrap();
    let sam = Arc::new(
        Runtime::start(RuntimeOptions {
            data_dir: Some(home.path().to_path_buf()),
            secrets: Some(Arc::new(Keychain::with_service(format!(
                "dev.tether.test.team.{}",
                std::process::id()
            )))),
            ..RuntimeOptions::default()
        })
        .await
        .unwrap(),
    );
    let notifier = Arc::new(Shown::default());
    sam.start_background(Some(notifier.clone()));
    let joined = call(
        &sam,
        "join_team",
        json!({ "join": { "server": a.url, "token": sam_token } }),
    )
    .await
    .unwrap();
    assert_eq!(joined["technician"], "sam");
    assert_eq!(
        call(&sam, "workspace", json!({})).await.unwrap()["kind"],
        "team"
    );

    // Two sessions on the team's board, both active and Alex's.
    let channel = json!({ "view": { "kind": "channel", "id": "splashtop-1" } });
    let mut ids = Vec::new();
    for name in ["Dana Whitfield", "Lee Park"] {
        let s = alex.ok("create_session", front_desk(name)).await;
        end_user
            .end_user(s["code"].as_str().unwrap(), EndUserAction::Launch)
            .await
            .unwrap();
        ids.push(s["id"].as_str().unwrap().to_string());
    }
    alex.ok("sync_now", json!({})).await;
    let (first, second) = (ids[0].clone(), ids[1].clone());
    for id in &ids {
        alex.ok("release", json!({ "id": id })).await;
    }

    // Sam's board (the cache) has both in the queue, and his desktop heard of the release as
    // the change that notifies (SessionChanged, Active → InQueue).
    until(
        &sam,
        "list_sessions",
        channel.clone(),
        "the releases reach Sam's board",
        |list| {
            ids.iter()
                .all(|id| in_channel(list, id).is_some_and(|s| s["state"] == "in_queue"))
        },
    )
    .await;
    // The desktop's notifier shows it: entered the queue of a channel Sam is in.
    let shown = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Some(n) = notifier.shown().into_iter().find(|n| n.session_id == first) {
                return n;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("Sam's desktop notifies him of the release");
    assert!(shown.title.contains("Dana Whitfield"), "{}", shown.title);

    // Instance A dies: Sam's desktop is offline.
    a.child.start_kill().unwrap();
    a.child.wait().await.unwrap();
    until(
        &sam,
        "team_status",
        json!({}),
        "Sam's desktop sees it is offline",
        |s| s["online"] == false,
    )
    .await;

    // Meanwhile Alex closes the second session through B.
    alex.ok("take", json!({ "id": second })).await;
    alex.ok("close", json!({ "id": second, "comment": null }))
        .await;

    // Offline, Sam's board still reads, and takes both: applied here, queued for the team.
    let list = call(&sam, "list_sessions", channel.clone()).await.unwrap();
    assert!(
        in_channel(&list, &first).is_some(),
        "the board reads offline"
    );
    for id in [&first, &second] {
        let taken = call(&sam, "take", json!({ "id": id })).await.unwrap();
        assert_eq!(taken["assignee"], "sam");
    }
    let status = call(&sam, "team_status", json!({})).await.unwrap();
    assert_eq!(status["queued"].as_array().unwrap().len(), 2, "{status}");
    // Work that needs the server says so rather than pretending.
    let needs_server = call(&sam, "create_session", front_desk("Offline"))
        .await
        .unwrap_err();
    assert_eq!(needs_server.code, tether_core::ErrorCode::Disconnected);

    // A comes back where Sam's desktop expects it: the queue is replayed once.
    let _a = instance_on(&db.url, &sandbox.url(), dirs.0.path(), &a_bind).await;
    let status = until(&sam, "team_status", json!({}), "the replay finishes", |s| {
        s["online"] == true
            && s["queued"]
                .as_array()
                .is_some_and(|q| q.len() == 1 && !q[0]["refusal"].is_null())
    })
    .await;
    let refusal = &status["queued"][0]["refusal"];
    assert_eq!(refusal["code"], "illegal_transition", "{status}");

    // The team's board: the first is Sam's, taken once; the second stays closed, and Sam's
    // cache shows it closed again.
    let first_on_server = alex.ok("session_detail", json!({ "id": first })).await;
    assert_eq!(first_on_server["session"]["assignee"], "sam");
    let takes = first_on_server["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            h["actor"] == json!({ "kind": "technician", "id": "sam" }) || h["actor"] == "tech:sam"
        })
        .count();
    assert_eq!(takes, 1, "{}", first_on_server["history"]);
    until(
        &sam,
        "list_sessions",
        channel,
        "Sam's cache shows the server's truth",
        |list| {
            in_channel(list, &second).is_some_and(|s| s["state"] == "closed")
                && in_channel(list, &first).is_some_and(|s| s["assignee"] == "sam")
        },
    )
    .await;

    // The refusal read, Sam dismisses it; then he leaves the team for his own workspace.
    let id = status["queued"][0]["id"].as_u64().unwrap();
    let after = call(&sam, "dismiss_team_action", json!({ "id": id }))
        .await
        .unwrap();
    assert!(after["queued"].as_array().unwrap().is_empty());
    let solo = call(&sam, "leave_team", json!({})).await.unwrap();
    assert_eq!(solo["kind"], "real");
}
