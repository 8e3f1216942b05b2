//! Whom an invitation is for (IN1, IN2, IN7), whichever provider carries it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::technician::Technician;
use crate::error::CoreError;

/// The target a technician picks (IN1) or an action's *Remote Session Technician/Channel*
/// field holds (IN2). `Default` is a blank field: the default team.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum InviteTarget {
    #[default]
    Default,
    Agent(String),
    Team(String),
    Channel(String),
}

/// IN7, for every provider: the technician whose queue is asked for, if the technician at
/// the desk may invite into it.
pub(crate) fn invitable_agent<'a>(
    id: &str,
    me: &Technician,
    technicians: &'a [Technician],
    other_agents_allowed: bool,
) -> Result<&'a Technician, CoreError> {
    let agent = technicians
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| CoreError::NotFound {
            what: "technician",
            id: id.to_string(),
        })?;
    if agent.id != me.id && !other_agents_allowed {
        return Err(CoreError::Forbidden(format!(
            "invitations into another technician's queue ({}) are turned off in Settings → Remote support",
            agent.name
        )));
    }
    Ok(agent)
}
