//! `tether serve`: the command table over HTTP, for the browser preview of the UI, its
//! browser tests, scripts, and — later — desktops of a team. Designed as the API it is, not as
//! a test hook:
//! - `POST /api/<command>`: JSON arguments in, JSON result out; a failure is `{code,
//!   message}` (the core's `ErrorDto`) with a status that fits the code.
//! - `GET /api/events`: server-sent events, each the core's `Event` as the window gets it.
//! - `GET /api/openapi.json`: the OpenAPI document, generated from the same table.
//! - `GET /…`: the built web UI, when a directory is given.
//!
//! Every API request carries a bearer token: the one printed at start-up (`tether serve`), or
//! a technician's own on a team server (`tether-server`), where the request then runs as that
//! technician. A request from a page of another origin, or addressed to a host name this
//! server does not answer to (DNS rebinding), is refused before anything runs. It binds to
//! loopback unless told otherwise.

mod caller;
mod events;
mod guard;
mod handlers;
mod status;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use tether_runtime::Runtime;
use tokio::net::TcpListener;

pub use caller::Caller;
pub use guard::{Access, Token, TokenOwners};
pub use status::status_of;

/// How a server is reached and who may reach it.
#[derive(Clone)]
pub struct ServeConfig {
    pub access: Access,
    /// Host names requests may be addressed to, besides the loopback ones.
    pub allow_hosts: Vec<String>,
    /// Origins pages may call from, besides the server's own.
    pub allow_origins: Vec<String>,
    /// The built web UI, served at `/`.
    pub ui: Option<PathBuf>,
    /// Answers kept by `Idempotency-Key` (a team server), so a desktop replaying its offline
    /// outbox never acts twice.
    pub replays: Option<Arc<dyn tether_core::ports::ReplayLog>>,
}

pub(crate) struct AppState {
    pub(crate) runtime: Arc<Runtime>,
    pub(crate) replays: Option<Arc<dyn tether_core::ports::ReplayLog>>,
}

/// The router, for a server bound to `addr`.
pub fn router(runtime: Arc<Runtime>, config: ServeConfig, addr: SocketAddr) -> Router {
    router_with(runtime, config, addr, Router::new())
}

/// The router with `extra` routes (a team server's change feed) behind the same guards:
/// their handlers find the request's `Caller` among its extensions.
pub fn router_with(
    runtime: Arc<Runtime>,
    config: ServeConfig,
    addr: SocketAddr,
    extra: Router,
) -> Router {
    let state = Arc::new(AppState {
        runtime,
        replays: config.replays.clone(),
    });
    let guard = Arc::new(guard::Guard::new(&config, addr));
    let api = Router::new()
        .route("/api/openapi.json", get(handlers::openapi))
        .route(tether_api::openapi::EVENTS_PATH, get(events::stream))
        .route("/api/{command}", post(handlers::command))
        .with_state(state)
        .merge(extra)
        .layer(axum::middleware::from_fn_with_state(
            guard.clone(),
            guard::require_token,
        ));
    let app = match &config.ui {
        Some(dir) => api.fallback_service(
            tower_http::services::ServeDir::new(dir)
                .fallback(tower_http::services::ServeFile::new(dir.join("index.html"))),
        ),
        None => api,
    };
    app.layer(axum::middleware::from_fn_with_state(
        guard,
        guard::require_host_and_origin,
    ))
}

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(
        runtime: Arc<Runtime>,
        config: ServeConfig,
        bind: SocketAddr,
    ) -> std::io::Result<Server> {
        Server::start_with(runtime, config, bind, Router::new()).await
    }

    /// A server with `extra` routes behind the same guards (`router_with`).
    pub async fn start_with(
        runtime: Arc<Runtime>,
        config: ServeConfig,
        bind: SocketAddr,
        extra: Router,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(bind).await?;
        let addr = listener.local_addr()?;
        let app = router_with(runtime, config, addr, extra);
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!("tether serve stopped: {e}");
            }
        });
        Ok(Server { addr, task })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}
