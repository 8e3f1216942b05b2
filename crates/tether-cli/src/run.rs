//! Each subcommand is one `Console` call.

use std::io::Write;
use std::net::SocketAddr;

use tether_core::domain::{ChannelRef, NewSession, Technician};
use tether_core::domain::{FieldKind, IntegrationKind, IntegrationUpdate};
use tether_core::secret::Secret;
use tether_core::{CoreError, ErrorDto};
use tether_runtime::{Integrations, Runtime, RuntimeOptions, SplashtopConnection};
use tether_sandbox::{EndUserAction, Sandbox, SandboxControl, SandboxOptions};

use crate::args::{ChannelCommand, Cli, Command, CredsCommand, TechCommand};
use crate::desk;
use crate::output::{self, detail_text, session_line};

fn dto(e: impl std::fmt::Display, code: &str) -> ErrorDto {
    ErrorDto {
        code: code.into(),
        message: e.to_string(),
    }
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
        Command::Creds { command } => return creds(json, cli.data_dir, cli.actor, command).await,
        _ => {}
    }
    let runtime = Runtime::start(RuntimeOptions {
        data_dir: cli.data_dir,
        splashtop: SplashtopConnection::from_env(),
        actor: cli.actor,
        secrets: None,
    })
    .await
    .map_err(runtime_error)?;
    // The cache may not know the provider's channels yet; a slow provider must not hold up
    // commands that only read the cache, so this is bounded.
    let sync = tokio::time::timeout(
        std::time::Duration::from_secs(3),
        runtime.console.sync_channels(),
    );
    if let Ok(Err(e)) = sync.await {
        tracing::warn!("channels not refreshed: {e}");
    }
    let result = command(json, &runtime, cli.command).await;
    runtime.shutdown().await;
    result
}

async fn command(json: bool, rt: &Runtime, command: Command) -> Result<(), ErrorDto> {
    let c = &rt.console;
    let show = |s: &tether_core::domain::Session| output::value(json, s, session_line);
    match command {
        Command::Board => {
            let board = c.board().await?;
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
            let sessions = c.list_sessions(&view).await?;
            output::value(json, &sessions, |list| {
                if list.is_empty() {
                    "no sessions here (create one with `tether new --name …`)".into()
                } else {
                    list.iter().map(session_line).collect::<Vec<_>>().join("\n")
                }
            });
        }
        Command::Show { id } => output::value(json, &c.session_detail(&id).await?, detail_text),
        Command::New {
            channel,
            name,
            issue,
        } => show(
            &c.create_session(NewSession {
                channel_id: match channel {
                    Some(channel) => channel,
                    None => c.settings().await?.default_channel,
                },
                customer_name: name,
                issue,
            })
            .await?,
        ),
        Command::Permission { id } => show(&c.request_permission(&id).await?),
        Command::Start { id } => {
            let url = c.start_remote(&id).await?;
            output::value(json, &serde_json::json!({ "url": url }), |_| url.clone());
        }
        Command::Assign { id, technician } => show(&c.assign(&id, &technician).await?),
        Command::Take { id } => show(&c.take(&id).await?),
        Command::Transfer { id, channel } => show(&c.transfer_to_channel(&id, &channel).await?),
        Command::Invite { id, technician } => show(&c.invite_technician(&id, &technician).await?),
        Command::Release { id } => show(&c.release(&id).await?),
        Command::Close { id } => show(&c.close(&id).await?),
        Command::Delete { id } => {
            c.delete(&id).await?;
            output::value(json, &serde_json::json!({ "deleted": id }), |_| {
                format!("deleted {id}")
            });
        }
        Command::Channel { command } => channel(json, rt, command).await?,
        Command::Tech { command } => tech(json, rt, command).await?,
        Command::PollInterval { ms } => {
            c.set_poll_interval(ms).await?;
            output::value(json, &serde_json::json!({ "poll_interval_ms": ms }), |_| {
                format!("polling every {ms} ms")
            });
        }
        Command::Events { follow } => events(rt, follow).await?,
        Command::Tickets {
            search,
            status,
            customer,
        } => desk::tickets(json, c, search, status, customer).await?,
        Command::Ticket { command } => desk::ticket(json, c, command).await?,
        Command::Assets { search, customer } => desk::assets(json, c, search, customer).await?,
        Command::Asset { id } => desk::asset(json, c, &id).await?,
        Command::Launch {
            asset,
            button,
            dry_run,
        } => desk::launch(json, c, &asset, &button, dry_run).await?,
        Command::Import { file } => desk::import(json, c, &file).await?,
        Command::RemoteSupport { command } => desk::remote_support(json, c, command).await?,
        Command::Mail { command } => desk::mail(json, c, command).await?,
        Command::Beyondtrust { command } => desk::beyondtrust(json, c, command).await?,
        Command::Unlinked => desk::unlinked(json, c).await?,
        Command::Link { session, ticket } => desk::link(json, c, &session, &ticket).await?,
        Command::Intake => desk::intake(json, c).await?,
        Command::EndUser {
            code,
            action,
            sandbox: None,
        } => {
            let control = rt.sandbox_control().ok_or_else(|| {
                dto(
                    "this is not the demo workspace: pass --sandbox URL to play the end user",
                    "invalid_input",
                )
            })?;
            end_user(json, &control, &code, &action).await?;
        }
        Command::Sandbox { .. } | Command::EndUser { .. } | Command::Creds { .. } => {}
    }
    Ok(())
}

