//! `tether-server serve`: the command table over HTTP (the same router as `tether serve`),
//! each request run as the technician its access token names; the change feed desktops
//! follow; the vendors' webhooks (the events receiver); and the team's one poller.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tether_http::{Access, ServeConfig, Server};
use tether_runtime::{Runtime, RuntimeOptions, SplashtopConnection};
use tether_secrets::ServerSecrets;
use tether_store_pg::{AccessTokens, ChangeLog, JobLocks, PgStore, Replays};

use crate::change_feed::Feed;
use crate::team_tokens::TeamTokens;

pub struct ServeOptions {
    pub bind: SocketAddr,
    pub behind_proxy: bool,
    pub allow_hosts: Vec<String>,
    pub secrets_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
}

/// Plain HTTP carries every technician's token: it stays on this machine unless a reverse
/// proxy terminates TLS in front of it.
pub fn check_bind(bind: SocketAddr, behind_proxy: bool) -> Result<(), String> {
    if bind.ip().is_loopback() || behind_proxy {
        return Ok(());
    }
    Err(format!(
        "{bind} is not loopback: tether-server speaks plain HTTP, which would carry tokens in \
         the clear. Bind to 127.0.0.1 behind a reverse proxy that terminates TLS (Caddy, nginx) \
         and pass --behind-proxy"
    ))
}

pub async fn serve(url: &str, options: ServeOptions) -> Result<(), String> {
    check_bind(options.bind, options.behind_proxy)?;
    let pool = tether_store_pg::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    // Secrets are the admin's files (or the environment), never the database's.
    let secrets_dir = options
        .secrets_dir
        .or_else(|| std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from));
    let runtime = Runtime::start(RuntimeOptions {
        data_dir: options.data_dir,
        splashtop: SplashtopConnection::take_from_env(),
        secrets: Some(Arc::new(ServerSecrets::new(secrets_dir))),
        store: Some(Arc::new(PgStore::new(pool.clone()))),
        ..RuntimeOptions::default()
    })
    .await
    .map_err(|e| e.to_string())?;
    let runtime = Arc::new(runtime);
    // Every instance takes webhooks (stored before they are answered, processed once). The
    // receiver logs where, without the path's secret part.
    runtime.start_intake().await;
    let locks = JobLocks::new(url).map_err(|e| e.to_string())?;
    let _leader = crate::leader::run(runtime.clone(), locks);
    let feed = Feed::start(ChangeLog::new(pool.clone())).await?;
    let config = ServeConfig {
        access: Access::Team(Arc::new(TeamTokens(AccessTokens::new(pool.clone())))),
        allow_hosts: options.allow_hosts,
        allow_origins: Vec::new(),
        ui: None,
        replays: Some(Arc::new(Replays::new(pool.clone()))),
    };
    let server = Server::start_with(runtime.clone(), config, options.bind, feed.routes())
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.bind))?;
    // The one line a script waits for.
    println!("tether-server listening on {}", server.url());
    shutdown_signal().await;
    runtime.stop_background();
    Ok(())
}

async fn shutdown_signal() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_refused_off_loopback_unless_a_proxy_terminates_tls() {
        assert!(check_bind("127.0.0.1:8080".parse().unwrap(), false).is_ok());
        assert!(check_bind("[::1]:8080".parse().unwrap(), false).is_ok());
        let refused = check_bind("0.0.0.0:8080".parse().unwrap(), false).unwrap_err();
        assert!(refused.contains("--behind-proxy"), "{refused}");
        assert!(check_bind("0.0.0.0:8080".parse().unwrap(), true).is_ok());
    }
}
