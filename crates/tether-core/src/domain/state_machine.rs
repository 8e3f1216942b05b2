//! SPEC SD3: the five session states and the only function allowed to move between them.
//!
//! Every action on a session goes through [`transition`], including the ones that keep the
//! state (asking for permission, inviting a technician): that way a single table decides
//! what is legal where, and the test over every (state, event) pair covers all of it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SessionState {
    /// Waiting for the end user to download and launch the support app.
    Pending,
    /// The app runs on the end user's computer and a technician is assigned.
    Active,
    /// Released; waits for any technician to take it.
    InQueue,
    /// Outlived its channel's session timeout.
    Expired,
    /// Closed by a technician; a new session is needed to reconnect.
    Closed,
}

impl SessionState {
    pub const ALL: [SessionState; 5] = [
        SessionState::Pending,
        SessionState::Active,
        SessionState::InQueue,
        SessionState::Expired,
        SessionState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::Pending => "pending",
            SessionState::Active => "active",
            SessionState::InQueue => "in_queue",
            SessionState::Expired => "expired",
            SessionState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionState::Pending => "Pending",
            SessionState::Active => "Active",
            SessionState::InQueue => "In queue",
            SessionState::Expired => "Expired",
            SessionState::Closed => "Closed",
        }
    }

    /// Sessions that can still change: the poller and the timeout sweep look at these.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            SessionState::Pending | SessionState::Active | SessionState::InQueue
        )
    }
}

/// Everything that can happen to a session, whoever causes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SessionEvent {
    /// The end user launched the support app (seen by the poller).
    EndUserLaunched,
    /// The channel's session timeout ran out (or the provider says it expired).
    Timeout,
    /// A technician released the session to the channel's queue.
    Release,
    /// A technician was assigned (or took it themselves).
    Assign,
    /// A technician closed the session (or the provider closed it).
    Close,
    /// The technician asked the end user for permission to connect.
    RequestPermission,
    /// The end user granted or refused the permission request.
    PermissionAnswered,
    /// The technician opened the remote session (needs a grant, checked by the console).
    StartRemote,
    /// Another technician was invited to help, or the session moved to another channel.
    Collaborate,
}

