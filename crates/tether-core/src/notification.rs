//! SPEC SD6: which events deserve a native notification. A pure rule, so it is tested
//! without a desktop; the shell only shows what this returns.

use std::collections::HashSet;

use crate::domain::{Channel, ChannelKind, SessionState};
use crate::event::Event;
use crate::ports::notifier::Notification;

/// What the rule needs to know about the technician at this desk.
pub struct Audience<'a> {
    pub me: &'a str,
    pub muted: &'a HashSet<String>,
    pub channels: &'a [Channel],
}

/// The notification for `event`, if SD6 asks for one. Changes the technician made
/// themselves are not announced back to them.
pub fn notification_for(event: &Event, audience: &Audience<'_>) -> Option<Notification> {
    let Event::SessionChanged {
        session,
        from,
        actor,
    } = event
    else {
        return None;
    };
    if audience.muted.contains(&session.channel_id) || actor.technician() == Some(audience.me) {
        return None;
    }
    let changed = from.is_some_and(|f| f != session.state);
    let mine = session.assignee.as_deref() == Some(audience.me)
        || session.invited.iter().any(|t| t == audience.me);
    let channel = audience
        .channels
        .iter()
        .find(|c| c.id == session.channel_id);
    let channel_name = channel.map(|c| c.name.as_str()).unwrap_or("Private");
    let detail = if session.issue.is_empty() {
        String::new()
    } else {
        format!("{} · ", session.issue)
    };
    if changed && mine {
        // What happened is the title; the body starts with what to do about it.
        let next = next_step(session)
            .map(|s| format!("{s} · "))
            .unwrap_or_default();
        return Some(Notification {
            title: format!("{} — {}", session.customer_name, session.state.label()),
            body: format!(
                "{next}{detail}{} says {} · {channel_name}",
                provider_label(&session.provider),
                session.provider_status
            ),
            session_id: session.id.clone(),
        });
    }
    let entered_queue =
        session.state == SessionState::InQueue && *from != Some(SessionState::InQueue);
    let my_channel = match channel {
        Some(c) if c.kind == ChannelKind::Shared => {
            c.is_member(audience.me)
                && (!c.settings.private_sessions || session.involves(audience.me))
        }
        _ => session.involves(audience.me),
    };
    if entered_queue && my_channel {
        return Some(Notification {
            title: format!("{} — waiting in queue", session.customer_name),
            body: format!("{detail}{channel_name}: take it to help"),
            session_id: session.id.clone(),
        });
    }
    None
}

/// The technician's next move after a change of state, where there is one.
fn next_step(session: &crate::domain::Session) -> Option<&'static str> {
    use crate::domain::Permission;
    match session.state {
        SessionState::Active => Some(match session.permission {
            Permission::NotRequested => {
                "They opened the support app: request permission (P), then start the session (S)"
            }
            Permission::Requested => "They opened the support app: waiting for their permission",
            Permission::Granted => "They are ready: start the remote session (S)",
            Permission::Refused => "They refused permission: call them before asking again",
        }),
        SessionState::Pending => Some("Waiting for them to open the link"),
        SessionState::Expired => {
            Some("The link expired: create a new session if they still need help")
        }
        SessionState::InQueue | SessionState::Closed => None,
    }
}

