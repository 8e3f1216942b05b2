//! Where a command runs on a desktop in a team. The one entry point of the window's IPC, of
//! `tether serve` and of `tether call` is `dispatch`: on a solo desk (and on the team server
//! itself) every command runs here; on a team desktop
//! - the board's lists read the cache the change feed keeps (instant, and offline too);
//! - a session's detail is the server's, or the cache's while the server is out of reach;
//! - board actions go to the server, or while it is out of reach are applied to the cache by
//!   the same core and queued to be replayed once (`Route::Queue`);
//! - the desk's own (the workspace, the team membership) stay here;
//! - everything else is the server's, and says so when it cannot be reached.

use serde_json::Value;
use tether_runtime::{CallError, Runtime};

use crate::types::ErrorDto;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// This desk's own.
    Here,
    /// Read from the team cache.
    Cache,
    /// The server's answer; the cache's while the server cannot be reached.
    PreferServer,
    /// Sent to the server; applied here and queued while it cannot be reached.
    Queue,
    /// The server's only.
    Server,
}

const HERE: &[&str] = &[
    "workspace",
    "leave_demo",
    "return_to_demo",
    "join_team",
    "leave_team",
    "team_status",
    "dismiss_team_action",
];
const CACHE: &[&str] = &["board", "list_sessions", "session_page", "technicians"];
const PREFER_SERVER: &[&str] = &["session_detail"];
/// Board actions that change only the board (no provider call), so they can wait.
const QUEUE: &[&str] = &[
    "take",
    "release",
    "assign",
    "transfer_to_channel",
    "invite_technician",
    "set_channel_muted",
];

pub fn route(command: &str) -> Route {
    if HERE.contains(&command) {
        Route::Here
    } else if CACHE.contains(&command) {
        Route::Cache
    } else if PREFER_SERVER.contains(&command) {
        Route::PreferServer
    } else if QUEUE.contains(&command) {
        Route::Queue
    } else {
        Route::Server
    }
}

/// Runs the command `name` with its arguments as JSON, where it belongs.
pub async fn dispatch(runtime: &Runtime, name: &str, args: Value) -> Result<Value, ErrorDto> {
    let Some(team) = runtime.team() else {
        return crate::dispatch_here(runtime, name, args).await;
    };
    match route(name) {
        Route::Here | Route::Cache => crate::dispatch_here(runtime, name, args).await,
        Route::PreferServer => match team.call(name, &args).await {
            Err(CallError::Offline(_)) => crate::dispatch_here(runtime, name, args).await,
            answer => answer.map_err(CallError::into_dto),
        },
        Route::Server => team.call(name, &args).await.map_err(CallError::into_dto),
        Route::Queue => match team.call(name, &args).await {
            Err(CallError::Offline(_)) => {
                // The core decides here as the server would, on what the cache knows; the
                // server has the last word when the action is replayed.
                let applied = crate::dispatch_here(runtime, name, args.clone()).await?;
                team.queue(name, &args).await?;
                Ok(applied)
            }
            answer => answer.map_err(CallError::into_dto),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_routed_command_is_in_the_table() {
        for name in HERE.iter().chain(CACHE).chain(PREFER_SERVER).chain(QUEUE) {
            assert!(
                crate::COMMAND_NAMES.contains(name),
                "{name} is not a command"
            );
        }
        assert_eq!(route("take"), Route::Queue);
        assert_eq!(route("create_session"), Route::Server);
        assert_eq!(route("board"), Route::Cache);
    }
}
