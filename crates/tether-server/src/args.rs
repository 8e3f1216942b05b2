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