fn provider_label(provider: &str) -> &str {
    match provider {
        "splashtop" => "Splashtop",
        "teamviewer" => "TeamViewer",
        "beyondtrust" => "BeyondTrust",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Actor, ChannelSettings, Permission, Session};
    use chrono::Utc;

    fn session(state: SessionState, assignee: Option<&str>, channel: &str) -> Session {
        let now = Utc::now();
        Session {
            id: "s1".into(),
            channel_id: channel.into(),
            provider: "splashtop".into(),
            provider_session_id: "1".into(),
            customer_name: "Dana Whitfield".into(),
            issue: "Printer offline".into(),
            code: "123456789".into(),
            link: "https://example.com/x".into(),
            state,
            provider_status: "Online".into(),
            permission: Permission::NotRequested,
            assignee: assignee.map(str::to_string),
            invited: vec![],
            created_by: "alex".into(),
            created_at: now,
            updated_at: now,
            state_changed_at: now,
            ticket_id: None,
        }
    }

    fn shared(id: &str, members: &[&str]) -> Channel {
        Channel {
            id: id.into(),
            name: "Front desk".into(),
            kind: ChannelKind::Shared,
            provider_channel_id: 1,
            settings: ChannelSettings {
                members: members.iter().map(|m| m.to_string()).collect(),
                ..ChannelSettings::default()
            },
        }
    }

    fn changed(s: Session, from: SessionState, actor: Actor) -> Event {
        Event::SessionChanged {
            session: s,
            from: Some(from),
            actor,
        }
    }

    #[test]
    fn my_session_going_active_notifies_with_its_name() {
        let channels = [shared("c1", &[])];
        let muted = HashSet::new();
        let a = Audience {
            me: "alex",
            muted: &muted,
            channels: &channels,
        };
        let e = changed(
            session(SessionState::Active, Some("alex"), "c1"),
            SessionState::Pending,
            Actor::EndUser,
        );
        let n = notification_for(&e, &a).expect("a notification");
        assert_eq!(n.title, "Dana Whitfield — Active");
        assert!(
            n.body
                .starts_with("They opened the support app: request permission (P)"),
            "{}",
            n.body
        );
        assert!(n.body.contains("Printer offline"));
        assert!(n.body.contains("Splashtop says Online"));
    }

    #[test]
    fn someone_elses_session_changing_is_silent() {
        let channels = [shared("c1", &[])];
        let muted = HashSet::new();
        let a = Audience {
            me: "alex",
            muted: &muted,
            channels: &channels,
        };
        let e = changed(
            session(SessionState::Active, Some("sam"), "c1"),
            SessionState::Pending,
            Actor::EndUser,
        );
        assert_eq!(notification_for(&e, &a), None);
    }

    #[test]
    fn new_in_queue_session_in_my_channel_notifies_even_if_not_mine() {
        let channels = [shared("c1", &["alex", "sam"]), shared("c2", &["sam"])];
        let muted = HashSet::new();
        let a = Audience {
            me: "alex",
            muted: &muted,
            channels: &channels,
        };
        let e = changed(
            session(SessionState::InQueue, None, "c1"),
            SessionState::Active,
            Actor::Technician("sam".into()),
        );
        assert!(notification_for(&e, &a)
            .unwrap()
            .title
            .contains("waiting in queue"));
        // Not a member of c2: silent.
        let e = changed(
            session(SessionState::InQueue, None, "c2"),
            SessionState::Active,
            Actor::Technician("sam".into()),
        );
        assert_eq!(notification_for(&e, &a), None);
    }

    #[test]
    fn muted_channels_and_my_own_actions_are_silent() {
        let channels = [shared("c1", &[])];
        let mut muted = HashSet::new();
        let a = Audience {
            me: "alex",
            muted: &muted,
            channels: &channels,
        };
        let own = changed(
            session(SessionState::Closed, Some("alex"), "c1"),
            SessionState::Active,
            Actor::Technician("alex".into()),
        );
        assert_eq!(notification_for(&own, &a), None);
        muted.insert("c1".to_string());
        let a = Audience {
            me: "alex",
            muted: &muted,
            channels: &channels,
        };
        let e = changed(
            session(SessionState::Active, Some("alex"), "c1"),
            SessionState::Pending,
            Actor::EndUser,
        );
        assert_eq!(notification_for(&e, &a), None);
    }

    #[test]
    fn creation_and_same_state_updates_are_silent() {
        let channels = [shared("c1", &[])];
        let muted = HashSet::new();
        let a = Audience {
            me: "alex",
            muted: &muted,
            channels: &channels,
        };
        let created = Event::SessionChanged {
            session: session(SessionState::Pending, Some("alex"), "c1"),
            from: None,
            actor: Actor::Technician("sam".into()),
        };
        assert_eq!(notification_for(&created, &a), None);
        let updated = Event::SessionUpdated {
            session: session(SessionState::Active, Some("alex"), "c1"),
            actor: Actor::EndUser,
        };
        assert_eq!(notification_for(&updated, &a), None);
    }
}
