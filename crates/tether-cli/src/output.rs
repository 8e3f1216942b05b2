//! Text for people, JSON for scripts.

use serde::Serialize;
use tether_core::domain::{Session, SessionDetail};
use tether_core::ErrorDto;

pub fn error(json: bool, e: &ErrorDto) {
    if json {
        eprintln!("{}", serde_json::json!({ "error": e }));
    } else {
        eprintln!("tether: {} ({})", e.message, e.code);
    }
}

pub fn value<T: Serialize>(json: bool, v: &T, text: impl FnOnce(&T) -> String) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(v).unwrap_or_else(|e| e.to_string())
        );
    } else {
        println!("{}", text(v));
    }
}

pub fn session_line(s: &Session) -> String {
    format!(
        "{}  {:<9} {:<10} {:<24} code {}  {}",
        s.id,
        s.state.label(),
        s.provider_status,
        s.customer_name,
        s.code,
        s.assignee.as_deref().unwrap_or("(unassigned)")
    )
}

pub fn detail_text(d: &SessionDetail) -> String {
    let s = &d.session;
    let mut out = vec![
        format!("{} — {}", s.customer_name, s.issue),
        format!(
            "state       {} ({} says {})",
            s.state.label(),
            s.provider,
            s.provider_status
        ),
        format!("code        {}", s.code),
        format!("link        {}", s.link),
        format!("channel     {}", s.channel_id),
        format!("assignee    {}", s.assignee.as_deref().unwrap_or("-")),
        format!("invited     {}", s.invited.join(", ")),
        format!("permission  {:?}", s.permission),
    ];
    if let Some(at) = d.expires_at {
        out.push(format!("expires     {}", at.to_rfc3339()));
    }
    out.push("history".into());
    for h in &d.history {
        let from = h.from.map(|f| f.label()).unwrap_or("—");
        out.push(format!(
            "  {}  {:<14} {} → {}  {}",
            h.at.format("%Y-%m-%d %H:%M:%S"),
            h.actor.encode(),
            from,
            h.to.label(),
            h.note.as_deref().unwrap_or("")
        ));
    }
    out.join("\n")
}
