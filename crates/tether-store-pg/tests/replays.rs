//! Idempotency keys on a real PostgreSQL: the first attempt runs, a replay gets its answer,
//! a key reused for another command is refused, an attempt a dead instance never answered is
//! run again once, and keys are each technician's own.

use serde_json::json;
use tether_core::ports::{Replay, ReplayLog};
use tether_store_pg::{connect, Replays};

#[tokio::test]
async fn a_replayed_action_gets_the_first_answer_and_runs_once() {
    let db = tether_store_pg::test_support::database().await;
    let pool = connect(&db.url).await.unwrap();
    let replays = Replays::new(pool.clone());
    assert_eq!(
        replays.begin("sam", "k1", "take").await.unwrap(),
        Replay::Run
    );
    // A second attempt while the first still runs is told to wait, not run.
    assert_eq!(
        replays.begin("sam", "k1", "take").await.unwrap(),
        Replay::Running
    );
    replays
        .finish("sam", "k1", 409, &json!({ "code": "illegal_transition" }))
        .await
        .unwrap();
    assert_eq!(
        replays.begin("sam", "k1", "take").await.unwrap(),
        Replay::Answered {
            status: 409,
            body: json!({ "code": "illegal_transition" })
        }
    );
    assert_eq!(
        replays.begin("sam", "k1", "release").await.unwrap(),
        Replay::Mismatch {
            command: "take".into()
        }
    );
    // Another technician's key of the same name is theirs.
    assert_eq!(
        replays.begin("alex", "k1", "take").await.unwrap(),
        Replay::Run
    );
    // An attempt whose instance died before answering is run again once it is old enough
    // to be dead, and by one replay only.
    assert_eq!(
        replays.begin("sam", "k2", "close").await.unwrap(),
        Replay::Run
    );
    assert_eq!(
        replays.begin("sam", "k2", "close").await.unwrap(),
        Replay::Running
    );
    sqlx::query("UPDATE replays SET created_at = now() - interval '6 minutes' WHERE key = 'k2'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        replays.begin("sam", "k2", "close").await.unwrap(),
        Replay::Run
    );
    assert_eq!(
        replays.begin("sam", "k2", "close").await.unwrap(),
        Replay::Running
    );
}
