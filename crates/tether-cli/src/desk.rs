//! Tickets, assets, invitations and launches from a terminal (issue: tickets and assets).

use std::io::Read;
use std::path::Path;

use tether_api::call;
use tether_core::console::{DeskImport, InviteRequest};
use tether_core::domain::{
    AssetQuery, BeyondTrustSettings, InviteProvider, InviteTarget, NewTicket,
    RemoteSupportSettings, Ticket, TicketQuery, TicketStatus,
};
use tether_core::ErrorDto;
use tether_runtime::Runtime;

use crate::args::{
    BeyondTrustCommand, MailCommand, RemoteSupportCommand, TargetArgs, TicketCommand,
};
use crate::output;

use crate::run::invalid;

fn ticket_line(t: &Ticket) -> String {
    format!(
        "#{:<6} {:<11} {:<20} {}",
        t.number,
        t.status.as_str(),
        t.customer_name,
        t.subject
    )
}

/// A ticket by number (`1042`, `#1042`) or id.
async fn find_ticket(rt: &Runtime, reference: &str) -> Result<Ticket, ErrorDto> {
    if let Ok(n) = reference.trim_start_matches('#').parse::<i64>() {
        let found = call::tickets(
            rt,
            TicketQuery {
                text: n.to_string(),
                ..TicketQuery::default()
            },
        )
        .await?;
        if let Some(t) = found.into_iter().find(|t| t.number == n) {
            return Ok(t);
        }
    }
    Ok(call::ticket_detail(rt, reference.to_owned()).await?.ticket)
}

fn target(t: TargetArgs) -> InviteTarget {
    chosen_target(t).unwrap_or(InviteTarget::Default)
}

/// The target named on the command line, if any.
fn chosen_target(t: TargetArgs) -> Option<InviteTarget> {
    match (t.agent, t.team, t.channel) {
        (Some(a), _, _) => Some(InviteTarget::Agent(a)),
        (_, Some(t), _) => Some(InviteTarget::Team(t)),
        (_, _, Some(c)) => Some(InviteTarget::Channel(c)),
        _ => None,
    }
}

/// A JSON argument from a file, or from stdin for `-`.
pub fn read_json(file: &Path) -> Result<String, ErrorDto> {
    let mut text = String::new();
    if file == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| invalid(format!("cannot read stdin: {e}")))?;
    } else {
        text = std::fs::read_to_string(file)
            .map_err(|e| invalid(format!("cannot read {}: {e}", file.display())))?;
    }
    Ok(text)
}

pub async fn tickets(
    json: bool,
    rt: &Runtime,
    search: String,
    status: Option<String>,
    customer: Option<String>,
) -> Result<(), ErrorDto> {
    let status = match status {
        Some(s) => Some(TicketStatus::parse(&s).ok_or_else(|| {
            invalid(format!(
                "{s:?} is not a status: open, in_progress, waiting, resolved or closed"
            ))
        })?),
        None => None,
    };
    let list = call::tickets(
        rt,
        TicketQuery {
            text: search,
            status,
            customer_id: customer,
            ..TicketQuery::default()
        },
    )
    .await?;
    output::value(json, &list, |l| {
        if l.is_empty() {
            "no tickets match".into()
        } else {
            l.iter().map(ticket_line).collect::<Vec<_>>().join("\n")
        }
    });
    Ok(())
}

