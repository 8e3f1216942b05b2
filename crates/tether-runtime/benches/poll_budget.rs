//! Polling 10, 100 and 1,000 open sessions against the sandbox within the default request
//! budget, on a simulated clock (twenty minutes of polling in seconds), against the
//! baseline of asking about every open session every round, counted by the same sandbox in
//! the same process. Prints requests a minute, the worst staleness of the sessions that can
//! change soon (fresh Pending) and of the rest, and the ratio to the baseline.
//!
//! cargo bench -p tether-runtime --bench poll_budget

use std::sync::Arc;

use chrono::{Duration, Utc};
use tether_core::clock::{Clock, ManualClock};
use tether_core::console::ConsoleOptions;
use tether_core::domain::{NewSession, Technician};
use tether_core::ports::{AttendedProvider, Store};
use tether_core::secret::Secret;
use tether_core::Console;
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_sandbox::{Sandbox, SandboxControl, SandboxOptions, DEMO_TOKEN};
use tether_store::SqliteStore;

const INTERVAL_SECS: i64 = 2;
const SIMULATED_MINUTES: i64 = 20;
/// One session in ten was created in the last minutes: it can change soon (for its first
/// 15 minutes, which is when its staleness is measured).
const HOT_SHARE: usize = 10;

#[tokio::main]
async fn main() {
    println!(
        "polling open sessions for {SIMULATED_MINUTES} simulated minutes, {INTERVAL_SECS} s interval, default budget"
    );
    println!(
        "{:>9} | {:>22} | {:>16} | {:>18} | {:>17}",
        "sessions", "baseline req/min", "budget req/min", "worst stale: hot", "worst stale: rest"
    );
    for n in [10, 100, 1_000] {
        run(n).await;
    }
}

async fn run(n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let sandbox = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox");
    let control = SandboxControl::new(&sandbox.url());
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let store = SqliteStore::open(&dir.path().join("poll.sqlite"))
        .await
        .expect("store");
    store
        .upsert_technician(&Technician {
            id: "alex".into(),
            name: "Alex".into(),
            email: "alex@bench.invalid".into(),
            can_release: true,
            available: true,
        })
        .await
        .expect("technician");
    let provider = Arc::new(SplashtopClient::new(
        SplashtopConfig {
            base_url: sandbox.url(),
            token: Secret::new(DEMO_TOKEN),
            source_name: "bench".into(),
        },
        tether_providers::http::client(),
    ));
    let console = Console::new(
        Arc::new(store.clone()),
        provider.clone(),
        clock.clone(),
        ConsoleOptions {
            demo: false,
            actor_override: Some("alex".into()),
            ..ConsoleOptions::default()
        },
    );
    console.sessions.sync_channels().await.expect("channels");
    let hot = n / HOT_SHARE;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        if i == n - hot {
            // The older ones are quiet Pending sessions by now.
            clock.advance(Duration::minutes(30));
        }
        let s = console
            .sessions
            .create_session(NewSession {
                channel_id: "splashtop-1".into(),
                customer_name: format!("Customer {i}"),
                issue: "Printer offline".into(),
                ticket_id: None,
            })
            .await
            .expect("session");
        ids.push(s.id);
    }
    let (quiet_ids, hot_ids) = ids.split_at(n - hot);

    // Baseline: one round that asks about every open session, as polling did before.
    let before = control.request_count().await.expect("count");
    for s in console
        .sessions
        .list_sessions(&tether_core::domain::ChannelRef::Channel(
            "splashtop-1".into(),
        ))
        .await
        .expect("list")
    {
        provider.fetch(&s.provider_session_id).await.expect("fetch");
    }
    let baseline_per_round = control.request_count().await.expect("count") - before;
    let baseline_per_minute = baseline_per_round as f64 * 60.0 / INTERVAL_SECS as f64;

    // Budgeted: the poller's own rounds and pace, the clock moved by each wait.
    let budget = console
        .sessions
        .board()
        .await
        .expect("board")
        .settings
        .poll_budget_per_minute;
    let start = clock.now();
    let before = control.request_count().await.expect("count");
    let (mut worst_hot, mut worst_quiet) = (0i64, 0i64);
    let mut round = 0u32;
    while clock.now() - start < Duration::minutes(SIMULATED_MINUTES) {
        let report = console.poller.poll_once().await.expect("round");
        let wait = tether_core::console::pace(&report, budget)
            .max(std::time::Duration::from_secs(INTERVAL_SECS as u64));
        clock.advance(Duration::from_std(wait).expect("wait"));
        round += 1;
        if round.is_multiple_of(15) {
            // A fresh Pending is hot for its first 15 minutes; after that it is one of the rest.
            if clock.now() - start < Duration::minutes(14) {
                worst_hot = worst_hot.max(stalest(&console, hot_ids, clock.now(), start).await);
            }
            worst_quiet = worst_quiet.max(stalest(&console, quiet_ids, clock.now(), start).await);
        }
    }
    let minutes = (clock.now() - start).num_milliseconds() as f64 / 60_000.0;
    let per_minute = (control.request_count().await.expect("count") - before) as f64 / minutes;
    println!(
        "{n:>9} | {baseline_per_minute:>22.0} | {per_minute:>9.0} ({:>4.2}x) | {:>16} s | {:>15} s",
        per_minute / baseline_per_minute,
        worst_hot,
        worst_quiet
    );
    drop(sandbox);
}

/// The longest any of `ids` has gone without a look, counting from `start` if never.
async fn stalest(
    console: &Console,
    ids: &[String],
    now: chrono::DateTime<Utc>,
    start: chrono::DateTime<Utc>,
) -> i64 {
    let mut worst = 0;
    for id in ids {
        let detail = console.sessions.session_detail(id).await.expect("detail");
        let at = detail.checked_at.unwrap_or(start).max(start);
        worst = worst.max((now - at).num_seconds());
    }
    worst
}
