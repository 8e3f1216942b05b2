//! Core events to the window, as the `tether://event` Tauri event: the runtime's bus, so
//! the window keeps hearing after a change of workspace.

use tauri::{AppHandle, Emitter};
use tether_runtime::Runtime;
use tokio::sync::broadcast::error::RecvError;

pub const EVENT: &str = "tether://event";

pub fn forward(runtime: &Runtime, app: AppHandle) {
    let mut events = runtime.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Err(e) = app.emit(EVENT, &event) {
                        tracing::warn!("event not delivered to the window: {e}");
                    }
                }
                Err(RecvError::Lagged(n)) => tracing::warn!("window missed {n} events"),
                Err(RecvError::Closed) => break,
            }
        }
    });
}