impl SessionEvent {
    pub const ALL: [SessionEvent; 9] = [
        SessionEvent::EndUserLaunched,
        SessionEvent::Timeout,
        SessionEvent::Release,
        SessionEvent::Assign,
        SessionEvent::Close,
        SessionEvent::RequestPermission,
        SessionEvent::PermissionAnswered,
        SessionEvent::StartRemote,
        SessionEvent::Collaborate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionEvent::EndUserLaunched => "end_user_launched",
            SessionEvent::Timeout => "timeout",
            SessionEvent::Release => "release",
            SessionEvent::Assign => "assign",
            SessionEvent::Close => "close",
            SessionEvent::RequestPermission => "request_permission",
            SessionEvent::PermissionAnswered => "permission_answered",
            SessionEvent::StartRemote => "start_remote",
            SessionEvent::Collaborate => "collaborate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }

    fn verb(self) -> &'static str {
        match self {
            SessionEvent::EndUserLaunched => "mark as launched",
            SessionEvent::Timeout => "expire",
            SessionEvent::Release => "release",
            SessionEvent::Assign => "assign",
            SessionEvent::Close => "close",
            SessionEvent::RequestPermission => "request permission for",
            SessionEvent::PermissionAnswered => "answer permission for",
            SessionEvent::StartRemote => "start a remote session for",
            SessionEvent::Collaborate => "transfer or invite on",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot {} a session that is {}: {}", .verb.unwrap_or(.event.verb()), .from.label(), hint(*.from, *.event))]
pub struct TransitionError {
    pub from: SessionState,
    pub event: SessionEvent,
    /// What the technician asked for, when it is not the event's own verb (*Take* is an
    /// assignment to oneself, and must be refused as a take).
    pub verb: Option<&'static str>,
}

impl TransitionError {
    pub fn as_asked(self, verb: &'static str) -> Self {
        TransitionError {
            verb: Some(verb),
            ..self
        }
    }
}

fn hint(from: SessionState, event: SessionEvent) -> &'static str {
    match (from, event) {
        (SessionState::Closed, _) => "it is closed; create a new session to reconnect",
        (SessionState::Expired, _) => "it expired; close it, or create a new session to reconnect",
        (SessionState::Pending, SessionEvent::Release) => {
            "only Active sessions can be released; the end user has not launched the app yet"
        }
        (SessionState::Pending, _) => "the end user has not launched the support app yet",
        (SessionState::InQueue, _) => "it waits in the queue; take or assign it first",
        (SessionState::Active, SessionEvent::EndUserLaunched) => "the app is already running",
        (SessionState::Active, _) => "this is not allowed while the session is Active",
    }
}

/// The state machine of SPEC SD3. Returns the state after `event`, or why it is refused.
pub fn transition(
    from: SessionState,
    event: SessionEvent,
) -> Result<SessionState, TransitionError> {
    use SessionEvent as E;
    use SessionState as S;
    let to = match (from, event) {
        (S::Pending, E::EndUserLaunched) => S::Active,
        (S::Pending | S::Active | S::InQueue, E::Timeout) => S::Expired,
        (S::Active, E::Release) => S::InQueue,
        (S::InQueue, E::Assign) => S::Active,
        (S::Pending | S::Active, E::Assign) => from,
        (S::Pending | S::Active | S::InQueue | S::Expired, E::Close) => S::Closed,
        (S::Active, E::RequestPermission | E::PermissionAnswered | E::StartRemote) => S::Active,
        (S::Pending | S::Active | S::InQueue, E::Collaborate) => from,
        _ => {
            return Err(TransitionError {
                from,
                event,
                verb: None,
            })
        }
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use SessionEvent as E;
    use SessionState as S;

    /// The full table: every (state, event) pair, written out so a change to the rules is a
    /// change to this list.
    #[test]
    fn every_state_event_pair_matches_the_spec() {
        let expected: &[(S, E, Option<S>)] = &[
            (S::Pending, E::EndUserLaunched, Some(S::Active)),
            (S::Pending, E::Timeout, Some(S::Expired)),
            (S::Pending, E::Release, None),
            (S::Pending, E::Assign, Some(S::Pending)),
            (S::Pending, E::Close, Some(S::Closed)),
            (S::Pending, E::RequestPermission, None),
            (S::Pending, E::PermissionAnswered, None),
            (S::Pending, E::StartRemote, None),
            (S::Pending, E::Collaborate, Some(S::Pending)),
            (S::Active, E::EndUserLaunched, None),
            (S::Active, E::Timeout, Some(S::Expired)),
            (S::Active, E::Release, Some(S::InQueue)),
            (S::Active, E::Assign, Some(S::Active)),
            (S::Active, E::Close, Some(S::Closed)),
            (S::Active, E::RequestPermission, Some(S::Active)),
            (S::Active, E::PermissionAnswered, Some(S::Active)),
            (S::Active, E::StartRemote, Some(S::Active)),
            (S::Active, E::Collaborate, Some(S::Active)),
            (S::InQueue, E::EndUserLaunched, None),
            (S::InQueue, E::Timeout, Some(S::Expired)),
            (S::InQueue, E::Release, None),
            (S::InQueue, E::Assign, Some(S::Active)),
            (S::InQueue, E::Close, Some(S::Closed)),
            (S::InQueue, E::RequestPermission, None),
            (S::InQueue, E::PermissionAnswered, None),
            (S::InQueue, E::StartRemote, None),
            (S::InQueue, E::Collaborate, Some(S::InQueue)),
            (S::Expired, E::EndUserLaunched, None),
            (S::Expired, E::Timeout, None),
            (S::Expired, E::Release, None),
            (S::Expired, E::Assign, None),
            (S::Expired, E::Close, Some(S::Closed)),
            (S::Expired, E::RequestPermission, None),
            (S::Expired, E::PermissionAnswered, None),
            (S::Expired, E::StartRemote, None),
            (S::Expired, E::Collaborate, None),
        ];
        let mut seen = 0;
        for &(from, event, want) in expected {
            assert_eq!(transition(from, event).ok(), want, "{from:?} + {event:?}");
            seen += 1;
        }
        // Closed refuses everything.
        for event in E::ALL {
            assert!(transition(S::Closed, event).is_err(), "Closed + {event:?}");
            seen += 1;
        }
        assert_eq!(
            seen,
            S::ALL.len() * E::ALL.len(),
            "table must cover every pair"
        );
    }

    #[test]
    fn the_only_state_changes_are_the_ones_sd3_lists() {
        let allowed = [
            (S::Pending, S::Active),
            (S::Pending, S::Expired),
            (S::Active, S::InQueue),
            (S::InQueue, S::Active),
            (S::Active, S::Expired),
            (S::InQueue, S::Expired),
            (S::Pending, S::Closed),
            (S::Active, S::Closed),
            (S::InQueue, S::Closed),
            (S::Expired, S::Closed),
        ];
        for from in S::ALL {
            for event in E::ALL {
                if let Ok(to) = transition(from, event) {
                    assert!(
                        to == from || allowed.contains(&(from, to)),
                        "{from:?} -> {to:?} via {event:?} is not in SD3"
                    );
                }
            }
        }
    }

    #[test]
    fn refusals_explain_themselves() {
        let err = transition(S::Pending, E::Release).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot release a session that is Pending: only Active sessions can be released; \
             the end user has not launched the app yet"
        );
        let err = transition(S::Closed, E::Assign).unwrap_err();
        assert!(err
            .to_string()
            .contains("create a new session to reconnect"));
    }

    #[test]
    fn names_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        for e in E::ALL {
            assert_eq!(E::parse(e.as_str()), Some(e));
        }
        assert_eq!(S::parse("open"), None);
    }
}
