//! `tether-server`: the team workspace's server. It serves the team (`serve`) and administers
//! it: technicians and the access tokens their desktops sign in with. The database's address (which may
//! carry a password) comes from the environment or a file, as systemd credentials and
//! container secrets provide it, never from the command line where `ps` would show it.

mod args;
mod change_feed;
mod leader;
mod serve;
mod team_tokens;

use std::process::ExitCode;

use clap::Parser;
use tether_store_pg::{connect, AccessTokens, PgError, TeamTechnician};

use args::{Args, Command, TechnicianCommand};

#[tokio::main]
async fn main() -> ExitCode {
    // Logs go to stderr (journald under systemd); stdout is for what a script reads.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TETHER_LOG")
                // sqlx says at info what every start does (migrations already there).
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tether-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `TETHER_DATABASE_URL`, else the file `TETHER_DATABASE_URL_FILE` names (first line).
fn database_url() -> Result<String, String> {
    if let Ok(url) = std::env::var("TETHER_DATABASE_URL") {
        return Ok(url);
    }
    let file = std::env::var("TETHER_DATABASE_URL_FILE").map_err(|_| {
        "set TETHER_DATABASE_URL, or TETHER_DATABASE_URL_FILE to a file holding it".to_string()
    })?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
    Ok(text.lines().next().unwrap_or_default().trim().to_string())
}

async fn run(args: Args) -> Result<(), String> {
    let url = database_url()?;
    match args.command {
        Command::Serve {
            bind,
            behind_proxy,
            allow_hosts,
            secrets_dir,
            data_dir,
        } => {
            serve::serve(
                &url,
                serve::ServeOptions {
                    bind,
                    behind_proxy,
                    allow_hosts,
                    secrets_dir,
                    data_dir,
                },
            )
            .await
        }
        Command::Technician { command } => administer(&url, command).await,
    }
}

async fn administer(url: &str, command: TechnicianCommand) -> Result<(), String> {
    let pool = connect(url).await.map_err(|e| e.to_string())?;
    let tokens = AccessTokens::new(pool);
    let now = chrono::Utc::now();
    let said = |e: PgError| e.to_string();
    match command {
        TechnicianCommand::Add {
            id,
            name,
            email,
            no_release,
        } => {
            tokens
                .add_technician(
                    &TeamTechnician {
                        id: id.clone(),
                        name,
                        email,
                        can_release: !no_release,
                    },
                    now,
                )
                .await
                .map_err(said)?;
            println!("technician {id} added; give them a token with `tether-server technician token {id} --label …`");
        }
        TechnicianCommand::Token { id, label } => {
            let issued = tokens.issue(&id, &label, now).await.map_err(said)?;
            // The only time the token is shown: stdout alone, for a pipe into a secret store.
            eprintln!(
                "token {} for {id} ({label}); it is not shown again:",
                issued.id
            );
            println!("{}", issued.token.expose());
        }
        TechnicianCommand::Tokens { id } => {
            for t in tokens.tokens(&id).await.map_err(said)? {
                let used = t
                    .last_used_at
                    .map_or("never used".to_string(), |u| format!("last used {u}"));
                let state = if t.revoked { ", revoked" } else { "" };
                println!("{}\t{}\t{used}{state}", t.id, t.label);
            }
        }
        TechnicianCommand::Revoke { token_id } => {
            tokens.revoke(token_id, now).await.map_err(said)?;
            println!("token {token_id} revoked: the desktop using it is signed out");
        }
        TechnicianCommand::Remove { id } => {
            tokens.remove_technician(&id).await.map_err(said)?;
            println!("technician {id} removed, with every token of theirs");
        }
    }
    Ok(())
}
