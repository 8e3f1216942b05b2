//! Live updates for desktops: the change log over HTTP and WebSocket.
//! - `GET /api/changes?since=N` — the changes after N (at most 1,000) and the head, for a
//!   desktop catching up;
//! - `GET /api/changes/live?since=N` — a WebSocket: the changes after N, then each new one as it
//!   commits, as JSON arrays of `Change`. A desktop that reconnects asks from the last `seq` it
//!   applied, so nothing is missed or applied twice.
//!
//! One follower per server instance listens to PostgreSQL and fans batches out to every socket;
//! a socket that falls behind (or sees a gap) reads the table instead. Sequence numbers have no
//! gaps, which is how a socket knows it missed something.

use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use tether_store_pg::{Change, ChangeLog};
use tokio::sync::broadcast;

/// The most changes one answer or one message carries.
const PAGE: i64 = 1000;

#[derive(Clone)]
pub struct Feed {
    log: ChangeLog,
    batches: broadcast::Sender<Arc<Vec<Change>>>,
}

impl Feed {
    /// Starts following the log from its head now.
    pub async fn start(log: ChangeLog) -> Result<Feed, String> {
        let (batches, _) = broadcast::channel(256);
        let head = log.head().await.map_err(|e| e.to_string())?;
        let mut follower = log.follow(head).await.map_err(|e| e.to_string())?;
        let sender = batches.clone();
        tokio::spawn(async move {
            loop {
                match follower.next().await {
                    Ok(batch) => {
                        let _ = sender.send(Arc::new(batch));
                    }
                    Err(e) => {
                        // Sockets see the gap on the next batch and read the table.
                        tracing::warn!("the change feed lost PostgreSQL: {e}; retrying");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(Feed { log, batches })
    }

    pub fn routes(self) -> Router {
        Router::new()
            .route("/api/changes", get(page))
            .route("/api/changes/live", get(live))
            .with_state(self)
    }
}

#[derive(Deserialize)]
struct Since {
    #[serde(default)]
    since: i64,
}

#[derive(serde::Serialize)]
struct ChangePage {
    head: i64,
    changes: Vec<Change>,
}

async fn page(State(feed): State<Feed>, Query(q): Query<Since>) -> Response {
    let read = async {
        let head = feed.log.head().await?;
        let changes = feed.log.since(q.since, PAGE).await?;
        Ok::<_, tether_store_pg::PgError>(ChangePage { head, changes })
    };
    match read.await {
        Ok(page) => Json(page).into_response(),
        Err(e) => unavailable(&e.to_string()),
    }
}

fn unavailable(why: &str) -> Response {
    let error = tether_core::ErrorDto::new(
        tether_core::ErrorCode::Store,
        format!("the team database cannot be read now: {why}"),
    );
    (tether_http::status_of(error.code), Json(error)).into_response()
}

async fn live(
    State(feed): State<Feed>,
    Query(q): Query<Since>,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade.on_upgrade(move |socket| follow(feed, socket, q.since))
}

/// Sends everything after `last`, then each new batch, until the desktop goes away.
async fn follow(feed: Feed, mut socket: WebSocket, mut last: i64) {
    // Subscribed before the catch-up read: a change committed in between arrives either way,
    // and the `seq` check drops the copy.
    let mut batches = feed.batches.subscribe();
    if catch_up(&feed.log, &mut socket, &mut last).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            batch = batches.recv() => {
                let fresh: Vec<Change> = match batch {
                    Ok(batch) => batch.iter().filter(|c| c.seq > last).cloned().collect(),
                    Err(broadcast::error::RecvError::Lagged(_)) => Vec::new(),
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                let gap = fresh.first().is_some_and(|c| c.seq != last + 1);
                if gap || fresh.is_empty() {
                    if catch_up(&feed.log, &mut socket, &mut last).await.is_err() {
                        return;
                    }
                    continue;
                }
                if send(&mut socket, &fresh, &mut last).await.is_err() {
                    return;
                }
            }
            incoming = socket.recv() => match incoming {
                // The desktop says nothing but pings; a close or an error ends it.
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

async fn catch_up(log: &ChangeLog, socket: &mut WebSocket, last: &mut i64) -> Result<(), ()> {
    loop {
        let batch = log.since(*last, PAGE).await.map_err(|e| {
            tracing::warn!("a desktop's catch-up failed: {e}");
        })?;
        if batch.is_empty() {
            return Ok(());
        }
        send(socket, &batch, last).await?;
    }
}

async fn send(socket: &mut WebSocket, batch: &[Change], last: &mut i64) -> Result<(), ()> {
    let text = serde_json::to_string(batch).map_err(|_| ())?;
    socket
        .send(Message::Text(text.into()))
        .await
        .map_err(|_| ())?;
    if let Some(newest) = batch.last() {
        *last = newest.seq;
    }
    Ok(())
}