async fn channel(json: bool, rt: &Runtime, command: ChannelCommand) -> Result<(), CoreError> {
    let c = &rt.console;
    match command {
        ChannelCommand::List => {
            let board = c.board().await?;
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
            let board = c.board().await?;
            let current = board
                .channels
                .iter()
                .find(|ch| match &ch.channel_ref {
                    ChannelRef::Channel(id) => *id == channel,
                    ChannelRef::Private => channel == "private",
                    ChannelRef::Home => false,
                })
                .and_then(|ch| ch.settings.clone())
                .ok_or_else(|| CoreError::NotFound {
                    what: "channel",
                    id: channel.clone(),
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
            c.update_channel_settings(&channel, settings.clone())
                .await?;
            output::value(json, &settings, |s| format!("{channel}: {s:?}"));
        }
        ChannelCommand::Mute { channel } => c.set_channel_muted(&channel, true).await?,
        ChannelCommand::Unmute { channel } => c.set_channel_muted(&channel, false).await?,
        ChannelCommand::Default { channel } => c.set_default_channel(&channel).await?,
    }
    Ok(())
}

async fn tech(json: bool, rt: &Runtime, command: TechCommand) -> Result<(), CoreError> {
    let c = &rt.console;
    match command {
        TechCommand::List => {
            let list = c.technicians().await?;
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
            c.add_technician(Technician {
                id,
                name,
                email,
                can_release: !no_release,
                available: true,
            })
            .await?
        }
        TechCommand::Use { id } => c.set_current_technician(&id).await?,
        TechCommand::Available { available } => c.set_available(available).await?,
    }
    Ok(())
}

/// Without --follow: one poll round and the events it caused. With it: poll forever.
async fn events(rt: &Runtime, follow: bool) -> Result<(), CoreError> {
    let mut rx = rt.console.subscribe();
    let print = |e: &tether_core::Event| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", serde_json::to_string(e).unwrap_or_default());
        let _ = out.flush();
    };
    if !follow {
        rt.console.poll_once().await?;
        while let Ok(e) = rx.try_recv() {
            print(&e);
        }
        return Ok(());
    }
    let poller = rt.console.spawn_poller();
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
        dto(
            format!("the sandbox could not listen on port {port}: {e}"),
            "sandbox",
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
async fn stop_requested() {
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
        dto(
            format!("{action:?} is not one of launch, grant, refuse, leave, end"),
            "invalid_input",
        )
    })?;
    let session = control
        .end_user(code, action)
        .await
        .map_err(|e| dto(e, "sandbox"))?;
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

/// `tether creds …`: the same integrations as Settings → Integrations.
async fn creds(
    json: bool,
    data_dir: Option<std::path::PathBuf>,
    actor: Option<String>,
    command: CredsCommand,
) -> Result<(), ErrorDto> {
    let technician = || {
        actor.clone().ok_or_else(|| {
            dto(
                "say who authorises: tether --as TECHNICIAN creds …",
                "invalid_input",
            )
        })
    };
    let kind = |name: &str| {
        IntegrationKind::parse(name).ok_or_else(|| {
            dto(
                format!("{name:?} is not one of splashtop, beyondtrust, teamviewer, syncro"),
                "invalid_input",
            )
        })
    };
    let data_dir = data_dir.unwrap_or_else(tether_runtime::default_data_dir);
    let secrets = std::sync::Arc::new(tether_secrets::Keychain::new());
    let integrations = Integrations::open(&data_dir, secrets)
        .await
        .map_err(runtime_error)?;
    let result = async {
        match command {
            CredsCommand::List => {
                let all = integrations.list().await.map_err(runtime_error)?;
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
                    let (k, v) = pair.split_once('=').ok_or_else(|| {
                        dto(format!("{pair:?}: use --value key=value"), "invalid_input")
                    })?;
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
                        let message = format!("{} has no secret {key:?}", kind.name());
                        return Err(dto(message, "invalid_input"));
                    }
                    (None, None) => {}
                }
                let saved = integrations.save(update).await.map_err(runtime_error)?;
                let message = format!(
                    "{} set up; secrets in the OS keychain: {}",
                    saved.name,
                    saved.stored_secrets.join(", ")
                );
                output::value(json, &saved, |_| message.clone());
            }
            CredsCommand::Test { provider } => {
                let outcome = integrations
                    .test(kind(&provider)?)
                    .await
                    .map_err(runtime_error)?;
                if !outcome.ok {
                    return Err(ErrorDto {
                        code: outcome.code.unwrap_or_else(|| "test_failed".into()),
                        message: outcome.message,
                    });
                }
                output::value(json, &outcome, |o| o.message.clone());
            }
            CredsCommand::Authorise { provider } => {
                let kind = kind(&provider)?;
                let who = technician()?;
                let status = integrations
                    .authorise(kind, &who, |url| {
                        eprintln!("Open this link to sign in to {}:\n{url}", kind.name());
                    })
                    .await
                    .map_err(runtime_error)?;
                output::value(json, &status, |_| {
                    format!("{who} authorised {}", kind.name())
                });
            }
            CredsCommand::Disconnect { provider } => {
                let kind = kind(&provider)?;
                let who = technician()?;
                let status = integrations
                    .disconnect(kind, &who)
                    .await
                    .map_err(runtime_error)?;
                output::value(json, &status, |_| {
                    format!("{who} disconnected {}", kind.name())
                });
            }
            CredsCommand::Remove { provider } => {
                let kind = kind(&provider)?;
                integrations.remove(kind).await.map_err(runtime_error)?;
                let message = format!("{} removed: secrets and settings forgotten", kind.name());
                output::value(json, &serde_json::json!({ "ok": true }), |_| {
                    message.clone()
                });
            }
        }
        Ok(())
    }
    .await;
    integrations.close().await;
    result
}

fn runtime_error(e: tether_runtime::RuntimeError) -> ErrorDto {
    ErrorDto {
        code: e.code().into(),
        message: e.to_string(),
    }
}

/// A secret from standard input: piped, or typed after a prompt on stderr.
fn read_secret(what: &str) -> Result<Secret, ErrorDto> {
    use std::io::{IsTerminal, Read};
    let mut input = String::new();
    if std::io::stdin().is_terminal() {
        eprint!("{what}: ");
        std::io::stdin()
            .read_line(&mut input)
            .map_err(|e| dto(e, "invalid_input"))?;
    } else {
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(|e| dto(e, "invalid_input"))?;
    }
    let secret = Secret::new(input.trim());
    if secret.expose().is_empty() {
        return Err(dto(format!("no {what} on standard input"), "invalid_input"));
    }
    Ok(secret)
}
