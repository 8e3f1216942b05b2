use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The Tether Service Desk board from a terminal.
///
/// With TETHER_SPLASHTOP_URL and TETHER_SPLASHTOP_TOKEN set it talks to that Splashtop
/// service; otherwise it opens the demo workspace, whose sandbox it starts in-process.
#[derive(Parser)]
#[command(name = "tether", version)]
pub struct Cli {
    /// Where the cache lives (default: $TETHER_DATA_DIR or the platform data directory).
    #[arg(long, global = true, env = "TETHER_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Act as this technician instead of the one chosen in Settings.
    #[arg(long = "as", global = true, value_name = "TECHNICIAN")]
    pub actor: Option<String>,
    /// Print JSON instead of text (errors too, as {"error": {code, message}} on stderr).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// The sidebar: channels with their counts, provider health, pending actions.
    Board,
    /// List sessions of a view: home, private, or a channel id.
    Sessions {
        #[arg(default_value = "home")]
        view: String,
    },
    /// One session with its history.
    Show {
        id: String,
    },
    /// Create a session (SD2).
    New {
        /// A channel id, or `private` (default: your default channel, `channel default`).
        #[arg(long)]
        channel: Option<String>,
        /// The ticket the session is for (its id); its time goes back there on close.
        #[arg(long)]
        ticket: Option<String>,
        /// Who it is for (at most 64 characters).
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        issue: String,
    },
    /// Ask the end user for permission to connect (SD4).
    Permission {
        id: String,
    },
    /// Print the URL that starts the remote session (needs a grant).
    Start {
        id: String,
    },
    /// Assign (or transfer to) a technician.
    Assign {
        id: String,
        technician: String,
    },
    /// Take a session yourself.
    Take {
        id: String,
    },
    /// Move a session to another channel.
    Transfer {
        id: String,
        channel: String,
    },
    /// Invite another technician (at most three per session).
    Invite {
        id: String,
        technician: String,
    },
    /// Release to the channel's queue.
    Release {
        id: String,
    },
    /// Close (SD5). A session from a ticket takes the comment and its time back to it (SP2).
    Close {
        id: String,
        #[arg(long)]
        comment: Option<String>,
    },
    Delete {
        id: String,
    },
    /// Channel settings (SD7) and mute (SD6).
    Channel {
        #[command(subcommand)]
        command: ChannelCommand,
    },
    /// The local list of technicians.
    Tech {
        #[command(subcommand)]
        command: TechCommand,
    },
    /// Set how often open sessions are polled.
    PollInterval {
        ms: u32,
    },
    /// Set how many requests a minute polling may make (default 180).
    PollBudget {
        per_minute: u32,
    },
    /// Poll the provider once and print what changed; with --follow, keep polling and print
    /// every event as one JSON object per line.
    Events {
        #[arg(long)]
        follow: bool,
    },
    /// Serve the command table over HTTP on loopback, as the window calls it: `POST
    /// /api/<command>` with JSON, the event stream at `/api/events`, the OpenAPI document at
    /// `/api/openapi.json`, and with --ui the web UI itself. Every request needs the token
    /// printed at start-up (or given in TETHER_SERVE_TOKEN).
    Serve(ServeOptions),
    /// Run any command of the table by name, with its arguments as a JSON object (or `-` to
    /// read them from stdin); prints its JSON answer.
    Call {
        name: String,
        args: Option<String>,
    },
    /// List the table's commands.
    Commands,
    /// Run the sandbox standalone and print its URL.
    Sandbox {
        #[arg(long, default_value_t = 0)]
        port: u16,
        #[arg(long, default_value = tether_sandbox::DEMO_TOKEN)]
        token: String,
        /// Keep the sandbox's sessions in this JSON file across restarts.
        #[arg(long)]
        state: Option<PathBuf>,
    },
    /// Provider credentials: secrets are read from standard input (never from the command
    /// line) and go to the OS keychain.
    Creds {
        #[command(subcommand)]
        command: CredsCommand,
    },
    /// Search tickets (number, subject, customer, end user), newest first.
    Tickets {
        /// Words matched as prefixes.
        #[arg(default_value = "")]
        search: String,
        /// open, in_progress, waiting, resolved or closed
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        customer: Option<String>,
    },
    /// One ticket, its invitations and the rest of its timeline.
    Ticket {
        #[command(subcommand)]
        command: TicketCommand,
    },
    /// Search assets (name, inventory number, customer, field values).
    Assets {
        #[arg(default_value = "")]
        search: String,
        #[arg(long)]
        customer: Option<String>,
    },
    /// One asset: fields, launch buttons (or why there are none), launch history.
    Asset {
        id: String,
    },
    /// Launch a remote session to an asset (UA5, UA6): records the launch on the asset and
    /// prints the URL for the OS to open (e.g. `xdg-open "$(tether launch …)"`); --dry-run
    /// prints it and records nothing.
    Launch {
        asset: String,
        /// The button id shown by `tether asset` (e.g. splashtop:mac_address).
        button: String,
        #[arg(long)]
        dry_run: bool,
    },
    /// Import customers, teams, ticket and asset types, assets and tickets from a JSON file
    /// (`-` for stdin). Rows that fail their checks are listed and skipped.
    Import {
        file: PathBuf,
    },
    /// Remote-support settings (IN1, IN5, IN7, IN8, UA1, UA2) as JSON.
    RemoteSupport {
        #[command(subcommand)]
        command: RemoteSupportCommand,
    },
    /// The mail outbox: invitations waiting for the mail server.
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// BeyondTrust agents, teams and intake rules (BT2, BT3, BT8) as JSON.
    Beyondtrust {
        #[command(subcommand)]
        command: BeyondTrustCommand,
    },
    /// Finished sessions no ticket claimed, or that a rule turned away (BT7), with
    /// suggested tickets.
    Unlinked,
    /// Link a finished session to a ticket (BT7).
    Link {
        session: String,
        ticket: String,
    },
    /// Process stored events and reconcile with BeyondTrust's reporting API now.
    Intake,
    /// Play the end user in a sandbox: launch, grant, refuse, leave or end.
    EndUser {
        code: String,
        action: String,
        /// The sandbox's URL (default: the demo workspace's own sandbox).
        #[arg(long)]
        sandbox: Option<String>,
    },
}

