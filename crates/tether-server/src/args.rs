//! The command line.

#[derive(clap::Parser)]
#[command(
    name = "tether-server",
    version,
    about = "The Tether team server (PostgreSQL). The database's URL comes from \
             TETHER_DATABASE_URL or the file named by TETHER_DATABASE_URL_FILE."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Serves the team: the command table over HTTP as each token's technician, the change
    /// feed desktops follow, the vendors' webhooks, and (on one instance) the pollers.
    Serve {
        /// Plain HTTP: loopback only, unless a reverse proxy terminates TLS in front.
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: std::net::SocketAddr,
        /// A reverse proxy terminates TLS in front of this server (allows a non-loopback bind).
        #[arg(long)]
        behind_proxy: bool,
        /// Host names requests may be addressed to (the proxy's public name).
        #[arg(long = "allow-host")]
        allow_hosts: Vec<String>,
        /// Where provider secrets are files (`splashtop.api_token`, …); defaults to systemd's
        /// $CREDENTIALS_DIRECTORY. `TETHER_SECRET_<KEY>` variables are read too.
        #[arg(long)]
        secrets_dir: Option<std::path::PathBuf>,
        /// Working files of the server (not the workspace, which is in PostgreSQL).
        #[arg(long, env = "STATE_DIRECTORY")]
        data_dir: Option<std::path::PathBuf>,
    },
    /// The team's technicians and their desktops' access tokens.
    Technician {
        #[command(subcommand)]
        command: TechnicianCommand,
    },
}

#[derive(clap::Subcommand)]
pub enum TechnicianCommand {
    /// Adds a technician.
    Add {
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// Without the permission to release sessions to a queue (SD5).
        #[arg(long)]
        no_release: bool,
    },
    /// Makes an access token for one of their desktops, printed once.
    Token {
        id: String,
        /// Which desktop it is for, e.g. "Alex's laptop".
        #[arg(long)]
        label: String,
    },
    /// Lists their tokens (never the tokens themselves).
    Tokens { id: String },
    /// Revokes a token by its number.
    Revoke { token_id: i64 },
    /// Removes a technician and every token of theirs.
    Remove { id: String },
}
