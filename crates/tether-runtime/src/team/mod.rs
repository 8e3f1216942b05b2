//! A desktop in a team (DESIGN.md, *Solo and team workspaces*; SPEC issue 15). The team's
//! workspace lives on `tether-server`; this desktop keeps a cache of its board in a SQLite file
//! of its own (`team.sqlite`: the solo workspace is untouched), follows the server's change
//! feed into it, and sends actions to the server. While the server cannot be reached, the board
//! still opens and reads from the cache, and board actions are applied to the cache by the same
//! core and queued with an idempotency key; they are replayed once on reconnect, and one the
//! team's board no longer accepts (the session was taken meanwhile) is kept with the core's
//! refusal for the technician to read.

mod client;
mod follower;
mod membership;
mod replay;

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tether_core::domain::{QueuedAction, TeamStatus};
use tether_core::secret::Secret;
use tether_core::{Console, ErrorDto, Event};
use tether_store::SqliteStore;

pub use client::CallError;
use client::TeamClient;

/// The team cache's file, beside the solo workspace's.
pub(crate) const TEAM_DB: &str = "team.sqlite";
/// Which server, as whom (in the solo workspace's cache; the token is in the keychain).
pub(crate) const LINK_KEY: &str = "team.link";
/// The keychain entry of the technician's access token.
pub(crate) const TOKEN_KEY: &str = "team/token";
/// The last change of the feed applied to the cache (in the team cache).
const SEQ_KEY: &str = "team.seq";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Link {
    pub(crate) server: String,
    pub(crate) technician: String,
}

/// The open team workspace's connection to its server.
pub struct Team {
    pub(crate) link: Link,
    client: TeamClient,
    cache: SqliteStore,
    connection: Mutex<Connection>,
    /// One replay at a time, and no action queued while one runs.
    outbox_lock: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Connection {
    online: bool,
    problem: Option<String>,
}

impl Team {
    pub(crate) fn new(link: Link, token: Secret, cache: SqliteStore) -> Team {
        Team {
            client: TeamClient::new(&link.server, token),
            link,
            cache,
            connection: Mutex::new(Connection::default()),
            outbox_lock: tokio::sync::Mutex::new(()),
        }
    }

    /// Runs `command` on the server.
    pub async fn call(&self, command: &str, args: &Value) -> Result<Value, CallError> {
        let result = self.client.call(command, args, None).await;
        if let Err(CallError::Offline(why)) = &result {
            self.went_offline(why);
        }
        result
    }

    /// Keeps a board action taken offline (already applied to the cache) for the replay.
    pub async fn queue(&self, command: &str, args: &Value) -> Result<(), ErrorDto> {
        let _in_order = self.outbox_lock.lock().await;
        let summary = self.summary(command, args).await;
        let key = uuid::Uuid::new_v4().to_string();
        self.cache
            .queue_team_action(&key, command, args, &summary, chrono::Utc::now())
            .await
            .map_err(|e| ErrorDto::new(tether_core::ErrorCode::Store, e.to_string()))?;
        Ok(())
    }

    /// What an action was about, in words, for the list of queued actions.
    async fn summary(&self, command: &str, args: &Value) -> String {
        let verb = command.replace('_', " ");
        let id = args.get("id").and_then(Value::as_str).unwrap_or_default();
        match tether_core::ports::Store::session(&self.cache, id).await {
            Ok(Some(s)) => format!("{verb}: {}", s.customer_name),
            _ => verb,
        }
    }

    pub async fn status(&self) -> TeamStatus {
        let (online, problem) = {
            let c = self.connection.lock().unwrap_or_else(|p| p.into_inner());
            (c.online, c.problem.clone())
        };
        let queued = match self.cache.team_actions().await {
            Ok(actions) => actions
                .into_iter()
                .map(|a| QueuedAction {
                    id: u32::try_from(a.id).unwrap_or(u32::MAX),
                    command: a.command,
                    summary: a.summary,
                    queued_at: a.queued_at,
                    refusal: a.refusal.and_then(|r| serde_json::from_value(r).ok()),
                })
                .collect(),
            Err(e) => {
                tracing::error!("the team outbox cannot be read: {e}");
                Vec::new()
            }
        };
        TeamStatus {
            server: Some(self.link.server.clone()),
            technician: Some(self.link.technician.clone()),
            online,
            last_seq: self.last_seq().await,
            problem,
            queued,
        }
    }

    /// Forgets a queued action (a refusal read, or an action the technician gives up on).
    pub async fn dismiss(&self, id: u32) -> Result<(), ErrorDto> {
        self.cache
            .team_action_done(i64::from(id))
            .await
            .map_err(|e| ErrorDto::new(tether_core::ErrorCode::Store, e.to_string()))
    }

    async fn last_seq(&self) -> i64 {
        match tether_core::ports::Store::setting(&self.cache, SEQ_KEY).await {
            Ok(Some(v)) => v.parse().unwrap_or(0),
            _ => 0,
        }
    }

    async fn save_seq(&self, seq: i64) -> Result<(), String> {
        tether_core::ports::Store::set_setting(&self.cache, SEQ_KEY, &seq.to_string())
            .await
            .map_err(|e| e.to_string())
    }

    fn went_offline(&self, why: &str) {
        let mut c = self.connection.lock().unwrap_or_else(|p| p.into_inner());
        c.online = false;
        c.problem = Some(why.to_string());
    }

    fn came_online(&self) {
        let mut c = self.connection.lock().unwrap_or_else(|p| p.into_inner());
        c.online = true;
        c.problem = None;
    }

    fn announce(console: &Console) {
        console.announce(Event::TeamChanged);
    }
}
