//! `tether`: every board action from a terminal, for admins and scripts. It opens the same
//! cache and runs the same `Console` as the desktop app.

mod args;
mod desk;
mod output;
mod run;
mod serve;

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TETHER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let json = cli.json;
    match run::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            output::error(json, &e);
            std::process::ExitCode::FAILURE
        }
    }
}
