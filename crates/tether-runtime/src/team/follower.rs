//! Keeps the team cache in step with the server: on each connection, the board (technicians,
//! channels), the outbox's replay, then every change after the last one applied, as it
//! commits. The first connection starts from a snapshot of the board instead of the whole
//! log. A lost connection is tried again, 1 s doubling to 30 s.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};
use tether_core::console::Board;
use tether_core::domain::{ChannelRef, Session, SessionDetail};
use tether_core::{Console, ErrorCode, Event};

use super::client::{CallError, Change};
use super::Team;

const FIRST_WAIT: Duration = Duration::from_secs(1);
const LONGEST_WAIT: Duration = Duration::from_secs(30);

impl Team {
    /// Follows the server until aborted (the workspace closing).
    pub(crate) fn spawn_follower(
        self: &Arc<Self>,
        console: Arc<Console>,
    ) -> tokio::task::JoinHandle<()> {
        let team = self.clone();
        tokio::spawn(async move {
            let mut wait = FIRST_WAIT;
            loop {
                let connected_at = std::time::Instant::now();
                let why = team.follow(&console).await;
                team.went_offline(&why);
                Team::announce(&console);
                tracing::info!("the team feed ended ({why}); trying again in {wait:?}");
                if connected_at.elapsed() > LONGEST_WAIT {
                    wait = FIRST_WAIT;
                }
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(LONGEST_WAIT);
            }
        })
    }

    /// One connection's life; returns why it ended.
    async fn follow(&self, console: &Console) -> String {
        let mut since = self.last_seq().await;
        if since == 0 {
            match self.snapshot(console).await {
                Ok(head) => since = head,
                Err(e) => return e,
            }
        }
        let mut feed = match self.client.follow(since).await {
            Ok(feed) => feed,
            Err(e) => return e,
        };
        self.came_online();
        Team::announce(console);
        if let Err(e) = self.refresh_board(console).await {
            return e;
        }
        self.replay(console).await;
        while let Some(batch) = feed.next().await {
            match batch {
                Ok(batch) => {
                    if let Err(e) = self.apply(console, &batch).await {
                        return e;
                    }
                }
                Err(e) => return e,
            }
        }
        "the server closed the feed".into()
    }

    /// Everything the board shows, for a desktop that has nothing yet; returns the feed's
    /// head taken before it, so a change made during the snapshot is applied after it.
    async fn snapshot(&self, console: &Console) -> Result<i64, String> {
        let head = self.client.head().await?;
        let board = self.refresh_board(console).await?;
        let mut views = vec![ChannelRef::Home, ChannelRef::Private];
        views.extend(
            board
                .channels
                .iter()
                .filter(|c| matches!(c.channel_ref, ChannelRef::Channel(_)))
                .map(|c| c.channel_ref.clone()),
        );
        let mut seen = BTreeSet::new();
        for view in views {
            let sessions: Vec<Session> =
                self.read("list_sessions", json!({ "view": view })).await?;
            for session in sessions {
                if seen.insert(session.id.clone()) {
                    self.mirror(console, session.id.clone()).await?;
                }
            }
        }
        self.save_seq(head).await?;
        Ok(head)
    }

    /// The technicians and channels, from the server's board.
    async fn refresh_board(&self, console: &Console) -> Result<Board, String> {
        let board: Board = self.read("board", json!({})).await?;
        console
            .settings
            .mirror_board(&board)
            .await
            .map_err(|e| e.to_string())?;
        Ok(board)
    }

    /// Applies a batch of the feed, then remembers its last number.
    async fn apply(&self, console: &Console, batch: &[Change]) -> Result<(), String> {
        let mut sessions = BTreeSet::new();
        let mut board = false;
        for change in batch {
            let id = change
                .payload
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match change.kind.as_str() {
                "session" => {
                    sessions.insert(id.to_string());
                }
                "channel" | "technician" | "mute" => board = true,
                "ticket" => console.announce(Event::TicketChanged {
                    ticket_id: id.to_string(),
                }),
                "asset" => console.announce(Event::AssetChanged {
                    asset_id: id.to_string(),
                }),
                "customer" | "team" | "ticket_type" | "asset_type" => {
                    console.announce(Event::DeskChanged)
                }
                _ => {}
            }
        }
        if board {
            self.refresh_board(console).await?;
        }
        for id in sessions {
            self.mirror(console, id).await?;
        }
        if let Some(last) = batch.last() {
            self.save_seq(last.seq).await?;
        }
        Ok(())
    }

    /// The session as the server has it now, into the cache; gone (or no longer this
    /// technician's to see) leaves the cache too.
    pub(crate) async fn mirror(&self, console: &Console, id: String) -> Result<(), String> {
        match self
            .client
            .call("session_detail", &json!({ "id": id }), None)
            .await
        {
            Ok(detail) => {
                let detail: SessionDetail = serde_json::from_value(detail)
                    .map_err(|e| format!("the server's session is unreadable: {e}"))?;
                // A local write (an action applied offline) may land in between: read again.
                let mut tries = 0;
                loop {
                    match console
                        .sessions
                        .mirror(detail.session.clone(), detail.history.clone())
                        .await
                    {
                        Err(e) if e.code() == ErrorCode::Conflict && tries < 3 => tries += 1,
                        other => return other.map_err(|e| e.to_string()),
                    }
                }
            }
            Err(CallError::Refused(e))
                if matches!(e.code, ErrorCode::NotFound | ErrorCode::Forbidden) =>
            {
                console
                    .sessions
                    .mirror_deleted(&id)
                    .await
                    .map_err(|e| e.to_string())
            }
            Err(CallError::Refused(e)) => Err(e.message),
            Err(CallError::Offline(why)) => Err(why),
        }
    }

    async fn read<T: serde::de::DeserializeOwned>(
        &self,
        command: &str,
        args: Value,
    ) -> Result<T, String> {
        let value = self
            .client
            .call(command, &args, None)
            .await
            .map_err(|e| e.into_dto().message)?;
        serde_json::from_value(value)
            .map_err(|e| format!("the server's {command} is unreadable: {e}"))
    }
}
