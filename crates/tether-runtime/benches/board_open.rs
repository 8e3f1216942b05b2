//! Opening a channel's first screen (its tab counts and the first page of its list, as the
//! window asks for them) with 1,000, 10,000 and 100,000 cached sessions, against a bare
//! `SELECT` of the same page on the same file, measured alternately in one process. Prints
//! both and their ratio (target: nearly flat, and within 2×); the sidebar (`board`) too.
//!
//! cargo bench -p tether-runtime --bench board_open

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Duration as Age, Utc};
use tether_core::clock::SystemClock;
use tether_core::console::ConsoleOptions;
use tether_core::domain::{
    Actor, Channel, ChannelKind, ChannelRef, ChannelSettings, HistoryEntry, Permission, Session,
    SessionQuery, SessionState, Technician,
};
use tether_core::ports::Store;
use tether_core::secret::Secret;
use tether_core::Console;
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_store::SqliteStore;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const ROUNDS: usize = 30;

#[tokio::main]
async fn main() {
    println!("a channel's first screen (tab counts + first page of 100), median of {ROUNDS}");
    println!(
        "{:>9} | {:>14} | {:>14} | {:>7} | {:>16}",
        "sessions", "first screen", "bare SELECT", "ratio", "sidebar (board)"
    );
    for size in SIZES {
        run(size).await;
    }
}

async fn run(size: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("bench.sqlite"))
        .await
        .expect("store");
    seed(&store, size).await;
    let provider = SplashtopClient::new(
        SplashtopConfig {
            base_url: "http://127.0.0.1:9".into(),
            token: Secret::new("unused"),
            source_name: "bench".into(),
        },
        reqwest::Client::new(),
    );
    let console = Console::new(
        Arc::new(store.clone()),
        Arc::new(provider),
        Arc::new(SystemClock),
        ConsoleOptions {
            demo: false,
            actor_override: Some("alex".into()),
            ..ConsoleOptions::default()
        },
    );
    let view = ChannelRef::Channel("splashtop-1".into());

    let mut open = Vec::new();
    let mut bare = Vec::new();
    let mut sidebar = Vec::new();
    for round in 0..ROUNDS + 3 {
        let t = Instant::now();
        let page = console
            .sessions
            .session_page(&view, &SessionQuery::default())
            .await
            .expect("page");
        let took_open = t.elapsed();
        assert_eq!(page.sessions.len(), 100);
        assert_eq!(page.counts.total() as usize, size);

        let t = Instant::now();
        let rows = sqlx::query(
            "SELECT * FROM sessions WHERE channel_id = ? ORDER BY state_changed_at DESC, id LIMIT 100",
        )
        .bind("splashtop-1")
        .fetch_all(store.pool())
        .await
        .expect("bare select");
        let took_bare = t.elapsed();
        assert_eq!(rows.len(), 100);

        let t = Instant::now();
        let board = console.sessions.board().await.expect("board");
        let took_board = t.elapsed();
        assert_eq!(board.channels.len(), 3);
        if round >= 3 {
            open.push(took_open);
            bare.push(took_bare);
            sidebar.push(took_board);
        }
    }
    let (open, bare, sidebar) = (median(open), median(bare), median(sidebar));
    println!(
        "{size:>9} | {:>11.2} ms | {:>11.2} ms | {:>6.2}x | {:>13.2} ms",
        ms(open),
        ms(bare),
        ms(open) / ms(bare),
        ms(sidebar)
    );
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn seed(store: &SqliteStore, size: usize) {
    for id in ["alex", "sam"] {
        store
            .upsert_technician(&Technician {
                id: id.into(),
                name: id.into(),
                email: format!("{id}@bench.invalid"),
                can_release: true,
                available: true,
            })
            .await
            .expect("technician");
    }
    for (id, kind, pid) in [
        ("private", ChannelKind::Private, 0),
        ("splashtop-1", ChannelKind::Shared, 1),
    ] {
        store
            .upsert_channel(&Channel {
                id: id.into(),
                name: id.into(),
                kind,
                provider_channel_id: pid,
                settings: ChannelSettings {
                    session_timeout_minutes: 7 * 24 * 60,
                    ..Default::default()
                },
            })
            .await
            .expect("channel");
    }
    let now = Utc::now();
    for i in 0..size {
        let state = SessionState::ALL[i % 5];
        let at = now - Age::seconds(i as i64);
        let s = Session {
            id: uuid::Uuid::new_v4().to_string(),
            channel_id: "splashtop-1".into(),
            provider: "splashtop".into(),
            provider_session_id: (100_000 + i).to_string(),
            customer_name: format!("Customer {i}"),
            issue: "Cannot print to the second floor printer".into(),
            code: format!("{:09}", 100_000_000 + i),
            link: format!(
                "https://my.splashtop.com/service_desk/psa/{:09}",
                100_000_000 + i
            ),
            state,
            provider_status: "Online".into(),
            permission: Permission::NotRequested,
            assignee: (i % 3 == 0).then(|| "alex".to_string()),
            invited: if i % 7 == 0 {
                vec!["sam".into()]
            } else {
                vec![]
            },
            created_by: "alex".into(),
            created_at: at,
            updated_at: at,
            state_changed_at: at,
            ticket_id: None,
        };
        let h = HistoryEntry {
            at,
            actor: Actor::Technician("alex".into()),
            event: None,
            from: None,
            to: state,
            note: None,
        };
        store.insert_session(&s, &[h]).await.expect("session");
    }
}