#[derive(clap::Args)]
pub struct ServeOptions {
    /// Where to listen; anything but a loopback address needs --allow-host for the names
    /// clients use.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub bind: std::net::SocketAddr,
    /// The bearer token requests must carry (default: a random one, printed).
    #[arg(long, env = "TETHER_SERVE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Serve the built web UI from this directory at `/` (e.g. ui/dist).
    #[arg(long)]
    pub ui: Option<std::path::PathBuf>,
    /// Also accept requests whose Origin is this (e.g. a Vite dev server,
    /// http://127.0.0.1:1420). Repeatable.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
    /// Also accept requests addressed to this host name (Host header, without the port).
    /// Repeatable.
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allow_hosts: Vec<String>,
}

#[derive(Subcommand)]
pub enum ChannelCommand {
    List,
    Set {
        channel: String,
        #[arg(long)]
        timeout_minutes: Option<u32>,
        /// Comma-separated technician ids; an empty value means everyone.
        #[arg(long)]
        members: Option<String>,
        #[arg(long)]
        private_sessions: Option<bool>,
    },
    Mute {
        channel: String,
    },
    /// Where your new sessions go unless you pick another channel (SP1).
    Default {
        channel: String,
    },
    Unmute {
        channel: String,
    },
}

#[derive(Subcommand)]
pub enum TechCommand {
    List,
    Add {
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// Without the release permission (cannot release or transfer sessions).
        #[arg(long)]
        no_release: bool,
    },
    /// Choose the technician at this desk.
    Use {
        id: String,
    },
    /// Whether you take invitations now (IN8); with --as, for that technician.
    Available {
        #[arg(action = clap::ArgAction::Set)]
        available: bool,
    },
}

#[derive(Subcommand)]
pub enum TicketCommand {
    /// A ticket by number (1042 or #1042) or id.
    Show {
        ticket: String,
    },
    /// Create a ticket; a type that sends an invitation on creation sends it (IN3).
    New {
        #[arg(long)]
        subject: String,
        #[arg(long)]
        customer: Option<String>,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long = "type")]
        ticket_type: Option<String>,
        #[arg(long)]
        asset: Option<String>,
    },
    Note {
        ticket: String,
        text: String,
    },
    /// Invite by email (IN1). With no target, the default team.
    Invite {
        ticket: String,
        /// Addresses, separated by commas.
        #[arg(long)]
        to: String,
        #[command(flatten)]
        target: TargetArgs,
        /// Show where it would go and the email, and send nothing.
        #[arg(long)]
        preview: bool,
        /// As the *Remote Session Invitation* action (IN2) rather than a quick invite.
        #[arg(long)]
        action: bool,
        /// A BeyondTrust session key instead of a Splashtop session (`--team` is then a
        /// BeyondTrust team id).
        #[arg(long)]
        beyondtrust: bool,
    },
    /// Invite in the ticket's chat (IN4).
    ChatInvite {
        ticket: String,
        #[command(flatten)]
        target: TargetArgs,
    },
}

#[derive(clap::Args)]
#[group(multiple = false)]
pub struct TargetArgs {
    /// A technician's queue.
    #[arg(long)]
    pub agent: Option<String>,
    #[arg(long)]
    pub team: Option<String>,
    #[arg(long)]
    pub channel: Option<String>,
}

#[derive(Subcommand)]
pub enum RemoteSupportCommand {
    Show,
    /// Replace the settings with the JSON in FILE (`-` for stdin); `show --json` prints the
    /// current ones to start from.
    Set {
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum BeyondTrustCommand {
    Show,
    /// Replace the settings with the JSON in FILE (`-` for stdin).
    Set {
        file: PathBuf,
    },
    /// Add the appliance's teams not listed yet (disabled until enabled).
    GetTeams,
}

#[derive(Subcommand)]
pub enum MailCommand {
    /// Every email not yet accepted by the server, with the last error.
    Pending,
    /// Try every pending email now.
    Retry,
}

#[derive(Subcommand)]
pub enum CredsCommand {
    /// Every provider's settings, and which secrets are stored (never their values).
    List,
    /// Store the address and values, enable the provider, and read its secret from stdin.
    Set {
        /// splashtop, beyondtrust, teamviewer, syncro, smtp or sms
        provider: String,
        /// e.g. https://webapi.splashtop.com (EU: https://webapi.splashtop.eu); none for smtp
        #[arg(long)]
        url: Option<String>,
        /// Other non-secret fields, e.g. --value client_id=abc (BeyondTrust)
        #[arg(long = "value", value_name = "KEY=VALUE")]
        values: Vec<String>,
        /// Which secret field stdin holds (default: the provider's required secret)
        #[arg(long, value_name = "KEY")]
        secret: Option<String>,
    },
    /// Authorise a provider with your own account (OAuth, TeamViewer): prints the sign-in
    /// link and waits for the browser. Needs --as TECHNICIAN.
    Authorise { provider: String },
    /// Forget your own authorisation of a provider (and revoke it there). Needs --as.
    Disconnect { provider: String },
    /// Make the provider's cheapest authenticated call and say what happened.
    Test { provider: String },
    /// Remove the provider's secrets from the keychain and its settings from the cache.
    Remove { provider: String },
}
