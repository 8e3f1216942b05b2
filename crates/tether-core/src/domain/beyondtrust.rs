//! SPEC BT1–BT8: BeyondTrust's service-desk side. Which technician is which representative
//! (BT2), which teams invitations may go to (BT3), where an invitation's key is generated
//! (IN8 for BeyondTrust), and what a finished session leaves on a ticket (BT5–BT8).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::invite_target::{invitable_agent, InviteTarget};
use super::Technician;
use crate::error::CoreError;

/// BT2: a technician as BeyondTrust knows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct BtAgent {
    pub technician_id: String,
    pub enabled: bool,
    /// The representative's public or private display name in BeyondTrust.
    pub display_name: String,
}

/// BT3: a support team invitations may go to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct BtTeam {
    /// BeyondTrust's team id.
    pub id: String,
    pub display_name: String,
    pub enabled: bool,
    pub default: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct BeyondTrustSettings {
    pub agents: Vec<BtAgent>,
    pub teams: Vec<BtTeam>,
    /// BT8: ignore sessions whose key Tether did not generate.
    pub only_generated_keys: bool,
    /// BT8: ignore sessions whose representative matches no agent.
    pub require_known_rep: bool,
    pub key_ttl_minutes: u32,
}

impl Default for BeyondTrustSettings {
    fn default() -> Self {
        BeyondTrustSettings {
            agents: Vec::new(),
            teams: Vec::new(),
            only_generated_keys: false,
            require_known_rep: false,
            key_ttl_minutes: 60,
        }
    }
}

impl BeyondTrustSettings {
    pub fn validate(&self) -> Result<(), CoreError> {
        if self.teams.iter().filter(|t| t.default).count() > 1 {
            return Err(CoreError::Invalid(
                "only one BeyondTrust team can be the default".into(),
            ));
        }
        if let Some(t) = self.teams.iter().find(|t| t.default && !t.enabled) {
            return Err(CoreError::Invalid(format!(
                "the default team {} must be enabled",
                t.display_name
            )));
        }
        if !(5..=7 * 24 * 60).contains(&self.key_ttl_minutes) {
            return Err(CoreError::Invalid(
                "a session key lives between 5 minutes and 7 days".into(),
            ));
        }
        if let Some(a) = self
            .agents
            .iter()
            .find(|a| a.enabled && a.display_name.trim().is_empty())
        {
            return Err(CoreError::Invalid(format!(
                "{} needs their BeyondTrust display name",
                a.technician_id
            )));
        }
        Ok(())
    }

    fn default_team(&self) -> Option<&BtTeam> {
        self.teams.iter().find(|t| t.default && t.enabled)
    }

    /// BT8: the agent a representative is, by public, private or display name.
    /// BT5: the agent credited with a session: the primary representative's when they are
    /// an agent, else the first of the others who is.
    pub fn agent_for_session(&self, session: &EndedSession) -> Option<&BtAgent> {
        session.reps.iter().find_map(|rep| {
            let names: Vec<&str> = rep.names.iter().map(String::as_str).collect();
            self.agent_for_rep(&names)
        })
    }

    pub fn agent_for_rep(&self, names: &[&str]) -> Option<&BtAgent> {
        self.agents.iter().filter(|a| a.enabled).find(|a| {
            names.iter().any(|n| {
                !n.trim().is_empty() && n.trim().eq_ignore_ascii_case(a.display_name.trim())
            })
        })
    }
}

/// A representative logged in to the rep console, as the appliance lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedInRep {
    pub id: String,
    pub public_display_name: String,
    pub private_display_name: String,
}

