//! SPEC IN1–IN8: where an invitation goes, who may send it, and what it says. Pure rules:
//! the console feeds them what the cache knows and does what they decide.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::invite_target::{invitable_agent, InviteTarget};
use super::{Channel, Team, Technician, PRIVATE_CHANNEL_ID};
use crate::error::CoreError;

/// Which provider an invitation's session comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InviteProvider {
    /// A Splashtop support session on the board.
    #[default]
    Splashtop,
    /// A BeyondTrust session key for a rep's or a team's queue.
    Beyondtrust,
}

/// UA1/UA2: how asset buttons launch Splashtop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct LaunchSettings {
    /// The asset field that identifies the computer; a MAC-address field launches by MAC,
    /// any other by Splashtop device UUID (providers.md §3.1 documents only those two).
    pub splashtop_primary_field: Option<String>,
    pub splashtop_secondary_field: Option<String>,
    /// UA2: a fixed account email; `None` uses the current technician's.
    pub splashtop_account: Option<String>,
    /// UA6: show BeyondTrust's jump button (the host comes from the BeyondTrust card).
    pub beyondtrust_jump: bool,
}

impl Default for LaunchSettings {
    fn default() -> Self {
        LaunchSettings {
            splashtop_primary_field: Some("mac_address".into()),
            splashtop_secondary_field: None,
            splashtop_account: None,
            beyondtrust_jump: true,
        }
    }
}

/// IN5: the editable templates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct InviteTemplates {
    pub email_subject: String,
    pub email_html: String,
    pub remote_invite_html: String,
    pub chat_html: String,
}

impl Default for InviteTemplates {
    fn default() -> Self {
        InviteTemplates {
            email_subject: "Remote support session, code $REMOTESESSIONCODE".into(),
            email_html: "<p>Hello,</p>\n$REMOTEINVITE\n<p>Your technician will join as soon as you open it.</p>".into(),
            remote_invite_html: "<p>To let us help you, open <a href=\"$LINKTOREMOTE\">$LINKTOREMOTE</a> and, if asked, enter the code <b>$REMOTESESSIONCODE</b>.</p>".into(),
            chat_html: "<p>Let's look at it together: <a href=\"$LINKTOREMOTE\">join the remote session</a> (code $REMOTESESSIONCODE).</p>".into(),
        }
    }
}

/// The admin's remote-support settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct RemoteSupportSettings {
    /// IN1: the *Invite* button on tickets.
    pub quick_invites: bool,
    /// IN7: technicians may send invitations into other technicians' queues.
    pub invite_other_agents: bool,
    /// IN8: an unavailable technician's invitation goes to the default team instead.
    pub fallback_to_default_team: bool,
    pub default_team_id: Option<String>,
    /// Who imported work is attributed to when no technician matches (SP2).
    pub default_user_id: Option<String>,
    pub templates: InviteTemplates,
    pub launch: LaunchSettings,
}

impl Default for RemoteSupportSettings {
    fn default() -> Self {
        RemoteSupportSettings {
            quick_invites: true,
            invite_other_agents: false,
            fallback_to_default_team: true,
            default_team_id: None,
            default_user_id: None,
            templates: InviteTemplates::default(),
            launch: LaunchSettings::default(),
        }
    }
}

/// Where a session for an invitation really goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ResolvedTarget {
    /// The board channel (Splashtop); empty for BeyondTrust.
    pub channel_id: String,
    pub assignee: Option<String>,
    /// As the dialog and the ticket say it: "Priya's queue", "Team Helpdesk".
    pub label: String,
    /// Set when the request could not be honoured as asked (IN8).
    pub fallback_reason: Option<String>,
    /// The BeyondTrust queue the key is generated for.
    #[serde(skip)]
    #[ts(skip)]
    pub bt_queue: Option<super::beyondtrust::BtQueue>,
}

/// What `resolve` needs to know.
pub struct Directory<'a> {
    pub me: &'a Technician,
    pub technicians: &'a [Technician],
    pub teams: &'a [Team],
    pub channels: &'a [Channel],
}

