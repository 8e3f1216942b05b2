//! A team on one server: two technicians' desktops (here, their HTTP calls with their own
//! tokens) share one board stored in PostgreSQL; a release by one reaches the other's live
//! feed; a conflicting action is the core's refusal; and when the instance that polls dies,
//! another takes the job and no session update is lost. Everything is real: the
//! `tether-server` binary, PostgreSQL, the Splashtop sandbox over HTTP.

mod support;

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};
use support::{admin, front_desk, instance, technician, Desk};
use tether_sandbox::{EndUserAction, Sandbox, SandboxControl, SandboxOptions};

#[tokio::test]
async fn a_release_by_one_technician_reaches_the_others_board_and_live_feed() {
    let db = tether_store_pg::test_support::database().await;
    let alex_token = technician(&db.url, "alex", true);
    let sam_token = technician(&db.url, "sam", true);
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = instance(&db.url, &sandbox.url(), dir.path()).await;
    let http = reqwest::Client::new();
    let alex = Desk {
        http: http.clone(),
        url: server.url.clone(),
        token: alex_token,
    };
    let sam = Desk {
        http: http.clone(),
        url: server.url.clone(),
        token: sam_token,
    };

    // Each token is its technician: one board, two people at it.
    assert_eq!(alex.ok("board", json!({})).await["me"]["id"], "alex");
    assert_eq!(sam.ok("board", json!({})).await["me"]["id"], "sam");

    // Sam's desktop follows the feed from now.
    let head = sam
        .http
        .get(format!("{}/api/changes", server.url))
        .bearer_auth(&sam.token)
        .send()
        .await
        .unwrap();
    let head: Value = head.json().await.unwrap();
    let ws_url = format!(
        "{}/api/changes/live?since={}",
        server.url.replace("http://", "ws://"),
        head["head"]
    );
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(ws_url)
            .unwrap();
    request.headers_mut().insert(
        "authorization",
        format!("Bearer {}", sam.token).parse().unwrap(),
    );
    let (mut feed, _) = tokio_tungstenite::connect_async(request).await.unwrap();

    alex.ok("sync_now", json!({})).await;
    let created = alex
        .ok("create_session", front_desk("Dana Whitfield"))
        .await;
    let id = created["id"].as_str().unwrap().to_string();
    SandboxControl::new(&sandbox.url())
        .end_user(created["code"].as_str().unwrap(), EndUserAction::Launch)
        .await
        .unwrap();
    alex.ok("sync_now", json!({})).await;
    assert_eq!(alex.session(&id).await["state"], "active");

    alex.ok("release", json!({ "id": id })).await;

    // The release is on Sam's feed, said by Alex, and on Sam's board.
    let released = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(Ok(message)) = feed.next().await {
            let text = message.into_text().unwrap();
            let batch: Vec<Value> = serde_json::from_str(&text).unwrap();
            if let Some(c) = batch.iter().find(|c| {
                c["kind"] == "session" && c["payload"]["id"] == id.as_str() && c["actor"] == "alex"
            }) {
                return c.clone();
            }
        }
        panic!("the feed closed");
    })
    .await
    .expect("the release reaches the other desktop's feed");
    assert!(released["seq"].as_i64().unwrap() > head["head"].as_i64().unwrap());
    assert_eq!(sam.session(&id).await["state"], "in_queue");

    // Sam, whose board still showed it active a moment ago, releases it too: the core refuses
    // (it is in the queue already) and nothing is overwritten.
    let refused = sam.call("release", json!({ "id": id })).await.unwrap_err();
    assert_eq!(refused["code"], "illegal_transition", "{refused}");
    assert_eq!(alex.session(&id).await["state"], "in_queue");
    let taken = sam.ok("take", json!({ "id": id })).await;
    assert_eq!(taken["assignee"], "sam");

    // The server is the team's: a technician cannot make it join another.
    let refused = alex
        .call(
            "join_team",
            json!({ "join": { "server": "https://elsewhere.example", "token": "t" } }),
        )
        .await
        .unwrap_err();
    assert_eq!(refused["code"], "invalid_input", "{refused}");

    // A revoked token signs nobody in.
    let token_id = admin(&db.url, &["technician", "tokens", "sam"]);
    let token_id = token_id.split('\t').next().unwrap().to_string();
    admin(&db.url, &["technician", "revoke", &token_id]);
    let signed_out = sam.call("board", json!({})).await.unwrap_err();
    assert_eq!(signed_out["code"], "unauthenticated");
}