/// Where a session key puts the customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BtQueue {
    Rep(String),
    Team(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BtResolved {
    pub queue: BtQueue,
    pub label: String,
    pub fallback_reason: Option<String>,
}

/// IN8 to the default team, `because` the chosen queue cannot take the session; refused when
/// there is no default team.
fn to_default_team(
    settings: &BeyondTrustSettings,
    because: Option<String>,
) -> Result<BtResolved, CoreError> {
    match settings.default_team() {
        Some(t) => Ok(BtResolved {
            queue: BtQueue::Team(t.id.clone()),
            label: format!("Team {}", t.display_name),
            fallback_reason: because,
        }),
        None => Err(CoreError::TechnicianUnavailable(format!(
            "{}there is no default BeyondTrust team (Settings → BeyondTrust); nothing was sent",
            because.map_or("no target was chosen and ".into(), |b| format!("{b} and "))
        ))),
    }
}

/// The appliance's answer to a key for a rep's queue said nobody is there
/// (`<queue available="0">`): its word wins over the logged-in list Tether read earlier, and
/// IN8 applies as if the rep were not logged in.
pub fn rep_queue_unavailable(
    label: &str,
    settings: &BeyondTrustSettings,
    fallback_allowed: bool,
) -> Result<BtResolved, CoreError> {
    let why = format!("BeyondTrust says {label} is unavailable (nobody logged in to take it)");
    if fallback_allowed {
        to_default_team(settings, Some(why))
    } else {
        Err(CoreError::TechnicianUnavailable(format!(
            "{why} and falling back to the default team is turned off; nothing was sent"
        )))
    }
}

/// IN1, IN7, IN8 for BeyondTrust: a technician's own queue when they are logged in to the
/// rep console, else the default team if allowed, else "technician unavailable".
pub fn resolve(
    requested: &InviteTarget,
    settings: &BeyondTrustSettings,
    fallback_allowed: bool,
    other_agents_allowed: bool,
    me: &Technician,
    technicians: &[Technician],
    logged_in: &[LoggedInRep],
) -> Result<BtResolved, CoreError> {
    let default_team = |because: Option<String>| to_default_team(settings, because);
    match requested {
        InviteTarget::Default => default_team(None),
        InviteTarget::Channel(_) => Err(CoreError::Invalid(
            "BeyondTrust queues are a technician's or a team's; pick one of those".into(),
        )),
        InviteTarget::Team(id) => match settings.teams.iter().find(|t| &t.id == id && t.enabled) {
            Some(t) => Ok(BtResolved {
                queue: BtQueue::Team(t.id.clone()),
                label: format!("Team {}", t.display_name),
                fallback_reason: None,
            }),
            None => Err(CoreError::NotFound {
                what: "BeyondTrust team",
                id: id.clone(),
            }),
        },
        InviteTarget::Agent(id) => {
            let tech = invitable_agent(id, me, technicians, other_agents_allowed)?;
            let agent = settings
                .agents
                .iter()
                .find(|a| a.technician_id == tech.id && a.enabled)
                .ok_or_else(|| {
                    CoreError::Invalid(format!(
                        "{} is not a BeyondTrust agent yet (Settings → BeyondTrust)",
                        tech.name
                    ))
                })?;
            let rep = logged_in.iter().find(|r| {
                [&r.public_display_name, &r.private_display_name]
                    .iter()
                    .any(|n| n.trim().eq_ignore_ascii_case(agent.display_name.trim()))
            });
            match rep {
                Some(r) => Ok(BtResolved {
                    queue: BtQueue::Rep(r.id.clone()),
                    label: if tech.id == me.id {
                        "your queue".into()
                    } else {
                        format!("{}'s queue", tech.name)
                    },
                    fallback_reason: None,
                }),
                None => {
                    let why = format!("{} is not logged in to BeyondTrust", tech.name);
                    if fallback_allowed {
                        default_team(Some(why))
                    } else {
                        Err(CoreError::TechnicianUnavailable(format!(
                            "{why} and falling back to the default team is turned off; nothing was sent"
                        )))
                    }
                }
            }
        }
    }
}

/// A representative in an ended session: their names as the report gives them (private,
/// public, display, username), any of which an agent's display name may match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionRep {
    pub names: Vec<String>,
}

impl SessionRep {
    pub fn name(&self) -> Option<&str> {
        self.names.iter().map(|n| n.trim()).find(|n| !n.is_empty())
    }
}

/// A session the appliance reports as ended (§1.6), as the core needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndedSession {
    pub lsid: String,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    pub duration_secs: u32,
    pub external_key: String,
    pub customer_name: String,
    /// The customer's computer name, matched against asset names for suggestions (BT7).
    pub customer_host: String,
    /// Every representative in the session, the primary one first.
    pub reps: Vec<SessionRep>,
    pub chat: Vec<(DateTime<Utc>, String, String)>,
}

