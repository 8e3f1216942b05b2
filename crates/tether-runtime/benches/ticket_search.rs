//! Ticket search over 100,000 cached tickets through the console, against the bare indexed
//! (FTS5) query on the same file, measured alternately in one process. Prints the ratio
//! (target ≤ 3×), and a LIKE scan for scale.
//!
//! cargo bench -p tether-runtime --bench ticket_search

use std::sync::Arc;
use std::time::{Duration, Instant};

use tether_core::clock::SystemClock;
use tether_core::console::ConsoleOptions;
use tether_core::domain::TicketQuery;
use tether_core::secret::Secret;
use tether_core::Console;
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_store::SqliteStore;

const TICKETS: i64 = 100_000;
const ROUNDS: usize = 30;
const SEARCHES: [&str; 6] = [
    "printer",
    "north",
    "10423",
    "outlook pass",
    "maria",
    "vpn drop",
];

const SUBJECTS: [&str; 12] = [
    "Printer prints blank pages",
    "Outlook keeps asking for the password",
    "VPN drops every few minutes",
    "New starter needs a laptop",
    "Shared drive is read-only",
    "Teams camera not detected",
    "Password reset for the payroll system",
    "Wi-Fi slow on the second floor",
    "Scanner sends to the wrong folder",
    "Excel crashes when opening macros",
    "Phone will not sync email",
    "Backup job failed overnight",
];
const CUSTOMERS: [&str; 8] = [
    "Northwind Traders",
    "Contoso Dental",
    "Fabrikam Legal",
    "Adventure Works",
    "Tailspin Toys",
    "Wide World Importers",
    "Litware Inc",
    "Proseware",
];
const PEOPLE: [&str; 8] = [
    "Maria Anders",
    "Tom Hardy",
    "Ana Trujillo",
    "Lee Wong",
    "Hanna Moos",
    "Yang Wang",
    "Pedro Afonso",
    "Elizabeth Brown",
];

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("bench.sqlite"))
        .await
        .expect("store");
    let seeded = Instant::now();
    seed(&store).await;
    println!(
        "seeded {TICKETS} tickets (with their search index) in {:.1} s",
        seeded.elapsed().as_secs_f64()
    );
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
            actor_override: Some("alex".into()),
            ..ConsoleOptions::default()
        },
    );

    let (mut tether, mut bare, mut like) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS + 3 {
        for text in SEARCHES {
            let t = Instant::now();
            let found = console
                .desk
                .tickets(TicketQuery {
                    text: text.into(),
                    ..TicketQuery::default()
                })
                .await
                .expect("search");
            let took_tether = t.elapsed();
            assert!(!found.is_empty(), "{text}");

            let words: Vec<String> = text.split(' ').map(|w| format!("\"{w}\"*")).collect();
            let t = Instant::now();
            let rows = sqlx::query(
                "SELECT t.*, c.name FROM tickets_fts f JOIN tickets t ON t.number = f.rowid \
                 LEFT JOIN customers c ON c.id = t.customer_id WHERE tickets_fts MATCH ? \
                 ORDER BY f.rowid DESC LIMIT 500",
            )
            .bind(words.join(" "))
            .fetch_all(store.pool())
            .await
            .expect("bare query");
            let took_bare = t.elapsed();
            assert_eq!(rows.len(), found.len(), "{text}");

            let t = Instant::now();
            let first = text.split(' ').next().unwrap_or_default();
            let scanned = sqlx::query(
                "SELECT number FROM tickets WHERE subject LIKE ? OR end_user_name LIKE ? \
                 ORDER BY updated_at DESC LIMIT 500",
            )
            .bind(format!("%{first}%"))
            .bind(format!("%{first}%"))
            .fetch_all(store.pool())
            .await
            .expect("like scan");
            let took_like = t.elapsed();
            let _ = scanned;
            if round >= 3 {
                tether.push(took_tether);
                bare.push(took_bare);
                like.push(took_like);
            }
        }
    }
    let (tether, bare, like) = (median(tether), median(bare), median(like));
    let n = ROUNDS * SEARCHES.len();
    println!(
        "ticket search over {TICKETS} tickets: {SEARCHES:?} (at most 500 results, newest ticket first)"
    );
    println!(
        "  Tether search:          {:>8.2} ms (median of {n})",
        ms(tether)
    );
    println!(
        "  bare FTS5 query:        {:>8.2} ms (median of {n})",
        ms(bare)
    );
    println!(
        "  ratio:                  {:>8.2}x  (target <= 3x)",
        ms(tether) / ms(bare)
    );
    println!("  for scale, a LIKE scan: {:>8.2} ms", ms(like));
}

async fn seed(store: &SqliteStore) {
    let pool = store.pool();
    let mut tx = pool.begin().await.expect("tx");
    for (i, name) in CUSTOMERS.iter().enumerate() {
        sqlx::query("INSERT INTO customers (id, name) VALUES (?, ?)")
            .bind(format!("c{i}"))
            .bind(name)
            .execute(&mut *tx)
            .await
            .expect("customer");
    }
    let base = 1_763_715_600_000_i64;
    for n in 0..TICKETS {
        let person = PEOPLE[(n % 8) as usize];
        sqlx::query(
            "INSERT INTO tickets (number, id, subject, status, customer_id, end_user_name, \
                end_user_email, created_at, updated_at) VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)",
        )
        .bind(10_000 + n)
        .bind(format!("t{n}"))
        .bind(SUBJECTS[(n % 12) as usize])
        .bind(format!("c{}", (n / 7) % 8))
        .bind(person)
        .bind(format!(
            "{}@example.com",
            person.to_lowercase().replace(' ', ".")
        ))
        .bind(base + n * 1000)
        .bind(base + n * 1000)
        .execute(&mut *tx)
        .await
        .expect("ticket");
    }
    tx.commit().await.expect("commit");
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
