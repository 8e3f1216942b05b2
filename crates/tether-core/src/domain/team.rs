//! A desktop in a team (DESIGN.md, *Solo and team workspaces*): which server, as whom, whether
//! it is reachable now, and the actions taken while it was not — waiting to be replayed, or
//! refused by the team's board when they were.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error_code::ErrorDto;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TeamStatus {
    /// The server this desktop joined; `None` on a solo desk.
    pub server: Option<String>,
    /// The technician its token signs in.
    pub technician: Option<String>,
    /// Reached the server on its last try.
    pub online: bool,
    /// The last change of the team's board this desktop applied.
    #[ts(type = "number")]
    pub last_seq: i64,
    /// Why the server cannot be reached, when it cannot.
    pub problem: Option<String>,
    /// Actions taken offline, oldest first: waiting, or refused on replay.
    pub queued: Vec<QueuedAction>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct QueuedAction {
    pub id: u32,
    /// The command, e.g. `take`.
    pub command: String,
    /// What it was about, in words (the session's customer, when known).
    pub summary: String,
    pub queued_at: DateTime<Utc>,
    /// The team's board refused it on replay (the session was taken meanwhile): the core's
    /// own refusal, kept until the technician dismisses it.
    pub refusal: Option<ErrorDto>,
}

/// What a desktop asks before it joins: the server and the technician's access token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct JoinTeam {
    /// e.g. `https://tether.example.com`.
    pub server: String,
    /// The token the admin gave (`tether-server technician token`); kept in the keychain.
    pub token: String,
}

impl JoinTeam {
    /// A server address Tether will send a token to: HTTPS, or plain HTTP on this machine.
    pub fn check(&self) -> Result<String, crate::error::CoreError> {
        let invalid = |m: &str| crate::error::CoreError::Invalid(m.to_string());
        let server = self.server.trim().trim_end_matches('/').to_string();
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|p| {
                server == *p
                    || server.starts_with(&format!("{p}:"))
                    || server.starts_with(&format!("{p}/"))
            });
        let https = server.starts_with("https://") && server.len() > "https://".len();
        if !(https || loopback) {
            return Err(invalid(
                "the team server's address starts with https:// (plain http only for this machine: http://127.0.0.1:…)",
            ));
        }
        if self.token.trim().is_empty() {
            return Err(invalid("paste the access token your admin gave you"));
        }
        Ok(server)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(server: &str) -> JoinTeam {
        JoinTeam {
            server: server.into(),
            token: "tether_abc".into(),
        }
    }

    #[test]
    fn a_token_goes_only_over_https_or_to_this_machine() {
        assert_eq!(
            join("https://tether.example.com/").check().unwrap(),
            "https://tether.example.com"
        );
        assert!(join("http://127.0.0.1:7878").check().is_ok());
        assert!(join("http://localhost:7878").check().is_ok());
        for no in [
            "http://tether.example.com",
            "http://127.0.0.1.evil.example",
            "ftp://x",
            "https://",
            "",
        ] {
            assert!(join(no).check().is_err(), "{no}");
        }
        let blank = JoinTeam {
            server: "https://t.example".into(),
            token: " ".into(),
        };
        assert!(blank.check().is_err());
    }
}