impl EndedSession {
    /// The transcript as a note: one line per message.
    pub fn transcript(&self) -> String {
        self.chat
            .iter()
            .map(|(at, from, body)| format!("[{}] {from}: {body}", at.format("%H:%M:%S")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The primary representative's name.
    pub fn rep_name(&self) -> String {
        self.reps
            .first()
            .and_then(SessionRep::name)
            .map_or_else(|| "an unknown representative".into(), str::to_string)
    }

    /// The representatives who joined besides the primary one.
    pub fn other_rep_names(&self) -> Vec<String> {
        self.reps
            .iter()
            .skip(1)
            .filter_map(SessionRep::name)
            .map(str::to_string)
            .collect()
    }
}

/// What Tether keeps of one outbound-event form (providers.md §1.7): which event, and the
/// session it is about. Everything else in the form is stored as it came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutboundEvent<'a> {
    pub event: &'a str,
    pub lsid: &'a str,
    pub external_key: &'a str,
}

impl<'a> OutboundEvent<'a> {
    /// A form without an `event` will never be anything else: refused as invalid input.
    pub fn read(form: &'a std::collections::BTreeMap<String, String>) -> Result<Self, CoreError> {
        let field = |k: &str| form.get(k).map_or("", String::as_str);
        let event = field("event");
        if event.trim().is_empty() {
            return Err(CoreError::Invalid(
                "an outbound event without its `event` field".into(),
            ));
        }
        Ok(OutboundEvent {
            event,
            lsid: field("lsid"),
            external_key: field("external_key"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn tech(id: &str, name: &str) -> Technician {
        Technician {
            id: id.into(),
            name: name.into(),
            email: format!("{id}@x.example"),
            can_release: true,
            available: true,
        }
    }

    fn settings() -> BeyondTrustSettings {
        BeyondTrustSettings {
            agents: vec![
                BtAgent {
                    technician_id: "alex".into(),
                    enabled: true,
                    display_name: "Alex Rivera".into(),
                },
                BtAgent {
                    technician_id: "priya".into(),
                    enabled: true,
                    display_name: "Priya".into(),
                },
            ],
            teams: vec![BtTeam {
                id: "3".into(),
                display_name: "Helpdesk".into(),
                enabled: true,
                default: true,
            }],
            ..BeyondTrustSettings::default()
        }
    }

    fn rep(names: &[&str]) -> SessionRep {
        SessionRep {
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn the_primary_rep_is_credited_when_an_agent_else_the_first_other_who_is() {
        let ended = |reps: Vec<SessionRep>| EndedSession {
            lsid: "l".into(),
            start: Utc::now(),
            end: None,
            duration_secs: 0,
            external_key: String::new(),
            customer_name: String::new(),
            customer_host: String::new(),
            reps,
            chat: vec![],
        };
        let s = settings();
        let both = ended(vec![rep(&["Priya", "priya"]), rep(&["", "Alex Rivera"])]);
        assert_eq!(s.agent_for_session(&both).unwrap().technician_id, "priya");
        assert_eq!(both.other_rep_names(), ["Alex Rivera"]);
        let later = ended(vec![rep(&["Sam Chen"]), rep(&["Alex Rivera"])]);
        assert_eq!(s.agent_for_session(&later).unwrap().technician_id, "alex");
        assert_eq!(later.rep_name(), "Sam Chen");
        assert_eq!(ended(vec![]).rep_name(), "an unknown representative");
    }

    #[test]
    fn an_unavailable_rep_queue_falls_back_or_is_refused_with_the_appliances_word() {
        let r = rep_queue_unavailable("Alex Rivera's queue", &settings(), true).unwrap();
        assert_eq!(r.label, "Team Helpdesk");
        assert!(r
            .fallback_reason
            .unwrap()
            .contains("BeyondTrust says Alex Rivera's queue is unavailable"));
        let refused = rep_queue_unavailable("your queue", &settings(), false).unwrap_err();
        assert!(
            refused.to_string().contains("turned off; nothing was sent"),
            "{refused}"
        );
    }

    fn reps() -> Vec<LoggedInRep> {
        vec![LoggedInRep {
            id: "12".into(),
            public_display_name: "Alex".into(),
            private_display_name: "Alex Rivera".into(),
        }]
    }

    #[test]
    fn a_logged_in_agent_gets_a_rep_queue_and_an_absent_one_the_default_team() {
        let techs = [tech("alex", "Alex Rivera"), tech("priya", "Priya Patel")];
        let s = settings();
        let me = &techs[0];
        let r = resolve(
            &InviteTarget::Agent("alex".into()),
            &s,
            true,
            true,
            me,
            &techs,
            &reps(),
        )
        .unwrap();
        assert_eq!(r.queue, BtQueue::Rep("12".into()));
        let r = resolve(
            &InviteTarget::Agent("priya".into()),
            &s,
            true,
            true,
            me,
            &techs,
            &reps(),
        )
        .unwrap();
        assert_eq!(r.queue, BtQueue::Team("3".into()));
        assert_eq!(
            r.fallback_reason.as_deref(),
            Some("Priya Patel is not logged in to BeyondTrust")
        );
        let e = resolve(
            &InviteTarget::Agent("priya".into()),
            &s,
            false,
            true,
            me,
            &techs,
            &reps(),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::TechnicianUnavailable);
        let e = resolve(
            &InviteTarget::Agent("priya".into()),
            &s,
            true,
            false,
            me,
            &techs,
            &reps(),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let mut no_default = settings();
        no_default.teams[0].default = false;
        let e = resolve(
            &InviteTarget::Default,
            &no_default,
            true,
            true,
            me,
            &techs,
            &reps(),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::TechnicianUnavailable);
        assert!(resolve(
            &InviteTarget::Channel("x".into()),
            &s,
            true,
            true,
            me,
            &techs,
            &reps()
        )
        .is_err());
    }

    #[test]
    fn reps_match_agents_by_any_name_and_settings_hold_together() {
        let s = settings();
        assert_eq!(
            s.agent_for_rep(&["", "alex rivera"]).unwrap().technician_id,
            "alex"
        );
        assert!(s.agent_for_rep(&["Jane Doe"]).is_none());
        s.validate().unwrap();
        let mut two = settings();
        two.teams.push(BtTeam {
            id: "4".into(),
            display_name: "Escalations".into(),
            enabled: true,
            default: true,
        });
        assert!(two.validate().is_err());
    }
}