/// IN1, IN2, IN7, IN8.
pub fn resolve(
    requested: &InviteTarget,
    settings: &RemoteSupportSettings,
    dir: &Directory<'_>,
) -> Result<ResolvedTarget, CoreError> {
    match requested {
        InviteTarget::Default => default_team(settings, dir, None),
        InviteTarget::Team(id) => team_target(dir, id, None),
        InviteTarget::Channel(id) => {
            let channel =
                dir.channels
                    .iter()
                    .find(|c| &c.id == id)
                    .ok_or_else(|| CoreError::NotFound {
                        what: "channel",
                        id: id.clone(),
                    })?;
            if !channel.is_member(&dir.me.id) {
                return Err(CoreError::Forbidden(format!(
                    "you are not a member of {}",
                    channel.name
                )));
            }
            Ok(ResolvedTarget {
                channel_id: channel.id.clone(),
                assignee: None,
                label: format!("Channel {}", channel.name),
                fallback_reason: None,
                bt_queue: None,
            })
        }
        InviteTarget::Agent(id) => {
            let agent = invitable_agent(id, dir.me, dir.technicians, settings.invite_other_agents)?;
            if agent.available {
                let label = if agent.id == dir.me.id {
                    "your queue".to_string()
                } else {
                    format!("{}'s queue", agent.name)
                };
                return Ok(ResolvedTarget {
                    channel_id: PRIVATE_CHANNEL_ID.to_string(),
                    assignee: Some(agent.id.clone()),
                    label,
                    fallback_reason: None,
                    bt_queue: None,
                });
            }
            let why = format!("{} is unavailable", agent.name);
            if !settings.fallback_to_default_team {
                return Err(CoreError::TechnicianUnavailable(format!(
                    "{why} and falling back to the default team is turned off; nothing was sent"
                )));
            }
            default_team(settings, dir, Some(why))
        }
    }
}

fn default_team(
    settings: &RemoteSupportSettings,
    dir: &Directory<'_>,
    because: Option<String>,
) -> Result<ResolvedTarget, CoreError> {
    match &settings.default_team_id {
        Some(id) => team_target(dir, id, because),
        None => {
            let why = match because {
                Some(why) => format!("{why} and "),
                None => "no target was chosen and ".into(),
            };
            Err(CoreError::TechnicianUnavailable(format!(
                "{why}there is no default team (Settings → Remote support); nothing was sent"
            )))
        }
    }
}

fn team_target(
    dir: &Directory<'_>,
    id: &str,
    fallback_reason: Option<String>,
) -> Result<ResolvedTarget, CoreError> {
    let team = dir
        .teams
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| CoreError::NotFound {
            what: "team",
            id: id.to_string(),
        })?;
    if !dir.channels.iter().any(|c| c.id == team.channel_id) {
        return Err(CoreError::Invalid(format!(
            "team {} has no channel {:?} at the provider; pick its channel in Settings",
            team.name, team.channel_id
        )));
    }
    Ok(ResolvedTarget {
        channel_id: team.channel_id.clone(),
        assignee: None,
        label: format!("Team {}", team.name),
        fallback_reason,
        bt_queue: None,
    })
}

/// IN1: the addresses typed into the dialog, split on commas, semicolons and white space,
/// each checked; all problems are reported together.
pub fn parse_recipients(raw: &str) -> Result<Vec<String>, CoreError> {
    let mut out: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for a in raw.split([',', ';', ' ', '\n', '\t', '\r']) {
        let a = a.trim();
        if a.is_empty() {
            continue;
        }
        if is_email(a) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(a)) {
                out.push(a.to_string());
            }
        } else {
            bad.push(format!("{a:?}"));
        }
    }
    if !bad.is_empty() {
        return Err(CoreError::Invalid(format!(
            "not an email address: {}",
            bad.join(", ")
        )));
    }
    if out.is_empty() {
        return Err(CoreError::Invalid(
            "add at least one email address to invite".into(),
        ));
    }
    if out.len() > 20 {
        return Err(CoreError::Invalid(format!(
            "{} addresses: at most 20 per invitation",
            out.len()
        )));
    }
    Ok(out)
}

