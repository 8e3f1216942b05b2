//! `tether serve`: the same runtime as the desktop app (cache, keychain, providers, the demo
//! sandbox, the poller and the intake) behind the command table over HTTP.

use std::io::Write;
use std::sync::Arc;

use tether_core::{ErrorCode, ErrorDto};
use tether_http::{Access, ServeConfig, Server, Token};
use tether_runtime::Runtime;

use crate::args::ServeOptions;

pub async fn serve(
    json: bool,
    runtime: Arc<Runtime>,
    options: ServeOptions,
) -> Result<(), ErrorDto> {
    if !options.bind.ip().is_loopback() && options.allow_hosts.is_empty() {
        return Err(ErrorDto::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is not a loopback address: name the host clients use with --allow-host",
                options.bind.ip()
            ),
        ));
    }
    let token = match options.token {
        Some(t) if t.trim().len() >= 16 => Token::new(t.trim()),
        Some(_) => {
            return Err(ErrorDto::new(
                ErrorCode::InvalidInput,
                "the token must have at least 16 characters",
            ))
        }
        None => Token::random(),
    };
    runtime.start_background(None);
    runtime.start_intake().await;
    let config = ServeConfig {
        access: Access::Desk(token.clone()),
        allow_hosts: options.allow_hosts,
        allow_origins: options.allow_origins,
        ui: options.ui.clone(),
        replays: None,
    };
    let server = Server::start(runtime.clone(), config, options.bind)
        .await
        .map_err(|e| {
            ErrorDto::new(
                ErrorCode::Startup,
                format!("cannot listen on {}: {e}", options.bind),
            )
        })?;
    let url = server.url();
    let open = options
        .ui
        .as_ref()
        .map(|_| format!("{url}/#token={}", token.expose()));
    if json {
        println!(
            "{}",
            serde_json::json!({ "url": url, "token": token.expose(), "open": open })
        );
    } else {
        let workspace = if runtime.console().is_demo() {
            "the demo workspace"
        } else {
            "the workspace"
        };
        println!("Tether serves {workspace} on {url}");
        println!("token: {}", token.expose());
        if let Some(open) = &open {
            println!("open the UI: {open}");
        }
    }
    let _ = std::io::stdout().flush();
    crate::run::stop_requested().await;
    drop(server);
    Ok(())
}