pub async fn ticket(json: bool, rt: &Runtime, command: TicketCommand) -> Result<(), ErrorDto> {
    match command {
        TicketCommand::Show { ticket } => {
            let id = find_ticket(rt, &ticket).await?.id;
            let detail = call::ticket_detail(rt, id.to_owned()).await?;
            output::value(json, &detail, |d| {
                let t = &d.ticket;
                let mut out = vec![
                    ticket_line(t),
                    format!("end user    {} <{}>", t.end_user_name, t.end_user_email),
                    format!(
                        "type        {}",
                        d.ticket_type.as_ref().map_or("-", |t| t.name.as_str())
                    ),
                    "timeline".into(),
                ];
                for a in &d.actions {
                    let delivery = match (&a.delivery, &a.delivery_error) {
                        (Some(tether_core::domain::Delivery::Pending), Some(e)) => {
                            format!("  [pending: {e}]")
                        }
                        (Some(tether_core::domain::Delivery::Pending), None) => {
                            "  [pending]".into()
                        }
                        (Some(tether_core::domain::Delivery::Sent), _) => "  [sent]".into(),
                        (Some(tether_core::domain::Delivery::Discarded), _) => {
                            "  [discarded]".into()
                        }
                        (None, _) => String::new(),
                    };
                    out.push(format!(
                        "  {}  {:<8} {}{delivery}",
                        a.at.format("%Y-%m-%d %H:%M"),
                        a.actor,
                        a.note
                    ));
                    if let Some(transcript) = &a.transcript {
                        out.extend(transcript.lines().map(|l| format!("      {l}")));
                    }
                }
                out.join("\n")
            });
        }
        TicketCommand::New {
            subject,
            customer,
            name,
            email,
            ticket_type,
            asset,
        } => {
            let created = call::create_ticket(
                rt,
                NewTicket {
                    subject,
                    customer_id: customer,
                    end_user_name: name,
                    end_user_email: email,
                    type_id: ticket_type,
                    asset_id: asset,
                },
            )
            .await?;
            output::value(json, &created, |c| {
                let mut out = vec![ticket_line(&c.ticket)];
                if let Some(a) = &c.invitation {
                    out.push(a.note.clone());
                }
                if let Some(e) = &c.invitation_error {
                    out.push(format!("invitation not sent: {}", e.message));
                }
                out.join("\n")
            });
        }
        TicketCommand::Note { ticket, text } => {
            let id = find_ticket(rt, &ticket).await?.id;
            call::add_ticket_note(rt, id.to_owned(), text.to_owned()).await?;
        }
        TicketCommand::Invite {
            ticket,
            to,
            target: t,
            preview,
            action,
            beyondtrust,
        } => {
            let request = InviteRequest {
                ticket_id: find_ticket(rt, &ticket).await?.id,
                recipients: to,
                target: target(t),
                quick: !action,
                provider: if beyondtrust {
                    InviteProvider::Beyondtrust
                } else {
                    InviteProvider::Splashtop
                },
            };
            if preview {
                let p = call::preview_invite(rt, request).await?;
                output::value(json, &p, |p| {
                    let mut out = vec![format!("to          {}", p.recipients.join(", "))];
                    out.push(format!("goes to     {}", p.target.label));
                    if let Some(why) = &p.target.fallback_reason {
                        out.push(format!("because     {why}"));
                    }
                    out.push(format!("subject     {}", p.subject));
                    out.push(String::new());
                    out.push(p.text.clone());
                    out.join("\n")
                });
            } else {
                let a = call::send_invite(rt, request).await?;
                output::value(json, &a, |a| {
                    let state = match (&a.delivery, &a.delivery_error) {
                        (Some(tether_core::domain::Delivery::Sent), _) => "sent".to_string(),
                        (_, Some(e)) => format!("pending in the outbox: {e}"),
                        _ => "pending in the outbox".to_string(),
                    };
                    format!("{}\nemail: {state}", a.note)
                });
            }
        }
        TicketCommand::ChatInvite { ticket, target: t } => {
            let id = find_ticket(rt, &ticket).await?.id;
            let m = call::send_chat_invite(rt, id.to_owned(), chosen_target(t)).await?;
            output::value(json, &m, |m| {
                format!("posted in chat {}: {}", m.chat_id, m.html)
            });
        }
    }
    Ok(())
}

