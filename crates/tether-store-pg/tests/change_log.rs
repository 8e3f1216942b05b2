//! The change log on a real PostgreSQL: numbered in commit order under concurrent writers
//! (a reader never skips a change that commits late), nothing logged for a rolled-back
//! change, and a follower that reconnects gets everything after its last change exactly
//! once, woken by another instance's NOTIFY.

use std::time::Duration;

use chrono::Utc;
use serde_json::json;
use tether_store_pg::{connect, ChangeLog, NewChange};

fn change(actor: &str, n: u32) -> NewChange {
    NewChange {
        actor: actor.into(),
        kind: "session_released".into(),
        payload: json!({ "session": format!("{actor}-{n}") }),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_make_a_reader_skip_a_change() {
    const WRITERS: u32 = 8;
    const EACH: u32 = 150;
    let db = tether_store_pg::test_support::database().await;
    let pool = connect(&db.url).await.unwrap();
    let log = ChangeLog::new(pool.clone());

    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let pool = pool.clone();
        writers.push(tokio::spawn(async move {
            for n in 0..EACH {
                let mut tx = pool.begin().await.unwrap();
                ChangeLog::append(&mut tx, &change(&format!("w{w}"), n), Utc::now())
                    .await
                    .unwrap();
                // Some commit late, after others that started later.
                if (w + n) % 3 == 0 {
                    tokio::time::sleep(Duration::from_millis(u64::from(n % 4))).await;
                }
                tx.commit().await.unwrap();
            }
        }));
    }

    // A reader that trusts "everything after the last one I saw", as a desktop does.
    let mut last = 0;
    let mut seen = Vec::new();
    let total = i64::from(WRITERS * EACH);
    while last < total {
        for c in log.since(last, 100).await.unwrap() {
            assert_eq!(c.seq, last + 1, "a gap: {} came after {last}", c.seq);
            last = c.seq;
            seen.push(c.payload["session"].as_str().unwrap().to_string());
        }
        tokio::task::yield_now().await;
    }
    for w in writers {
        w.await.unwrap();
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), (WRITERS * EACH) as usize, "every change once");
    assert_eq!(log.head().await.unwrap(), total);
}

#[tokio::test]
async fn a_change_rolled_back_is_not_in_the_log_and_takes_no_number() {
    let db = tether_store_pg::test_support::database().await;
    let pool = connect(&db.url).await.unwrap();
    let log = ChangeLog::new(pool.clone());
    let mut tx = pool.begin().await.unwrap();
    ChangeLog::append(&mut tx, &change("alex", 1), Utc::now())
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert!(log.since(0, 10).await.unwrap().is_empty());
    assert_eq!(log.record(&change("alex", 2), Utc::now()).await.unwrap(), 1);
}

#[tokio::test]
async fn a_follower_that_reconnects_gets_what_it_missed_once_and_is_woken_by_another_instance() {
    let db = tether_store_pg::test_support::database().await;
    let here = ChangeLog::new(connect(&db.url).await.unwrap());
    // A second server instance on the same database.
    let there = ChangeLog::new(connect(&db.url).await.unwrap());

    let mut desk = here.follow(0).await.unwrap();
    for n in 1..=3 {
        here.record(&change("alex", n), Utc::now()).await.unwrap();
    }
    let got: Vec<i64> = desk.next().await.unwrap().iter().map(|c| c.seq).collect();
    assert_eq!(got, [1, 2, 3]);

    // The desktop goes offline; the team goes on.
    let last = desk.last();
    drop(desk);
    for n in 4..=6 {
        there.record(&change("sam", n), Utc::now()).await.unwrap();
    }
    let mut desk = here.follow(last).await.unwrap();
    let got: Vec<i64> = desk.next().await.unwrap().iter().map(|c| c.seq).collect();
    assert_eq!(got, [4, 5, 6], "what it missed, once");

    // Nothing new: it waits, and the other instance's change wakes it.
    let waiting = tokio::spawn(async move { desk.next().await.unwrap() });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!waiting.is_finished(), "nothing to return yet");
    there.record(&change("sam", 7), Utc::now()).await.unwrap();
    let woken = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("woken by the NOTIFY")
        .unwrap();
    assert_eq!(woken.len(), 1);
    assert_eq!((woken[0].seq, woken[0].actor.as_str()), (7, "sam"));
}

#[tokio::test]
async fn a_wrong_address_says_so_without_the_password() {
    let e = connect("postgres://tether:hunter2@127.0.0.1:1/none")
        .await
        .expect_err("nothing listens on port 1");
    let text = e.to_string();
    assert!(text.starts_with("cannot reach the team database"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}
