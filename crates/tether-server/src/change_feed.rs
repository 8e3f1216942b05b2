//! Live updates for desktops: the change log over HTTP and WebSocket.
//! - `GET /api/changes?since=N` — the changes after N (at most 1,000) and the head, for a
//!   desktop catching up;
//! - `GET /api/changes/live?since=N` — a WebSocket: the changes after N, then each new one as it
//!   commits, as JSON arrays of `Change`. A desktop that reconnects asks from the last `seq` it
//!   applied, so nothing is missed or applied twice.
//!
//! One follower per server instance listens to PostgreSQL and fans batches out to every socket,
//! each batch written as JSON once; a socket that falls behind (or sees a gap) reads the table
//! instead. Sequence numbers have no gaps, which is how a socket knows it missed something.

use std::sync::Arc;

use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use tether_store_pg::{Change, ChangeLog};
use tokio::sync::broadcast;

/// The most changes one answer or one message carries.
const PAGE: i64 = 1000;

/// After a batch goes out, the follower waits this long before it reads again, so a busy
/// team's changes go out in batches of many rather than one message per change per desktop
/// (the sends, not the reads, are what a thousand desktops cost). A quiet desk's change still
/// goes out at once.
const GATHER: std::time::Duration = std::time::Duration::from_millis(25);

#[derive(Clone)]
pub struct Feed {
    log: ChangeLog,
    batches: broadcast::Sender<Arc<Batch>>,
}

/// A batch as every socket sends it: written as JSON once, not once per desktop, and shared
/// by reference (a clone of `Utf8Bytes` copies no text).
struct Batch {
    first: i64,
    last: i64,
    changes: Vec<Change>,
    json: Utf8Bytes,
}

impl Batch {
    fn new(changes: Vec<Change>) -> Option<Batch> {
        let first = changes.first()?.seq;
        let last = changes.last()?.seq;
        let json = serde_json::to_string(&changes).ok()?.into();
        Some(Batch {
            first,
            last,
            changes,
            json,
        })
    }
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
                    Ok(changes) => {
                        if let Some(batch) = Batch::new(changes) {
                            let _ = sender.send(Arc::new(batch));
                        }
                        tokio::time::sleep(GATHER).await;
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
                let batch = match batch {
                    Ok(batch) => batch,
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        if catch_up(&feed.log, &mut socket, &mut last).await.is_err() {
                            return;
                        }
                        continue;
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                let sent = if batch.first == last + 1 {
                    // The usual case: the whole batch is new to this desktop.
                    send_text(&mut socket, batch.json.clone(), batch.last, &mut last).await
                } else if batch.last <= last {
                    // Already sent by the catch-up.
                    Ok(())
                } else if batch.first <= last {
                    let fresh: Vec<Change> =
                        batch.changes.iter().filter(|c| c.seq > last).cloned().collect();
                    send(&mut socket, &fresh, &mut last).await
                } else {
                    // A gap: this desktop missed a batch; the table has it.
                    catch_up(&feed.log, &mut socket, &mut last).await
                };
                if sent.is_err() {
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
    let Some(newest) = batch.last() else {
        return Ok(());
    };
    let text = serde_json::to_string(batch).map_err(|_| ())?;
    send_text(socket, text.into(), newest.seq, last).await
}

async fn send_text(
    socket: &mut WebSocket,
    json: Utf8Bytes,
    newest: i64,
    last: &mut i64,
) -> Result<(), ()> {
    socket.send(Message::Text(json)).await.map_err(|_| ())?;
    *last = newest;
    Ok(())
}
