//! `GET /api/events`: the core's events as server-sent events, each `data:` the `Event` as
//! JSON, exactly as the desktop window receives it.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event as Sse, KeepAlive};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;

use crate::AppState;

pub(crate) async fn stream(State(state): State<Arc<AppState>>) -> Response {
    let events = BroadcastStream::new(state.runtime.subscribe()).filter_map(|e| async {
        let event = match e {
            Ok(event) => event,
            // A slow reader missed some: tell it to read everything again.
            Err(BroadcastStreamRecvError::Lagged(n)) => {
                tracing::warn!("an event stream missed {n} events");
                tether_core::Event::BoardChanged
            }
        };
        let json = serde_json::to_string(&event).ok()?;
        Some(Ok::<_, Infallible>(Sse::default().data(json)))
    });
    axum::response::sse::Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
