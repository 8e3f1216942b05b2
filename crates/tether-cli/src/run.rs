//! Each subcommand is one command of the table (`tether_api::call`), shown as text for
//! people or JSON for scripts; `tether call` runs any command by name with JSON arguments.

use std::io::Write;
use std::net::SocketAddr;

use tether_api::call;
use tether_core::domain::{ChannelRef, FieldKind, IntegrationKind, IntegrationUpdate};
use tether_core::domain::{NewSession, Technician};
use tether_core::secret::Secret;
use tether_core::{ErrorCode, ErrorDto};
use tether_runtime::{Runtime, RuntimeOptions, SplashtopConnection};
use tether_sandbox::{EndUserAction, Sandbox, SandboxControl, SandboxOptions};

use crate::args::{ChannelCommand, Cli, Command, CredsCommand, TechCommand};
use crate::desk;
use crate::output::{self, detail_text, session_line};

pub(crate) fn invalid(message: impl Into<String>) -> ErrorDto {
    ErrorDto::new(ErrorCode::InvalidInput, message)
}

pub async fn run(cli: Cli) -> Result<(), ErrorDto> {
    let json = cli.json;
    match cli.command {
        Command::Sandbox { port, token, state } => return sandbox(json, port, token, state).await,
        Command::EndUser {
            code,
            action,
            sandbox: Some(url),
        } => return end_user(json, &SandboxControl::new(&url), &code, &action).await,
        Command::Commands => {
            output::value(json, &tether_api::COMMAND_NAMES, |names| names.join("\n"));
            return Ok(());
        }
        _ => {}
    }
    let runtime = Runtime::start(RuntimeOptions {
        data_dir: cli.data_dir,
        splashtop: SplashtopConnection::take_from_env(),
        actor: cli.actor,
        secrets: None,
        opener: None,
        store: None,
    })
    .await?;
    // The cache may not know the provider's channels yet; a slow provider must not hold up
    // commands that only read the cache, so this is bounded.
    let console = runtime.console();
    let sync = tokio::time::timeout(
        std::time::Duration::from_secs(3),
        console.sessions.sync_channels(),
    );
    if let Ok(Err(e)) = sync.await {
        tracing::warn!("channels not refreshed: {e}");
    }
    drop(console);
    if let Command::Serve(options) = cli.command {
        let runtime = std::sync::Arc::new(runtime);
        let result = crate::serve::serve(json, runtime.clone(), options).await;
        if let Ok(runtime) = std::sync::Arc::try_unwrap(runtime) {
            runtime.shutdown().await;
        }
        return result;
    }
    let result = command(json, &runtime, cli.command).await;
    runtime.shutdown().await;
    result
}

