//! The outbound-events receiver (SPEC BT5, providers.md §1.7): BeyondTrust posts a form per
//! event and holds every later event until this one is answered 200. So the answer comes as
//! soon as the event is stored — durably, in the cache — and processing happens after.
//! Bound to loopback unless the admin says otherwise; the reconciliation poll covers what a
//! laptop behind NAT or asleep never receives.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Weak};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Router};
use tether_core::Console;

use crate::Runtime;
use tokio::net::TcpListener;

/// The path an appliance's HTTP recipient points at.
pub const EVENTS_PATH: &str = "/beyondtrust/events";
/// The port an admin configures in BeyondTrust unless `TETHER_EVENTS_BIND` says otherwise.
pub const DEFAULT_EVENTS_BIND: &str = "127.0.0.1:41731";

/// Where the receiver finds the console an event is for.
pub trait ConsoleSource: Send + Sync {
    /// `None` while Tether is stopping.
    fn console(&self) -> Option<Arc<Console>>;
}

impl ConsoleSource for Arc<Console> {
    fn console(&self) -> Option<Arc<Console>> {
        Some(self.clone())
    }
}

impl ConsoleSource for Weak<Runtime> {
    fn console(&self) -> Option<Arc<Console>> {
        self.upgrade().map(|r| r.console())
    }
}

pub struct Receiver {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    /// Serves whichever console `consoles` gives when each event arrives (the runtime's: the
    /// workspace open at that moment).
    pub async fn start(
        consoles: Arc<dyn ConsoleSource>,
        bind: SocketAddr,
    ) -> std::io::Result<Receiver> {
        let listener = TcpListener::bind(bind).await?;
        let addr = listener.local_addr()?;
        let app = Router::new()
            .route(EVENTS_PATH, post(event))
            .with_state(consoles);
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!("the events receiver stopped: {e}");
            }
        });
        tracing::info!("BeyondTrust outbound events: http://{addr}{EVENTS_PATH}");
        Ok(Receiver { addr, task })
    }

    pub fn url(&self) -> String {
        format!("http://{}{EVENTS_PATH}", self.addr)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn event(
    State(consoles): State<Arc<dyn ConsoleSource>>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let Some(console) = consoles.console() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "Tether is stopping").into_response();
    };
    match console.beyondtrust.intake_beyondtrust_event(&form).await {
        Ok(_) => {
            tokio::spawn(async move {
                if let Err(e) = console.beyondtrust.process_events().await {
                    tracing::warn!("inbound events not processed yet: {e}");
                }
            });
            StatusCode::OK.into_response()
        }
        // A form without `event` will never be anything else: take it, so the appliance's
        // queue moves on, and say why in the log.
        Err(e) if e.code() == tether_core::ErrorCode::InvalidInput => {
            tracing::warn!("outbound event ignored: {e}");
            StatusCode::OK.into_response()
        }
        // Not stored: not 200, so the appliance keeps it and tries again.
        Err(e) => {
            tracing::error!("outbound event not stored: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response()
        }
    }
}
