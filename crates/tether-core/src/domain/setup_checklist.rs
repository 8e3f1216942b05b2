//! The way from the demo to a working desk, as a checklist: what is set up, what is
//! missing, and where in Settings each step is done. The steps are decided here from facts
//! the runtime gathers, so the window, the CLI and HTTP show the same list.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::integration::{IntegrationKind, IntegrationStatus};

/// The part of Settings where a step is done: the window scrolls there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SettingsSection {
    Workspace,
    Integrations,
    RemoteSupport,
    Channels,
    Technicians,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SetupStep {
    /// Stable, for tests and links: `workspace`, `provider`, `email`, `technicians`,
    /// `channels`, `customers`.
    pub id: String,
    pub title: String,
    /// What is there now, or what is missing, in one sentence.
    pub detail: String,
    pub done: bool,
    /// A desk can work without it (a technician on their own has no colleagues to add).
    pub optional: bool,
    pub section: SettingsSection,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SetupChecklist {
    pub steps: Vec<SetupStep>,
    /// Required steps done, and how many there are.
    pub done: u32,
    pub required: u32,
}

/// One integration card as the checklist needs it.
#[derive(Clone, Debug)]
pub struct CardFact {
    pub kind: IntegrationKind,
    pub name: String,
    pub enabled: bool,
    pub status: IntegrationStatus,
}

/// What the runtime reads for the checklist.
#[derive(Clone, Debug, Default)]
pub struct SetupFacts {
    pub demo: bool,
    pub cards: Vec<CardFact>,
    pub technicians: usize,
    /// Shared channels, and how many of them are limited to named members.
    pub shared_channels: usize,
    pub channels_with_members: usize,
    pub customers: usize,
}

const PROVIDERS: [IntegrationKind; 3] = [
    IntegrationKind::Splashtop,
    IntegrationKind::Beyondtrust,
    IntegrationKind::Teamviewer,
];

impl SetupChecklist {
    pub fn from_facts(facts: &SetupFacts) -> SetupChecklist {
        let mut steps = Vec::new();
        if facts.demo {
            steps.push(step(
                "workspace",
                "Create your desk's own workspace",
                "You are in the demo: a sandbox plays the providers and your end users. Your \
                 workspace keeps its own tickets and sessions; the demo stays as it is.",
                false,
                false,
                SettingsSection::Workspace,
            ));
        }
        steps.push(provider_step(facts));
        steps.push(email_step(facts));
        steps.push(technicians_step(facts));
        steps.push(channels_step(facts));
        steps.push(customers_step(facts));
        let required = steps.iter().filter(|s| !s.optional).count() as u32;
        let done = steps.iter().filter(|s| !s.optional && s.done).count() as u32;
        SetupChecklist {
            steps,
            done,
            required,
        }
    }
}

fn step(
    id: &str,
    title: &str,
    detail: impl Into<String>,
    done: bool,
    optional: bool,
    section: SettingsSection,
) -> SetupStep {
    SetupStep {
        id: id.into(),
        title: title.into(),
        detail: detail.into(),
        done,
        optional,
        section,
    }
}

fn card(facts: &SetupFacts, kind: IntegrationKind) -> Option<&CardFact> {
    facts.cards.iter().find(|c| c.kind == kind)
}

/// A card counts once it is on and its test passed: saved but untested may not work.
fn working(c: &CardFact) -> bool {
    c.enabled && c.status == IntegrationStatus::TestPassed
}

fn provider_step(facts: &SetupFacts) -> SetupStep {
    let title = "Connect a remote-support provider";
    let section = SettingsSection::Integrations;
    let working: Vec<&str> = PROVIDERS
        .iter()
        .filter_map(|k| card(facts, *k))
        .filter(|c| working(c))
        .map(|c| c.name.as_str())
        .collect();
    if !working.is_empty() {
        let detail = format!("{} connected and tested.", working.join(", "));
        return step("provider", title, detail, true, false, section);
    }
    let failing = PROVIDERS
        .iter()
        .filter_map(|k| card(facts, *k))
        .find(|c| c.enabled && c.status == IntegrationStatus::TestFailed);
    let detail = match failing {
        Some(c) => format!(
            "{}'s last test failed: open its card, correct it and test again.",
            c.name
        ),
        None => "Splashtop, BeyondTrust or TeamViewer: fill in its card, turn it on and run \
                 Test configuration."
            .into(),
    };
    step("provider", title, detail, false, false, section)
}

fn email_step(facts: &SetupFacts) -> SetupStep {
    let title = "Set up the email invitations are sent from";
    let section = SettingsSection::Integrations;
    match card(facts, IntegrationKind::Smtp) {
        Some(c) if working(c) => step(
            "email",
            title,
            "The mail server answered the last test.",
            true,
            false,
            section,
        ),
        Some(c) if c.status == IntegrationStatus::TestFailed => step(
            "email",
            title,
            "The mail server's last test failed: check the Email card.",
            false,
            false,
            section,
        ),
        _ => step(
            "email",
            title,
            "Without it, invitations cannot be emailed: fill in the Email card and test it.",
            false,
            false,
            section,
        ),
    }
}

fn technicians_step(facts: &SetupFacts) -> SetupStep {
    let n = facts.technicians;
    let detail = match n {
        0 => "Nobody works at this desk yet: add yourself first.".to_string(),
        1 => "Only you so far. Add your colleagues so sessions can be assigned and shared."
            .to_string(),
        n => format!("{n} technicians work at this desk."),
    };
    // One technician is a working desk; colleagues are for a team.
    step(
        "technicians",
        "Add the technicians of your desk",
        detail,
        n >= 2,
        n >= 1,
        SettingsSection::Technicians,
    )
}

fn channels_step(facts: &SetupFacts) -> SetupStep {
    let (shared, limited) = (facts.shared_channels, facts.channels_with_members);
    let channels = plural(shared, "channel", "channels");
    // A channel with nobody ticked is open to every technician: a choice, not a gap.
    let detail = match (shared, limited) {
        (0, _) => "No shared channel yet: sessions can only be private. Channels come from the \
                   provider's groups once it is connected."
            .to_string(),
        (s, 0) => format!("{s} shared {channels}, each open to every technician."),
        (s, m) => format!("{s} shared {channels}; {m} limited to the technicians ticked."),
    };
    step(
        "channels",
        "Decide who works each shared channel",
        detail,
        shared > 0,
        true,
        SettingsSection::Channels,
    )
}

fn customers_step(facts: &SetupFacts) -> SetupStep {
    let n = facts.customers;
    let syncro = card(facts, IntegrationKind::Syncro).is_some_and(working);
    let detail = match (n, syncro) {
        (0, true) => "SyncroMSP is connected: run an import to bring your customers and assets in."
            .to_string(),
        (0, false) => {
            "None yet: import them from SyncroMSP, or from a file with tether import.".to_string()
        }
        (n, _) => format!("{n} {} in the desk.", plural(n, "customer", "customers")),
    };
    step(
        "customers",
        "Bring in your customers and their computers",
        detail,
        n > 0,
        true,
        SettingsSection::RemoteSupport,
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(kind: IntegrationKind, enabled: bool, status: IntegrationStatus) -> CardFact {
        CardFact {
            kind,
            name: format!("{kind:?}"),
            enabled,
            status,
        }
    }

    fn step<'a>(list: &'a SetupChecklist, id: &str) -> &'a SetupStep {
        list.steps.iter().find(|s| s.id == id).unwrap()
    }

    #[test]
    fn the_demo_starts_with_leaving_it_and_nothing_is_done() {
        let list = SetupChecklist::from_facts(&SetupFacts {
            demo: true,
            ..Default::default()
        });
        assert_eq!(list.steps[0].id, "workspace");
        // Leaving the demo, a provider, email, and at least one technician.
        assert_eq!((list.done, list.required), (0, 4));
        assert!(list.steps.iter().all(|s| !s.done));
    }

    #[test]
    fn a_saved_but_untested_or_turned_off_provider_is_not_connected() {
        let facts = SetupFacts {
            cards: vec![
                card(
                    IntegrationKind::Splashtop,
                    true,
                    IntegrationStatus::Configured,
                ),
                card(
                    IntegrationKind::Teamviewer,
                    false,
                    IntegrationStatus::TestPassed,
                ),
                card(
                    IntegrationKind::Beyondtrust,
                    true,
                    IntegrationStatus::TestFailed,
                ),
            ],
            technicians: 1,
            ..Default::default()
        };
        let list = SetupChecklist::from_facts(&facts);
        let provider = step(&list, "provider");
        assert!(!provider.done);
        assert!(provider
            .detail
            .starts_with("Beyondtrust's last test failed"));
    }

    #[test]
    fn a_solo_desk_with_a_tested_provider_and_email_has_every_required_step_done() {
        let facts = SetupFacts {
            cards: vec![
                card(
                    IntegrationKind::Beyondtrust,
                    true,
                    IntegrationStatus::TestPassed,
                ),
                card(IntegrationKind::Smtp, true, IntegrationStatus::TestPassed),
            ],
            technicians: 1,
            ..Default::default()
        };
        let list = SetupChecklist::from_facts(&facts);
        assert_eq!((list.done, list.required), (2, 2));
        assert!(step(&list, "technicians").optional);
        assert_eq!(
            step(&list, "provider").detail,
            "Beyondtrust connected and tested."
        );
    }

    #[test]
    fn a_channel_nobody_is_ticked_on_is_open_to_everyone_not_a_gap() {
        let facts = SetupFacts {
            technicians: 3,
            shared_channels: 2,
            ..Default::default()
        };
        let list = SetupChecklist::from_facts(&facts);
        assert!(step(&list, "channels").done);
        assert_eq!(
            step(&list, "channels").detail,
            "2 shared channels, each open to every technician."
        );
        assert!(step(&list, "technicians").done);
        assert_eq!(
            step(&list, "technicians").detail,
            "3 technicians work at this desk."
        );
    }
}