pub async fn assets(
    json: bool,
    rt: &Runtime,
    search: String,
    customer: Option<String>,
) -> Result<(), ErrorDto> {
    let list = call::assets(
        rt,
        AssetQuery {
            text: search,
            customer_id: customer,
            limit: None,
        },
    )
    .await?;
    output::value(json, &list, |l| {
        if l.is_empty() {
            return "no assets match".into();
        }
        l.iter()
            .map(|a| {
                format!(
                    "{:<14} {:<16} {:<10} {}",
                    a.id, a.name, a.inventory_number, a.customer_name
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub async fn asset(json: bool, rt: &Runtime, id: &str) -> Result<(), ErrorDto> {
    let d = call::asset_detail(rt, id.to_owned()).await?;
    output::value(json, &d, |d| {
        let mut out = vec![format!(
            "{} ({}, {:?}) — {}",
            d.asset.name, d.asset_type.name, d.asset.platform, d.asset.customer_name
        )];
        for f in &d.asset_type.fields {
            if let Some(v) = d.asset.fields.get(&f.key) {
                out.push(format!("  {:<20} {v}", f.label));
            }
        }
        out.push("launch".into());
        for b in &d.launch.buttons {
            out.push(format!("  {:<24} {}", b.id, b.label));
        }
        for why in &d.launch.unavailable {
            out.push(format!("  (none: {why})"));
        }
        if !d.history.is_empty() {
            out.push("history".into());
            for h in &d.history {
                out.push(format!(
                    "  {}  {:<8} {}",
                    h.at.format("%Y-%m-%d %H:%M"),
                    h.actor,
                    h.label
                ));
            }
        }
        out.join("\n")
    });
    Ok(())
}

pub async fn launch(
    json: bool,
    rt: &Runtime,
    asset: &str,
    button: &str,
    dry_run: bool,
) -> Result<(), ErrorDto> {
    let (asset, button) = (asset.to_owned(), button.to_owned());
    let l = if dry_run {
        call::launch_url(rt, asset, button).await?
    } else {
        call::launch(rt, asset, button).await?
    };
    output::value(json, &l, |l| l.url.clone());
    Ok(())
}

pub async fn import(json: bool, rt: &Runtime, file: &Path) -> Result<(), ErrorDto> {
    let text = read_json(file)?;
    let import: DeskImport = serde_json::from_str(&text)
        .map_err(|e| invalid(format!("{} is not a Tether import: {e}", file.display())))?;
    let r = call::import_desk(rt, import).await?;
    output::value(json, &r, |r| {
        let mut out = vec![format!(
            "imported {} customers, {} teams, {} ticket types, {} asset types, {} assets, {} tickets",
            r.customers, r.teams, r.ticket_types, r.asset_types, r.assets, r.tickets
        )];
        for why in &r.refused {
            out.push(format!("refused: {why}"));
        }
        out.join("\n")
    });
    Ok(())
}

pub async fn remote_support(
    json: bool,
    rt: &Runtime,
    command: RemoteSupportCommand,
) -> Result<(), ErrorDto> {
    match command {
        RemoteSupportCommand::Show => {
            let s = call::remote_support_settings(rt).await?;
            // The settings are JSON either way: that is their editable form.
            output::value(true, &s, |_| String::new());
            let _ = json;
        }
        RemoteSupportCommand::Set { file } => {
            let text = read_json(&file)?;
            let settings: RemoteSupportSettings = serde_json::from_str(&text)
                .map_err(|e| invalid(format!("not remote-support settings: {e}")))?;
            call::save_remote_support_settings(rt, settings).await?;
        }
    }
    Ok(())
}

pub async fn mail(json: bool, rt: &Runtime, command: MailCommand) -> Result<(), ErrorDto> {
    match command {
        MailCommand::Pending => {
            let pending = call::pending_mail(rt).await?;
            output::value(json, &pending, |p| {
                if p.is_empty() {
                    return "no email waiting".into();
                }
                p.iter()
                    .map(|m| {
                        format!(
                            "{} → {}  attempts {}  {}",
                            m.subject,
                            m.to.join(", "),
                            m.attempts,
                            m.last_error.as_deref().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        MailCommand::Retry => {
            let left = call::retry_mail(rt).await?;
            output::value(json, &serde_json::json!({ "pending": left }), |_| {
                format!("{left} emails still pending")
            });
        }
    }
    Ok(())
}

pub async fn beyondtrust(
    json: bool,
    rt: &Runtime,
    command: BeyondTrustCommand,
) -> Result<(), ErrorDto> {
    let _ = json;
    match command {
        // The settings are JSON either way: that is their editable form.
        BeyondTrustCommand::Show => {
            output::value(true, &call::beyondtrust_settings(rt).await?, |_| {
                String::new()
            })
        }
        BeyondTrustCommand::Set { file } => {
            let settings: BeyondTrustSettings = serde_json::from_str(&read_json(&file)?)
                .map_err(|e| invalid(format!("not BeyondTrust settings: {e}")))?;
            call::save_beyondtrust_settings(rt, settings).await?;
        }
        BeyondTrustCommand::GetTeams => {
            output::value(true, &call::fetch_beyondtrust_teams(rt).await?, |_| {
                String::new()
            })
        }
    }
    Ok(())
}

pub async fn unlinked(json: bool, rt: &Runtime) -> Result<(), ErrorDto> {
    let list = call::unlinked_sessions(rt).await?;
    output::value(json, &list, |l| {
        if l.is_empty() {
            return "no unlinked sessions".into();
        }
        l.iter()
            .map(|u| {
                let s = &u.session;
                let mut line = format!(
                    "{}  {:?}  {} with {}  {} s{}",
                    s.id,
                    s.status,
                    s.customer_name,
                    s.rep_name,
                    s.duration_seconds,
                    s.reason
                        .as_ref()
                        .map_or(String::new(), |r| format!("  ({r})"))
                );
                for t in &u.suggestions {
                    line.push_str(&format!("\n    suggested: #{} {}", t.number, t.subject));
                }
                line
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub async fn link(json: bool, rt: &Runtime, session: &str, ticket: &str) -> Result<(), ErrorDto> {
    let id = find_ticket(rt, ticket).await?.id;
    let r = call::link_remote_session(rt, session.to_owned(), id).await?;
    output::value(json, &r, |r| {
        format!("linked to ticket {}", r.ticket_id.as_deref().unwrap_or("?"))
    });
    Ok(())
}

pub async fn intake(json: bool, rt: &Runtime) -> Result<(), ErrorDto> {
    let round = call::intake_now(rt).await?;
    let (events, reconciled) = (&round.events, &round.reconciled);
    output::value(json, &round, |_| {
        format!(
                "events: {} linked, {} unlinked, {} rejected, {} duplicates, {} waiting; reconciled: {} linked, {} unlinked, {} rejected",
                events.linked, events.unlinked, events.rejected, events.duplicates, events.waiting,
                reconciled.linked, reconciled.unlinked, reconciled.rejected
            )
    });
    Ok(())
}

pub fn parse_json(text: &str) -> Result<serde_json::Value, ErrorDto> {
    serde_json::from_str(text).map_err(|e| invalid(format!("the arguments are not JSON: {e}")))
}