async fn command(json: bool, rt: &Runtime, command: Command) -> Result<(), ErrorDto> {
    let show = |s: &tether_core::domain::Session| output::value(json, s, session_line);
    match command {
        Command::Board => {
            let board = call::board(rt).await?;
            output::value(json, &board, |b| {
                let mut lines = vec![format!(
                    "{}{} at the desk",
                    if b.demo { "[demo workspace] " } else { "" },
                    b.me.name
                )];
                for ch in &b.channels {
                    let n = &ch.counts;
                    lines.push(format!(
                        "{:<16} pending {:>3}  active {:>3}  in queue {:>3}  expired {:>3}  closed {:>3}{}",
                        ch.name, n.pending, n.active, n.in_queue, n.expired, n.closed,
                        if ch.muted { "  (muted)" } else { "" }
                    ));
                }
                for p in &b.providers {
                    let state = match &p.error {
                        Some(e) => format!("error: {}", e.message),
                        None if p.online => "online".into(),
                        None => "not contacted yet".into(),
                    };
                    lines.push(format!("{}: {state}", p.provider));
                }
                if b.pending_actions > 0 {
                    lines.push(format!("{} provider actions pending", b.pending_actions));
                }
                lines.join("\n")
            });
        }
        Command::Sessions { view } => {
            let view = match view.as_str() {
                "home" => ChannelRef::Home,
                "private" => ChannelRef::Private,
                id => ChannelRef::Channel(id.to_string()),
            };
            let sessions = call::list_sessions(rt, view.to_owned()).await?;
            output::value(json, &sessions, |list| {
                if list.is_empty() {
                    "no sessions here (create one with `tether new --name …`)".into()
                } else {
                    list.iter().map(session_line).collect::<Vec<_>>().join("\n")
                }
            });
        }
        Command::Show { id } => output::value(
            json,
            &call::session_detail(rt, id.to_owned()).await?,
            detail_text,
        ),
        Command::New {
            channel,
            ticket,
            name,
            issue,
        } => show(
            &call::create_session(
                rt,
                NewSession {
                    channel_id: match channel {
                        Some(channel) => channel,
                        None => call::board(rt).await?.settings.default_channel,
                    },
                    customer_name: name,
                    issue,
                    ticket_id: ticket,
                },
            )
            .await?,
        ),
        Command::Permission { id } => show(&call::request_permission(rt, id.to_owned()).await?),
        Command::Start { id } => {
            let started = call::start_remote(rt, id.to_owned()).await?;
            output::value(json, &started, |s| s.url.clone());
        }
        Command::Assign { id, technician } => {
            show(&call::assign(rt, id.to_owned(), technician.to_owned()).await?)
        }
        Command::Take { id } => show(&call::take(rt, id.to_owned()).await?),
        Command::Transfer { id, channel } => {
            show(&call::transfer_to_channel(rt, id.to_owned(), channel.to_owned()).await?)
        }
        Command::Invite { id, technician } => {
            show(&call::invite_technician(rt, id.to_owned(), technician.to_owned()).await?)
        }
        Command::Release { id } => show(&call::release(rt, id.to_owned()).await?),
        Command::Close { id, comment } => show(&call::close(rt, id.to_owned(), comment).await?),
        Command::Delete { id } => {
            call::delete_session(rt, id.to_owned()).await?;
            output::value(json, &serde_json::json!({ "deleted": id }), |_| {
                format!("deleted {id}")
            });
        }
        Command::Channel { command } => channel(json, rt, command).await?,
        Command::Tech { command } => tech(json, rt, command).await?,
        Command::PollInterval { ms } => {
            call::set_poll_interval(rt, ms).await?;
            output::value(json, &serde_json::json!({ "poll_interval_ms": ms }), |_| {
                format!("polling every {ms} ms")
            });
        }
        Command::PollBudget { per_minute } => {
            call::set_poll_budget(rt, per_minute).await?;
            output::value(
                json,
                &serde_json::json!({ "poll_budget_per_minute": per_minute }),
                |_| format!("polling within {per_minute} requests a minute"),
            );
        }
        Command::Events { follow } => events(rt, follow).await?,
        Command::Tickets {
            search,
            status,
            customer,
        } => desk::tickets(json, rt, search, status, customer).await?,
        Command::Ticket { command } => desk::ticket(json, rt, command).await?,
        Command::Assets { search, customer } => desk::assets(json, rt, search, customer).await?,
        Command::Asset { id } => desk::asset(json, rt, &id).await?,
        Command::Launch {
            asset,
            button,
            dry_run,
        } => desk::launch(json, rt, &asset, &button, dry_run).await?,
        Command::Import { file } => desk::import(json, rt, &file).await?,
        Command::RemoteSupport { command } => desk::remote_support(json, rt, command).await?,
        Command::Mail { command } => desk::mail(json, rt, command).await?,
        Command::Beyondtrust { command } => desk::beyondtrust(json, rt, command).await?,
        Command::Unlinked => desk::unlinked(json, rt).await?,
        Command::Link { session, ticket } => desk::link(json, rt, &session, &ticket).await?,
        Command::Intake => desk::intake(json, rt).await?,
        Command::EndUser {
            code,
            action,
            sandbox: None,
        } => {
            let control = rt.sandbox_control().ok_or_else(|| {
                invalid("this is not the demo workspace: pass --sandbox URL to play the end user")
            })?;
            end_user(json, &control, &code, &action).await?;
        }
        Command::Creds { command } => creds(json, rt, command).await?,
        Command::Call { name, args } => {
            let args = match args.as_deref() {
                None => serde_json::json!({}),
                Some("-") => desk::parse_json(&desk::read_json(std::path::Path::new("-"))?)?,
                Some(text) => desk::parse_json(text)?,
            };
            let value = tether_api::dispatch(rt, &name, args).await?;
            output::value(true, &value, |_| String::new());
        }
        Command::Sandbox { .. }
        | Command::EndUser { .. }
        | Command::Commands
        | Command::Serve(_) => {}
    }
    Ok(())
}

