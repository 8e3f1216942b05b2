//! A release by one technician, until it is on another technician's board: Alex's desktop
//! calls `release`; Sam's desktop, following the change feed over WebSocket, gets the change
//! and reads the session back (what its board does). Measured end to end on the real
//! `tether-server`, PostgreSQL and the Splashtop sandbox, against a baseline in the same
//! run: one command's plain round trip (`session_detail`). Prints p50 and p99 of both and
//! their ratio (target: p99 ≤ 1 s).
//!
//! cargo bench -p tether-server --bench release_latency   (RELEASE_ROUNDS, default 200)

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{json, Value};
use support::{front_desk, instance, technician, Desk};
use tether_sandbox::{EndUserAction, Sandbox, SandboxControl, SandboxOptions};

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::var("RELEASE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let db = tether_store_pg::test_support::database().await;
    let alex_token = technician(&db.url, "alex", true);
    let sam_token = technician(&db.url, "sam", true);
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let end_user = SandboxControl::new(&sandbox.url());
    let dir = tempfile::tempdir().unwrap();
    let server = instance(&db.url, &sandbox.url(), dir.path()).await;
    let http = reqwest::Client::new();
    let alex = Desk {
        http: http.clone(),
        url: server.url.clone(),
        token: alex_token,
    };
    let sam = Desk {
        http,
        url: server.url.clone(),
        token: sam_token,
    };
    alex.channels_synced().await;

    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(format!(
            "{}/api/changes/live?since=0",
            server.url.replace("http://", "ws://")
        ))
        .unwrap();
    request.headers_mut().insert(
        "authorization",
        format!("Bearer {}", sam.token).parse().unwrap(),
    );
    let (mut feed, _) = tokio_tungstenite::connect_async(request).await.unwrap();

    let mut release = Vec::with_capacity(rounds);
    let mut baseline = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let created = alex
            .ok("create_session", front_desk(&format!("Customer {i}")))
            .await;
        let id = created["id"].as_str().unwrap().to_string();
        end_user
            .end_user(created["code"].as_str().unwrap(), EndUserAction::Launch)
            .await
            .unwrap();
        alex.ok("sync_now", json!({})).await;

        let started = Instant::now();
        alex.session(&id).await;
        baseline.push(started.elapsed());

        let started = Instant::now();
        alex.ok("release", json!({ "id": id })).await;
        loop {
            let message = feed.next().await.unwrap().unwrap();
            let batch: Vec<Value> = serde_json::from_str(&message.into_text().unwrap()).unwrap();
            if batch.iter().any(|c| {
                c["kind"] == "session" && c["payload"]["id"] == id.as_str() && c["actor"] == "alex"
            }) {
                break;
            }
        }
        let on_sams_board = sam.session(&id).await;
        release.push(started.elapsed());
        assert_eq!(on_sams_board["state"], "in_queue");
        // Sam takes and closes it, so open sessions stay few and every round is alike.
        sam.ok("take", json!({ "id": id })).await;
        sam.ok("close", json!({ "id": id, "comment": null })).await;
    }
    let (r50, r99) = (percentile(&mut release, 50), percentile(&mut release, 99));
    let (b50, b99) = (percentile(&mut baseline, 50), percentile(&mut baseline, 99));
    println!("release → on the other technician's board, {rounds} rounds");
    println!("{:>34} | {:>9} | {:>9}", "", "p50", "p99");
    println!(
        "{:>34} | {:>9.1?} | {:>9.1?}",
        "release to the other board", r50, r99
    );
    println!(
        "{:>34} | {:>9.1?} | {:>9.1?}",
        "baseline: one command's round trip", b50, b99
    );
    println!(
        "{:>34} | {:>8.1}× | {:>8.1}×",
        "ratio",
        r50.as_secs_f64() / b50.as_secs_f64(),
        r99.as_secs_f64() / b99.as_secs_f64()
    );
    println!(
        "target p99 ≤ 1 s: {}",
        if r99 <= Duration::from_secs(1) {
            "met"
        } else {
            "NOT met"
        }
    );
}

fn percentile(samples: &mut [Duration], p: usize) -> Duration {
    samples.sort();
    let i = (samples.len() * p).div_ceil(100).saturating_sub(1);
    samples[i.min(samples.len() - 1)]
}
