//! Joining a team and leaving it. Joining checks the server and the token first (who does
//! it sign in?), keeps the token in the keychain and opens the team workspace; leaving
//! returns to the solo workspace as it was, and refuses while actions taken offline have
//! not reached the team.

use std::sync::Arc;

use serde_json::json;
use tether_core::console::Board;
use tether_core::domain::{JoinTeam, TeamStatus, WorkspaceInfo, WorkspaceKind};
use tether_core::ports::Store;
use tether_core::secret::Secret;
use tether_core::ErrorCode;

use super::client::{CallError, TeamClient};
use super::{Link, Team, LINK_KEY, TOKEN_KEY};
use crate::{Runtime, RuntimeError};

impl Runtime {
    /// The team this desktop works in now, if any.
    pub fn team(&self) -> Option<Arc<Team>> {
        self.workspace().team.clone()
    }

    pub async fn join_team(&self, join: JoinTeam) -> Result<TeamStatus, RuntimeError> {
        if self.parts.team {
            return Err(RuntimeError::Invalid(
                "this is a team's server: desktops join it, it joins nobody".into(),
            ));
        }
        let server = join.check()?;
        let token = Secret::new(join.token.trim());
        let board = TeamClient::new(&server, token.clone())
            .call("board", &json!({}), None)
            .await
            .map_err(|e| match e {
                CallError::Refused(e) if e.code == ErrorCode::Unauthenticated => {
                    RuntimeError::Invalid(format!(
                        "the team server refused this token: {}",
                        e.message
                    ))
                }
                CallError::Refused(e) => {
                    RuntimeError::Invalid(format!("the team server said: {}", e.message))
                }
                CallError::Offline(why) => {
                    RuntimeError::Invalid(format!("cannot reach {server}: {why}"))
                }
            })?;
        let board: Board = serde_json::from_value(board).map_err(|e| {
            RuntimeError::Invalid(format!("{server} does not answer as a Tether server: {e}"))
        })?;
        self.integrations.secrets.set(TOKEN_KEY, &token).await?;
        let link = Link {
            server,
            technician: board.me.id,
        };
        let json =
            serde_json::to_string(&link).map_err(|e| RuntimeError::Invalid(e.to_string()))?;
        self.parts
            .workspace_store
            .set_setting(LINK_KEY, &json)
            .await?;
        self.set_mode(WorkspaceKind::Team).await?;
        self.switch(WorkspaceKind::Team).await?;
        self.team_status().await
    }

    /// Back to the solo workspace, as it was before joining.
    pub async fn leave_team(&self) -> Result<WorkspaceInfo, RuntimeError> {
        if let Some(team) = self.team() {
            let waiting = team
                .status()
                .await
                .queued
                .iter()
                .filter(|a| a.refusal.is_none())
                .count();
            if waiting > 0 {
                return Err(RuntimeError::Invalid(format!(
                    "{waiting} action(s) taken offline have not reached the team yet: reconnect first, or dismiss them"
                )));
            }
        }
        self.parts.workspace_store.delete_setting(LINK_KEY).await?;
        self.integrations.secrets.remove(TOKEN_KEY).await?;
        self.set_mode(WorkspaceKind::Real).await?;
        let info = self.switch(WorkspaceKind::Real).await?;
        // The team's board stays the team's: its cache goes with the membership.
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(self.data_dir.join(format!("{}{suffix}", super::TEAM_DB)));
        }
        Ok(info)
    }

    pub async fn team_status(&self) -> Result<TeamStatus, RuntimeError> {
        Ok(match self.team() {
            Some(team) => team.status().await,
            None => TeamStatus {
                server: None,
                technician: None,
                online: false,
                last_seq: 0,
                problem: None,
                queued: Vec::new(),
            },
        })
    }

    pub async fn dismiss_team_action(&self, id: u32) -> Result<TeamStatus, RuntimeError> {
        let team = self
            .team()
            .ok_or_else(|| RuntimeError::Invalid("this desk is not in a team".into()))?;
        team.dismiss(id)
            .await
            .map_err(|e| RuntimeError::Invalid(e.message))?;
        self.console().announce(tether_core::Event::TeamChanged);
        Ok(team.status().await)
    }

    /// The stored link, when the desk joined a team.
    pub(crate) async fn stored_link(store: &dyn Store) -> Result<Option<Link>, RuntimeError> {
        match store.setting(LINK_KEY).await? {
            Some(json) => Ok(serde_json::from_str(&json).ok()),
            None => Ok(None),
        }
    }
}