async fn channel(json: bool, rt: &Runtime, command: ChannelCommand) -> Result<(), ErrorDto> {
    match command {
        ChannelCommand::List => {
            let board = call::board(rt).await?;
            output::value(json, &board.channels, |list| {
                list.iter()
                    .filter_map(|ch| {
                        let s = ch.settings.as_ref()?;
                        Some(format!(
                            "{:<16} timeout {} min, members {}, private sessions {}{}",
                            ch.name,
                            s.session_timeout_minutes,
                            if s.members.is_empty() {
                                "everyone".into()
                            } else {
                                s.members.join(",")
                            },
                            s.private_sessions,
                            if ch.muted { ", muted" } else { "" }
                        ))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ChannelCommand::Set {
            channel,
            timeout_minutes,
            members,
            private_sessions,
        } => {
            let board = call::board(rt).await?;
            let current = board
                .channels
                .iter()
                .find(|ch| match &ch.channel_ref {
                    ChannelRef::Channel(id) => *id == channel,
                    ChannelRef::Private => channel == "private",
                    ChannelRef::Home => false,
                })
                .and_then(|ch| ch.settings.clone())
                .ok_or_else(|| {
                    ErrorDto::new(
                        ErrorCode::NotFound,
                        format!("channel {channel:?} does not exist"),
                    )
                })?;
            let mut settings = current;
            if let Some(t) = timeout_minutes {
                settings.session_timeout_minutes = t;
            }
            if let Some(m) = members {
                settings.members = m
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
            }
            if let Some(p) = private_sessions {
                settings.private_sessions = p;
            }
            call::update_channel_settings(rt, channel.to_owned(), settings.clone()).await?;
            output::value(json, &settings, |s| format!("{channel}: {s:?}"));
        }
        ChannelCommand::Mute { channel } => {
            call::set_channel_muted(rt, channel.to_owned(), true).await?
        }
        ChannelCommand::Unmute { channel } => {
            call::set_channel_muted(rt, channel.to_owned(), false).await?
        }
        ChannelCommand::Default { channel } => {
            call::set_default_channel(rt, channel.to_owned()).await?
        }
    }
    Ok(())
}

async fn tech(json: bool, rt: &Runtime, command: TechCommand) -> Result<(), ErrorDto> {
    match command {
        TechCommand::List => {
            let list = call::technicians(rt).await?;
            output::value(json, &list, |l| {
                l.iter()
                    .map(|t| {
                        format!(
                            "{:<10} {:<20} {}{}",
                            t.id,
                            t.name,
                            t.email,
                            if t.can_release { "" } else { "  (no release)" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        TechCommand::Add {
            id,
            name,
            email,
            no_release,
        } => {
            call::add_technician(
                rt,
                Technician {
                    id,
                    name,
                    email,
                    can_release: !no_release,
                    available: true,
                },
            )
            .await?
        }
        TechCommand::Use { id } => call::set_current_technician(rt, id.to_owned()).await?,
        TechCommand::Available { available } => call::set_available(rt, available).await?,
    }
    Ok(())
}

/// Without --follow: one poll round and the events it caused. With it: poll forever.
async fn events(rt: &Runtime, follow: bool) -> Result<(), ErrorDto> {
    let mut rx = rt.console().subscribe();
    let print = |e: &tether_core::Event| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", serde_json::to_string(e).unwrap_or_default());
        let _ = out.flush();
    };
    if !follow {
        call::sync_now(rt).await?;
        while let Ok(e) = rx.try_recv() {
            print(&e);
        }
        return Ok(());
    }
    let poller = rt.console().spawn_poller();
    loop {
        tokio::select! {
            e = rx.recv() => match e {
                Ok(e) => print(&e),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!("{n} events skipped");
                }
                Err(_) => break,
            },
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    poller.abort();
    Ok(())
}

async fn sandbox(
    json: bool,
    port: u16,
    token: String,
    state: Option<std::path::PathBuf>,
) -> Result<(), ErrorDto> {
    let sandbox = Sandbox::start(SandboxOptions {
        bind: SocketAddr::from(([127, 0, 0, 1], port)),
        token,
        state_file: state,
    })
    .await
    .map_err(|e| {
        ErrorDto::new(
            ErrorCode::Sandbox,
            format!("the sandbox could not listen on port {port}: {e}"),
        )
    })?;
    let url = sandbox.url();
    output::value(json, &serde_json::json!({ "url": url }), |_| url.clone());
    let _ = std::io::stdout().flush();
    stop_requested().await;
    sandbox.stop().await;
    Ok(())
}

/// Ctrl-C anywhere; SIGTERM too on Unix, so test harnesses can stop the sandbox cleanly.
pub(crate) async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

async fn end_user(
    json: bool,
    control: &SandboxControl,
    code: &str,
    action: &str,
) -> Result<(), ErrorDto> {
    let action = EndUserAction::parse(action).ok_or_else(|| {
        invalid(format!(
            "{action:?} is not one of launch, grant, refuse, leave, end"
        ))
    })?;
    let session = control
        .end_user(code, action)
        .await
        .map_err(|e| ErrorDto::new(ErrorCode::Sandbox, e.to_string()))?;
    output::value(json, &session, |s| {
        format!(
            "{} is now {} (online: {})",
            code,
            s["status"],
            !s["online_since"].is_null()
        )
    });
    Ok(())
}

/// `tether creds …`: the same commands as Settings → Integrations.
async fn creds(json: bool, rt: &Runtime, command: CredsCommand) -> Result<(), ErrorDto> {
    let kind = |name: &str| {
        IntegrationKind::parse(name).ok_or_else(|| {
            invalid(format!(
                "{name:?} is not one of splashtop, beyondtrust, teamviewer, syncro, smtp"
            ))
        })
    };
    match command {
        CredsCommand::List => {
            let all = call::integrations(rt).await?;
            output::value(json, &all, |list| {
                list.iter()
                    .map(|i| {
                        format!(
                            "{:<28} {:<9} {}  secrets stored: {}",
                            i.name,
                            if i.enabled { "enabled" } else { "disabled" },
                            i.values.get("base_url").map(String::as_str).unwrap_or("-"),
                            if i.stored_secrets.is_empty() {
                                "none".into()
                            } else {
                                i.stored_secrets.join(", ")
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        CredsCommand::Set {
            provider,
            url,
            values,
            secret,
        } => {
            let kind = kind(&provider)?;
            let mut update = IntegrationUpdate {
                kind,
                enabled: true,
                values: url
                    .map(|u| ("base_url".to_string(), u))
                    .into_iter()
                    .collect(),
                secrets: Default::default(),
            };
            for pair in values {
                let (k, v) = pair
                    .split_once('=')
                    .ok_or_else(|| invalid(format!("{pair:?}: use --value key=value")))?;
                update.values.insert(k.to_string(), v.to_string());
            }
            let fields = kind.fields();
            let wanted = fields.iter().find(|f| match &secret {
                Some(key) => &f.key == key && f.kind == FieldKind::Secret,
                None => f.kind == FieldKind::Secret && f.required,
            });
            match (wanted, &secret) {
                (Some(field), _) => {
                    let prompt = format!("{} {}", kind.name(), field.label);
                    update
                        .secrets
                        .insert(field.key.clone(), read_secret(&prompt)?);
                }
                (None, Some(key)) => {
                    return Err(invalid(format!("{} has no secret {key:?}", kind.name())));
                }
                (None, None) => {}
            }
            let saved = call::save_integration(rt, update).await?;
            let message = format!(
                "{} set up; secrets in the OS keychain: {}",
                saved.name,
                saved.stored_secrets.join(", ")
            );
            output::value(json, &saved, |_| message.clone());
        }
        CredsCommand::Test { provider } => {
            let outcome = call::test_integration(rt, kind(&provider)?).await?;
            if !outcome.ok {
                return Err(ErrorDto::new(
                    outcome.code.unwrap_or(ErrorCode::ProviderRefused),
                    outcome.message,
                ));
            }
            output::value(json, &outcome, |o| o.message.clone());
        }
        CredsCommand::Authorise { provider } => {
            let kind = kind(&provider)?;
            // The consent page's link arrives as an event: this terminal is the browser's
            // only way in.
            let mut events = rt.console().subscribe();
            let link = tokio::spawn(async move {
                while let Ok(event) = events.recv().await {
                    if let tether_core::Event::AuthorisationPending { url, .. } = event {
                        eprintln!("Open this link to sign in:\n{url}");
                    }
                }
            });
            let status = call::authorise(rt, kind).await;
            link.abort();
            let status = status?;
            output::value(json, &status, |s| {
                format!("{} authorised {}", s.technician, kind.name())
            });
        }
        CredsCommand::Disconnect { provider } => {
            let kind = kind(&provider)?;
            let status = call::disconnect(rt, kind).await?;
            output::value(json, &status, |s| {
                format!("{} disconnected {}", s.technician, kind.name())
            });
        }
        CredsCommand::Remove { provider } => {
            let kind = kind(&provider)?;
            call::remove_integration(rt, kind).await?;
            let message = format!("{} removed: secrets and settings forgotten", kind.name());
            output::value(json, &serde_json::json!({ "ok": true }), |_| {
                message.clone()
            });
        }
    }
    Ok(())
}

/// A secret from standard input: piped, or typed after a prompt with the terminal's echo
/// off, so it never shows on the screen or in a terminal's scrollback.
fn read_secret(what: &str) -> Result<Secret, ErrorDto> {
    use std::io::{IsTerminal, Read};
    let mut input = String::new();
    if std::io::stdin().is_terminal() {
        input = rpassword::prompt_password(format!("{what}: "))
            .map_err(|e| invalid(format!("the {what} could not be read: {e}")))?;
    } else {
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(|e| invalid(e.to_string()))?;
    }
    let secret = Secret::new(input.trim());
    if secret.expose().is_empty() {
        return Err(invalid(format!("no {what} on standard input")));
    }
    Ok(secret)
}
