//! Answers kept by idempotency key (a team server): a desktop that was offline replays its
//! queued actions, each with the key it gave it when queued; an action whose answer was lost
//! on the way is answered again from here, not done twice. Keys are each technician's own.

use async_trait::async_trait;

use super::store_error::StoreResult;

/// What to do with an action sent under a key.
#[derive(Clone, Debug, PartialEq)]
pub enum Replay {
    /// First time: run it, then `finish`.
    Run,
    /// Already answered: this is the answer (an HTTP status and its JSON body).
    Answered {
        status: u16,
        body: serde_json::Value,
    },
    /// The first attempt is still running; the desktop tries again later. One that never
    /// answered (its server died mid-way) is run again once it is old enough to be dead.
    Running,
    /// The key was given to another command: a desktop's mistake, refused.
    Mismatch { command: String },
}

#[async_trait]
pub trait ReplayLog: Send + Sync {
    async fn begin(&self, technician: &str, key: &str, command: &str) -> StoreResult<Replay>;
    async fn finish(
        &self,
        technician: &str,
        key: &str,
        status: u16,
        body: &serde_json::Value,
    ) -> StoreResult<()>;
}
