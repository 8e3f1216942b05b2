//! One instance polls for the team: the providers' pollers, the mail worker, the intake's
//! reconciliation and Syncro's rounds run only on the instance holding the `poller` lock
//! (a PostgreSQL advisory lock on a connection of its own). When that instance dies, its
//! connection goes and the lock with it; another instance takes the job on its next try.

use std::sync::Arc;
use std::time::Duration;

use tether_runtime::Runtime;
use tether_store_pg::JobLocks;

pub const JOB: &str = "poller";

/// How often a follower tries to take the job, and the leader checks it still has it: the
/// bound on how long the team goes unpolled after an instance dies.
const EVERY: Duration = Duration::from_secs(1);

/// Runs for the life of the server.
pub fn run(runtime: Arc<Runtime>, locks: JobLocks) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match locks.try_lead(JOB).await {
                Ok(Some(mut leading)) => {
                    tracing::info!("this instance polls for the team");
                    runtime.start_background(None);
                    while leading.still_leading().await {
                        tokio::time::sleep(EVERY).await;
                    }
                    // Another instance may already have the job: stop at once.
                    runtime.stop_background();
                    tracing::warn!("this instance lost the poller job; another takes it");
                }
                Ok(None) => {}
                Err(e) => tracing::warn!("cannot ask for the poller job: {e}"),
            }
            tokio::time::sleep(EVERY).await;
        }
    })
}
