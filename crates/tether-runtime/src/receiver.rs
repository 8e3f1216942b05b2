//! The outbound-events receiver (SPEC BT5, providers.md §1.7): BeyondTrust posts a form per
//! event and holds every later event until this one is answered 200. So the answer comes as
//! soon as the event is stored — durably, in the cache — and processing happens after.
//! Bound to loopback unless the admin says otherwise; the reconciliation poll covers what a
//! laptop behind NAT or asleep never receives.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Weak};

use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Router};
use tether_core::domain::IntegrationKind;
use tether_core::ports::SecretStore;
use tether_core::Console;

use crate::Runtime;
use tokio::net::TcpListener;

/// The path an appliance's HTTP recipient points at, followed by this install's token: a
/// page in the technician's browser cannot guess where to post.
pub const EVENTS_PATH: &str = "/beyondtrust/events";
/// An outbound event is a short form; anything larger is not one.
const EVENT_BODY_LIMIT: usize = 16 * 1024;
/// The port an admin configures in BeyondTrust unless `TETHER_EVENTS_BIND` says otherwise.
pub const DEFAULT_EVENTS_BIND: &str = "127.0.0.1:41731";

/// Where Syncro's webhook posts its alerts (SY7), with `?token=` when the card has one.
pub const SYNCRO_ALERTS_PATH: &str = "/syncro/alerts";

/// Where the receiver finds the console an event is for.
pub trait ConsoleSource: Send + Sync {
    /// `None` while Tether is stopping.
    fn console(&self) -> Option<Arc<Console>>;
    /// Where the Syncro card's webhook token is kept; `None`: no token is asked for.
    fn secrets(&self) -> Option<Arc<dyn SecretStore>> {
        None
    }
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
    fn secrets(&self) -> Option<Arc<dyn SecretStore>> {
        self.upgrade().map(|r| r.integrations.secrets.clone())
    }
}

pub struct Receiver {
    addr: SocketAddr,
    events_token: String,
    task: tokio::task::JoinHandle<()>,
}

struct Shared {
    consoles: Arc<dyn ConsoleSource>,
    events_token: String,
}

impl Receiver {
    /// Serves whichever console `consoles` gives when each event arrives (the runtime's: the
    /// workspace open at that moment).
    /// `events_token` is the secret part of the BeyondTrust path (`EVENTS_PATH/<token>`).
    pub async fn start(
        consoles: Arc<dyn ConsoleSource>,
        bind: SocketAddr,
        events_token: String,
    ) -> std::io::Result<Receiver> {
        let listener = TcpListener::bind(bind).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            consoles,
            events_token: events_token.clone(),
        });
        let app = Router::new()
            .route(
                &format!("{EVENTS_PATH}/{{token}}"),
                post(event).layer(DefaultBodyLimit::max(EVENT_BODY_LIMIT)),
            )
            // An alert is a few hundred bytes: a large body is not one.
            .route(
                SYNCRO_ALERTS_PATH,
                post(syncro_alert).layer(DefaultBodyLimit::max(64 * 1024)),
            )
            .layer(middleware::from_fn(no_web_pages))
            .with_state(shared);
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!("the events receiver stopped: {e}");
            }
        });
        tracing::info!("BeyondTrust outbound events: http://{addr}{EVENTS_PATH}/…");
        Ok(Receiver {
            addr,
            events_token,
            task,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}{EVENTS_PATH}/{}", self.addr, self.events_token)
    }

    pub fn syncro_url(&self) -> String {
        format!("http://{}{SYNCRO_ALERTS_PATH}", self.addr)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Appliances and RMMs post from servers, which send no `Origin`; a browser always does on a
/// POST. A page the technician visits can reach loopback, so whatever carries one is refused
/// before anything is read or stored.
async fn no_web_pages(request: Request, next: Next) -> Response {
    if request.headers().contains_key(header::ORIGIN) {
        tracing::warn!("a request from a web page to the receiver was refused");
        return (StatusCode::FORBIDDEN, "requests from web pages are refused").into_response();
    }
    next.run(request).await
}

/// A new random token for the events path: 32 characters an appliance's form accepts.
pub fn new_events_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

async fn event(
    State(shared): State<Arc<Shared>>,
    Path(token): Path<String>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    if !same_token(&token, &shared.events_token) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(console) = shared.consoles.console() else {
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
        // Turned off: nothing is taken, and the sender is told so.
        Err(e) if e.code() == tether_core::ErrorCode::NotConfigured => {
            (StatusCode::NOT_FOUND, e.to_string()).into_response()
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

/// Equal, in a time that does not depend on where two tokens of one length differ.
fn same_token(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// SY7: a Syncro alert, stored before it is answered and processed once, like BeyondTrust's
/// events. With a token on the card, a request without it is turned away.
async fn syncro_alert(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<BTreeMap<String, String>>,
    body: String,
) -> Response {
    let consoles = &shared.consoles;
    let Some(console) = consoles.console() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "Tether is stopping").into_response();
    };
    if let Some(secrets) = consoles.secrets() {
        match secrets
            .get(&IntegrationKind::Syncro.secret_key("webhook_token"))
            .await
        {
            Ok(None) => {}
            Ok(Some(expected)) => {
                let given = query.get("token").map_or("", String::as_str);
                if !same_token(given, expected.expose()) {
                    tracing::warn!("a Syncro alert without the webhook token was turned away");
                    return (StatusCode::UNAUTHORIZED, "the token is missing or wrong")
                        .into_response();
                }
            }
            // Cannot check: not taken, so the sender tries again (and the poll covers it).
            Err(e) => {
                return (StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response();
            }
        }
    }
    match console.syncro.intake_alert_webhook(&body).await {
        Ok(_) => {
            tokio::spawn(async move {
                if let Err(e) = console.syncro.process_alert_events().await {
                    tracing::warn!("Syncro alerts not processed yet: {e}");
                }
            });
            StatusCode::OK.into_response()
        }
        Err(e) if e.code() == tether_core::ErrorCode::InvalidInput => {
            (StatusCode::BAD_REQUEST, e.to_string()).into_response()
        }
        Err(e) => {
            tracing::error!("Syncro alert not stored: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same_token;

    #[test]
    fn only_the_same_token_is_the_same() {
        assert!(same_token("s3cret-token", "s3cret-token"));
        assert!(!same_token("s3cret-tokeN", "s3cret-token"));
        assert!(!same_token("s3cret", "s3cret-token"));
        assert!(!same_token("", "s3cret-token"));
    }
}
