//! Which workspace the desk works in. The demo workspace is what a brand-new install shows:
//! a local sandbox plays Splashtop and the end users, in a cache of its own. The real one holds
//! the desk's own tickets, sessions and settings, with whichever providers are on. The two never
//! share data; leaving the demo and going back to it are explicit.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WorkspaceKind {
    Demo,
    Real,
    /// A team server's workspace, cached on this desktop (its own cache: the solo workspace
    /// is untouched while the desk is in a team).
    Team,
}

impl WorkspaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkspaceKind::Demo => "demo",
            WorkspaceKind::Real => "real",
            WorkspaceKind::Team => "team",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "demo" => Some(WorkspaceKind::Demo),
            "real" => Some(WorkspaceKind::Real),
            "team" => Some(WorkspaceKind::Team),
            _ => None,
        }
    }
}

/// What the window needs to know about the workspace before it draws the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct WorkspaceInfo {
    pub kind: WorkspaceKind,
    /// No technician yet: the window asks who is at the desk before anything else.
    pub needs_technician: bool,
    /// Splashtop is on: the board can create sessions.
    pub splashtop: bool,
}