#[tokio::test]
async fn when_the_polling_instance_dies_another_takes_over_and_no_update_is_lost() {
    let db = tether_store_pg::test_support::database().await;
    let token = technician(&db.url, "alex", true);
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut first = instance(&db.url, &sandbox.url(), dirs.0.path()).await;
    assert!(
        first
            .logged("polls for the team", Duration::from_secs(20))
            .await,
        "the first instance takes the poller job"
    );
    let mut second = instance(&db.url, &sandbox.url(), dirs.1.path()).await;
    let alex = Desk {
        http: reqwest::Client::new(),
        url: second.url.clone(),
        token,
    };
    let created = alex
        .ok("create_session", front_desk("Dana Whitfield"))
        .await;
    let id = created["id"].as_str().unwrap().to_string();

    // The poller's instance dies mid-day, without a word.
    first.child.start_kill().unwrap();
    first.child.wait().await.unwrap();
    assert!(
        second
            .logged("polls for the team", Duration::from_secs(15))
            .await,
        "the second instance takes the job within seconds"
    );

    // The end user launches; only a poller can see it, and nobody calls sync_now.
    SandboxControl::new(&sandbox.url())
        .end_user(created["code"].as_str().unwrap(), EndUserAction::Launch)
        .await
        .unwrap();
    let active = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            let s = alex.session(&id).await;
            if s["state"] == "active" {
                return s;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await
    .expect("the new poller sees the launch");
    assert_eq!(active["assignee"], "alex");

    // Exactly one `created` entry and one launch in the history: nothing doubled.
    let detail = alex.ok("session_detail", json!({ "id": id })).await;
    let history = detail["history"].as_array().unwrap();
    let to_active = history.iter().filter(|h| h["to"] == "active").count();
    assert_eq!(to_active, 1, "{history:?}");
}

#[tokio::test]
async fn an_action_sent_again_under_its_key_is_answered_again_not_done_twice() {
    let db = tether_store_pg::test_support::database().await;
    let token = technician(&db.url, "alex", true);
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = instance(&db.url, &sandbox.url(), dir.path()).await;
    let http = reqwest::Client::new();
    let create = |key: &'static str| {
        http.post(format!("{}/api/create_ticket", server.url))
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
            .json(&json!({ "ticket": { "subject": "Printer offline" } }))
            .send()
    };
    let first: Value = create("replay-1").await.unwrap().json().await.unwrap();
    // The answer was lost on the way; the desktop sends the same action again.
    let again: Value = create("replay-1").await.unwrap().json().await.unwrap();
    assert_eq!(first, again, "the same answer, from the first attempt");
    let other: Value = create("replay-2").await.unwrap().json().await.unwrap();
    assert_ne!(first, other, "another key is another action");

    let alex = Desk {
        http: http.clone(),
        url: server.url.clone(),
        token: token.clone(),
    };
    let tickets = alex.ok("tickets", json!({ "query": {} })).await;
    assert_eq!(tickets.as_array().unwrap().len(), 2, "{tickets}");

    // A key given to another command is refused rather than answered with the wrong thing.
    let reused = http
        .post(format!("{}/api/add_technician", server.url))
        .bearer_auth(&token)
        .header("Idempotency-Key", "replay-1")
        .json(&json!({ "technician": { "id": "x", "name": "X", "email": "x@msp.example", "can_release": true } }))
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), 400);
}