/// A pragmatic check (RFC 5321 lengths, one `@`, a dotted domain, no characters a mail
/// header would need quoted), strict enough that a typo is caught before the send.
pub fn is_email(a: &str) -> bool {
    let Some((local, domain)) = a.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChannelKind, ChannelSettings};
    use crate::ErrorCode;

    fn tech(id: &str, available: bool) -> Technician {
        Technician {
            id: id.into(),
            name: id.to_uppercase(),
            email: format!("{id}@example.com"),
            can_release: true,
            available,
        }
    }

    fn channel(id: &str, members: &[&str]) -> Channel {
        Channel {
            id: id.into(),
            name: id.into(),
            kind: ChannelKind::Shared,
            provider_channel_id: 1,
            settings: ChannelSettings {
                members: members.iter().map(|m| m.to_string()).collect(),
                ..ChannelSettings::default()
            },
        }
    }

    struct World {
        techs: Vec<Technician>,
        teams: Vec<Team>,
        channels: Vec<Channel>,
    }

    fn world() -> World {
        World {
            techs: vec![tech("alex", true), tech("priya", false), tech("sam", true)],
            teams: vec![Team {
                id: "helpdesk".into(),
                name: "Helpdesk".into(),
                channel_id: "home-ch".into(),
                members: vec![],
            }],
            channels: vec![channel("home-ch", &[]), channel("secret", &["sam"])],
        }
    }

    fn run(
        w: &World,
        s: &RemoteSupportSettings,
        t: InviteTarget,
    ) -> Result<ResolvedTarget, CoreError> {
        let dir = Directory {
            me: &w.techs[0],
            technicians: &w.techs,
            teams: &w.teams,
            channels: &w.channels,
        };
        resolve(&t, s, &dir)
    }

    fn settings() -> RemoteSupportSettings {
        RemoteSupportSettings {
            invite_other_agents: true,
            default_team_id: Some("helpdesk".into()),
            ..RemoteSupportSettings::default()
        }
    }

    #[test]
    fn an_available_agent_gets_it_in_their_queue() {
        let r = run(&world(), &settings(), InviteTarget::Agent("sam".into())).unwrap();
        assert_eq!(r.assignee.as_deref(), Some("sam"));
        assert_eq!(r.label, "SAM's queue");
        assert_eq!(r.fallback_reason, None);
    }

    #[test]
    fn in8_unavailable_agent_falls_back_to_the_default_team_or_sends_nothing() {
        let w = world();
        let r = run(&w, &settings(), InviteTarget::Agent("priya".into())).unwrap();
        assert_eq!(r.label, "Team Helpdesk");
        assert_eq!(r.channel_id, "home-ch");
        assert_eq!(r.fallback_reason.as_deref(), Some("PRIYA is unavailable"));

        let no_fallback = RemoteSupportSettings {
            fallback_to_default_team: false,
            ..settings()
        };
        let e = run(&w, &no_fallback, InviteTarget::Agent("priya".into())).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TechnicianUnavailable);

        let no_team = RemoteSupportSettings {
            default_team_id: None,
            ..settings()
        };
        for t in [InviteTarget::Agent("priya".into()), InviteTarget::Default] {
            let e = run(&w, &no_team, t).unwrap_err();
            assert_eq!(e.code(), ErrorCode::TechnicianUnavailable);
            assert!(e.to_string().contains("no default team"), "{e}");
        }
    }

    #[test]
    fn in7_other_agents_queues_need_the_setting() {
        let s = RemoteSupportSettings {
            invite_other_agents: false,
            ..settings()
        };
        let e = run(&world(), &s, InviteTarget::Agent("sam".into())).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let mine = run(&world(), &s, InviteTarget::Agent("alex".into())).unwrap();
        assert_eq!(mine.label, "your queue");
    }

    #[test]
    fn channels_and_teams_are_checked() {
        let w = world();
        assert_eq!(
            run(&w, &settings(), InviteTarget::Default).unwrap().label,
            "Team Helpdesk"
        );
        assert_eq!(
            run(&w, &settings(), InviteTarget::Channel("secret".into()))
                .unwrap_err()
                .code(),
            ErrorCode::Forbidden
        );
        assert_eq!(
            run(&w, &settings(), InviteTarget::Team("nope".into()))
                .unwrap_err()
                .code(),
            ErrorCode::NotFound
        );
    }

    #[test]
    fn recipients_are_split_checked_and_deduplicated() {
        assert_eq!(
            parse_recipients("a@x.com, B@y.org;a@X.com\nc.d+e@z.co.uk").unwrap(),
            ["a@x.com", "B@y.org", "c.d+e@z.co.uk"]
        );
        let e = parse_recipients("ok@x.com, nope, a@b, x@@y.com, <a@b.c>").unwrap_err();
        let m = e.to_string();
        for bad in ["\"nope\"", "\"a@b\"", "\"x@@y.com\"", "\"<a@b.c>\""] {
            assert!(m.contains(bad), "{m}");
        }
        assert!(parse_recipients(" , ").is_err());
    }
}
