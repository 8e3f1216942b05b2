//! A busy team on one server instance, bounded and on loopback: LOAD_TECHNICIANS (1,000)
//! technicians' desktops connected to the change feed, each with its own token, while
//! LOAD_CHANGES (100,000) session changes are written at a working day's pace compressed into
//! LOAD_SECONDS (100 s). The changes go straight into the change log the way the store's
//! writes do (one transaction each), so this measures the fan-out, not the providers.
//! Prints the fan-out latency (commit → on a desktop, p50 and p99) against a baseline in the
//! same run (one desktop connected, 1,000 changes), every desktop's count (nothing missed,
//! nothing twice), the server's CPU and peak memory, and PostgreSQL's size.
//!
//! cargo bench -p tether-server --bench team_load

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde::Deserialize;
use support::instance;
use tether_store_pg::{connect, AccessTokens, ChangeLog, NewChange, TeamTechnician};
use tokio::sync::Mutex;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Deserialize)]
struct Seen {
    seq: i64,
    at: chrono::DateTime<chrono::Utc>,
}

struct Desktop {
    received: u64,
    in_order: bool,
    last: i64,
    /// Microseconds from commit to arrival, for the changes this desktop samples.
    latencies: Vec<u64>,
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let technicians = env("LOAD_TECHNICIANS", 1000) as usize;
    let changes = env("LOAD_CHANGES", 100_000);
    let seconds = env("LOAD_SECONDS", 100);
    let db = tether_store_pg::test_support::database().await;
    let pool = connect(&db.url).await.unwrap();
    let tokens = AccessTokens::new(pool.clone());
    let mut issued = Vec::with_capacity(technicians);
    for i in 0..technicians {
        let id = format!("tech{i:04}");
        tokens
            .add_technician(
                &TeamTechnician {
                    id: id.clone(),
                    name: id.clone(),
                    email: format!("{id}@msp.example"),
                    can_release: true,
                },
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        let token = tokens.issue(&id, "load", chrono::Utc::now()).await.unwrap();
        issued.push(token.token.expose().to_string());
    }
    let sandbox = tether_sandbox::Sandbox::start(tether_sandbox::SandboxOptions::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = instance(&db.url, &sandbox.url(), dir.path()).await;
    let pid = server.child.id().unwrap();
    let log = ChangeLog::new(pool.clone());

    // Baseline: one desktop, 1,000 changes at the same pace.
    let pace = Duration::from_secs_f64(seconds as f64 / changes as f64);
    let (base, _) = run(&server.url, &issued[..1], &log, 1000, pace, 1).await;
    let (base50, base99) = percentiles(base);

    let cpu_before = cpu_ticks(pid);
    let started = Instant::now();
    let (loaded, desktops) = run(&server.url, &issued, &log, changes, pace, 100).await;
    let wall = started.elapsed();
    let cpu = (cpu_ticks(pid) - cpu_before) as f64 / 100.0;
    let (load50, load99) = percentiles(loaded);
    let complete = desktops
        .iter()
        .filter(|d| d.received == changes && d.in_order)
        .count();
    let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&pool)
        .await
        .unwrap();

    println!(
        "team load: {technicians} desktops on the change feed, {changes} session changes in {:.0} s",
        wall.as_secs_f64()
    );
    println!("{:>40} | {:>9} | {:>9}", "", "p50", "p99");
    println!(
        "{:>40} | {:>7.1}ms | {:>7.1}ms",
        "fan-out, commit → desktop (under load)",
        load50 as f64 / 1000.0,
        load99 as f64 / 1000.0
    );
    println!(
        "{:>40} | {:>7.1}ms | {:>7.1}ms",
        "baseline: one desktop",
        base50 as f64 / 1000.0,
        base99 as f64 / 1000.0
    );
    println!(
        "{:>40} | {:>8.1}× | {:>8.1}×",
        "ratio",
        load50 as f64 / base50.max(1) as f64,
        load99 as f64 / base99.max(1) as f64
    );
    println!("desktops that got every change once, in order: {complete} of {technicians}");
    println!(
        "server: {:.1} s of CPU ({:.0}% of one core), peak memory {} MiB",
        cpu,
        100.0 * cpu / wall.as_secs_f64(),
        peak_memory_kib(pid) / 1024
    );
    println!("PostgreSQL database: {} MiB", size / (1024 * 1024));
}

/// Connects `tokens.len()` desktops, writes `count` changes `pace` apart, and returns the
/// sampled latencies (each desktop samples one change in `sample`) and each desktop's tally.
async fn run(
    url: &str,
    tokens: &[String],
    log: &ChangeLog,
    count: u64,
    pace: Duration,
    sample: i64,
) -> (Vec<u64>, Vec<Desktop>) {
    let from = log.head().await.unwrap();
    let until = from + count as i64;
    let mut clients = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let mut request =
            tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
                format!(
                    "{}/api/changes/live?since={from}",
                    url.replace("http://", "ws://")
                ),
            )
            .unwrap();
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        let desktop = Arc::new(Mutex::new(Desktop {
            received: 0,
            in_order: true,
            last: from,
            latencies: Vec::new(),
        }));
        let tally = desktop.clone();
        let mine = i as i64 % sample;
        clients.push((
            desktop,
            tokio::spawn(async move {
                while let Some(Ok(message)) = socket.next().await {
                    let Ok(text) = message.into_text() else {
                        continue;
                    };
                    let Ok(batch) = serde_json::from_str::<Vec<Seen>>(&text) else {
                        continue;
                    };
                    let now = chrono::Utc::now();
                    let mut d = tally.lock().await;
                    for c in batch {
                        d.in_order &= c.seq == d.last + 1;
                        d.last = c.seq;
                        d.received += 1;
                        if c.seq % sample == mine {
                            d.latencies
                                .push((now - c.at).num_microseconds().unwrap_or(0).max(0) as u64);
                        }
                    }
                    if d.last >= until {
                        return;
                    }
                }
            }),
        ));
    }
    let writer = log.clone();
    let write = tokio::spawn(async move {
        let started = Instant::now();
        for i in 0..count {
            let due = started + pace * i as u32;
            tokio::time::sleep_until(due.into()).await;
            writer
                .record(
                    &NewChange {
                        actor: format!("tech{:04}", i % 1000),
                        kind: "session".into(),
                        payload: serde_json::json!({ "id": format!("s{i}") }),
                    },
                    chrono::Utc::now(),
                )
                .await
                .unwrap();
        }
    });
    write.await.unwrap();
    let mut latencies = Vec::new();
    let mut desktops = Vec::new();
    for (desktop, task) in clients {
        let _ = tokio::time::timeout(Duration::from_secs(60), task).await;
        let d = Arc::try_unwrap(desktop)
            .ok()
            .map(Mutex::into_inner)
            .unwrap_or(Desktop {
                received: 0,
                in_order: false,
                last: 0,
                latencies: Vec::new(),
            });
        latencies.extend_from_slice(&d.latencies);
        desktops.push(d);
    }
    (latencies, desktops)
}

fn percentiles(mut samples: Vec<u64>) -> (u64, u64) {
    samples.sort_unstable();
    let at = |p: usize| samples[(samples.len() * p / 100).min(samples.len() - 1)];
    (at(50), at(99))
}

/// utime + stime of `pid`, in clock ticks (100 a second on Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

fn peak_memory_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}
