//! One instance runs each team job: the advisory lock on a real PostgreSQL. A second instance
//! cannot take a job that is held, takes it within moments of the leader dying, and a leader
//! whose session was cut knows it no longer leads.

use std::time::{Duration, Instant};

use tether_store_pg::{connect, JobLocks};

#[tokio::test]
async fn one_instance_runs_a_job_and_another_takes_over_when_it_dies() {
    let db = tether_store_pg::test_support::database().await;
    let admin = connect(&db.url).await.unwrap();
    let first = JobLocks::new(&db.url).unwrap();
    let second = JobLocks::new(&db.url).unwrap();

    let mut leader = first
        .try_lead("poll:splashtop")
        .await
        .unwrap()
        .expect("free");
    assert!(leader.still_leading().await);
    assert!(
        second.try_lead("poll:splashtop").await.unwrap().is_none(),
        "held by the first instance"
    );
    let mut other_job = second
        .try_lead("mail")
        .await
        .unwrap()
        .expect("another job is free");
    assert!(other_job.still_leading().await);

    // The first instance dies: its database session ends (as when its process is killed).
    sqlx::query("SELECT pg_terminate_backend($1)")
        .bind(leader.backend_pid())
        .execute(&admin)
        .await
        .unwrap();
    assert!(!leader.still_leading().await, "a cut leader knows it");

    let started = Instant::now();
    let mut successor = loop {
        if let Some(l) = second.try_lead("poll:splashtop").await.unwrap() {
            break l;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "nobody took the job over"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(successor.still_leading().await);

    // Stepping down hands it over at once.
    successor.step_down().await;
    assert!(first.try_lead("poll:splashtop").await.unwrap().is_some());
}
