//! Binding, serving and stopping the sandbox.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::splashtop;

pub struct SandboxOptions {
    /// `127.0.0.1:0` picks a free loopback port.
    pub bind: SocketAddr,
    /// The bearer token the wire API accepts.
    pub token: String,
    /// Keeps the sandbox's sessions across restarts (the demo workspace uses this so a
    /// restarted app still finds its sessions).
    pub state_file: Option<PathBuf>,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: crate::DEMO_TOKEN.to_string(),
            state_file: None,
        }
    }
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Sandbox {
    pub async fn start(options: SandboxOptions) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(options.bind).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let splashtop_oauth = Arc::new(crate::oauth::OAuthState::new(&crate::oauth::SPLASHTOP));
        let state = Arc::new(splashtop::SandboxState::load(
            base_url,
            options.token,
            options.state_file,
            splashtop_oauth.clone(),
        ));
        let oauth = Arc::new(crate::oauth::OAuthState::new(&crate::oauth::TEAMVIEWER));
        let appliance = crate::vendors::appliance(&format!("http://{addr}"));
        let delivery = appliance.clone();
        let teamviewer = Arc::new(crate::teamviewer::TeamViewer::new(
            format!("http://{addr}"),
            oauth.clone(),
        ));
        let app = splashtop::router(state)
            .merge(crate::teamviewer::router(teamviewer))
            .merge(crate::sms::router())
            .merge(crate::syncro::router(Arc::new(
                crate::syncro::Syncro::default(),
            )))
            .merge(crate::vendors::router(oauth, appliance))
            .merge(crate::oauth::router(splashtop_oauth));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            // Outbound events live as long as the server.
            let delivery = tokio::spawn(delivery.deliver());
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::error!("sandbox stopped: {e}");
            }
            delivery.abort();
        });
        tracing::info!("sandbox listening on http://{addr}");
        Ok(Sandbox {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and waits for the server to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
