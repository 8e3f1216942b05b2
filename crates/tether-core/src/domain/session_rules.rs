//! SD3–SD5: what the technician at the desk may do with a session, and why not. The console
//! checks these before it acts, and a session's detail carries the verdict on every action
//! (`SessionActions`), so the window says why an action will be refused before the click, in
//! the very words the refusal would use. No rule here is decided anywhere else.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::channel::{Channel, PRIVATE_CHANNEL_ID};
use super::session::{Permission, Session, MAX_TECHNICIANS};
use super::state_machine::{transition, SessionEvent, SessionState};
use super::technician::Technician;
use crate::error::CoreError;

type Check = Result<(), CoreError>;

/// The technician is one of the session's (assignee or invited).
pub fn on_session(session: &Session, me: &Technician) -> Check {
    if session.technicians().any(|t| t == me.id) {
        Ok(())
    } else {
        Err(CoreError::Forbidden(
            "you are not on this session: take it or ask to be invited first".into(),
        ))
    }
}

/// TeamViewer's sessions have no permission request and no Tether-started connection: the
/// end customer accepts in TeamViewer, and the technician enters from the ticket's panel.
fn attended_only(session: &Session, what: &str) -> Check {
    if session.provider == crate::domain::teamviewer::PROVIDER {
        return Err(CoreError::Invalid(format!(
            "TeamViewer has no {what}: the end customer accepts the connection in TeamViewer, \
             and you enter the session from its ticket's TeamViewer panel"
        )));
    }
    Ok(())
}

/// SD4: asking the end user for permission to connect.
pub fn request_permission(session: &Session, me: &Technician) -> Check {
    attended_only(session, "permission request")?;
    transition(session.state, SessionEvent::RequestPermission)?;
    on_session(session, me)?;
    if session.permission == Permission::Granted {
        return Err(CoreError::Invalid(
            "the end user already granted permission: start the remote session".into(),
        ));
    }
    Ok(())
}

/// SD4: *Start remote session* only after the end user granted permission.
pub fn start_remote(session: &Session, me: &Technician) -> Check {
    attended_only(session, "Start remote session on the board")?;
    transition(session.state, SessionEvent::StartRemote)?;
    on_session(session, me)?;
    match session.permission {
        Permission::Granted => Ok(()),
        Permission::Refused => Err(CoreError::Forbidden(
            "the end user refused permission; ask again before connecting".into(),
        )),
        Permission::Requested => Err(CoreError::Forbidden(
            "waiting for the end user to grant permission".into(),
        )),
        Permission::NotRequested => Err(CoreError::Forbidden(
            "the end user has not granted permission yet: request it first".into(),
        )),
    }
}

/// SD5: assigning `target`. Moving a session away from another assignee is a transfer and
/// needs the release permission; the target must have access to the channel.
pub fn assign(session: &Session, me: &Technician, target: &Technician, channel: &Channel) -> Check {
    if !channel.is_member(&target.id) {
        return Err(CoreError::Forbidden(format!(
            "{} has no access to {}",
            target.name, channel.name
        )));
    }
    let transfer = session
        .assignee
        .as_deref()
        .is_some_and(|current| current != target.id);
    if transfer && !me.can_release {
        return Err(CoreError::Forbidden(
            "moving a session from its technician needs the release permission".into(),
        ));
    }
    transition(session.state, SessionEvent::Assign)?;
    Ok(())
}

/// SD5: the technician at the desk takes the session.
pub fn take(session: &Session, me: &Technician, channel: &Channel) -> Check {
    transition(session.state, SessionEvent::Assign).map_err(|e| e.as_asked("take"))?;
    if session.assignee.as_deref() == Some(me.id.as_str()) {
        return Err(CoreError::Invalid("you already have this session".into()));
    }
    assign(session, me, me, channel)
}

/// SD5: inviting `guest`; the assignee's seat stays counted while the session is queued, so
/// at most two can ever be invited.
pub fn invite(
    session: &Session,
    guest: &Technician,
    channel: &Channel,
    names_on_it: &str,
) -> Check {
    transition(session.state, SessionEvent::Collaborate)?;
    if session.technicians().any(|t| t == guest.id) {
        return Err(CoreError::Invalid(format!(
            "{} is already on this session",
            guest.name
        )));
    }
    if full(session) {
        return Err(CoreError::TooManyTechnicians(format!(
            "{} cannot join: {names_on_it} are already on it",
            guest.name
        )));
    }
    if !channel.is_member(&guest.id) {
        return Err(CoreError::Forbidden(format!(
            "{} has no access to {}",
            guest.name, channel.name
        )));
    }
    Ok(())
}

/// The assignee's seat counts even while nobody holds it (In queue).
fn full(session: &Session) -> bool {
    session.invited.len() + 1 >= MAX_TECHNICIANS
}

/// Whether anyone at all could still be invited.
fn invite_any(session: &Session, names_on_it: &str) -> Check {
    transition(session.state, SessionEvent::Collaborate)?;
    if full(session) {
        return Err(CoreError::TooManyTechnicians(format!(
            "{names_on_it} are already on it"
        )));
    }
    Ok(())
}

/// SD5: moving the session to `target`, a channel the technician may put sessions into.
pub fn transfer(session: &Session, me: &Technician, target: &Channel) -> Check {
    transition(session.state, SessionEvent::Collaborate)?;
    writable(me, target)?;
    if target.id == session.channel_id {
        return Err(CoreError::Invalid(format!(
            "the session is already in {}",
            target.name
        )));
    }
    Ok(())
}

/// A channel the technician may put sessions into: the private one, or a shared one they
/// are a member of.
pub fn writable(me: &Technician, channel: &Channel) -> Check {
    if channel.id != PRIVATE_CHANNEL_ID && !channel.is_member(&me.id) {
        return Err(CoreError::Forbidden(format!(
            "you have no access to the channel {}",
            channel.name
        )));
    }
    Ok(())
}

/// SD5: releasing to the channel's queue.
pub fn release(session: &Session, me: &Technician) -> Check {
    if !me.can_release {
        return Err(CoreError::Forbidden(
            "you may not release sessions (no release permission)".into(),
        ));
    }
    transition(session.state, SessionEvent::Release)?;
    Ok(())
}

/// SD5: closing.
pub fn close(session: &Session) -> Check {
    transition(session.state, SessionEvent::Close)?;
    Ok(())
}

/// One action's verdict: available, or the reason it would be refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Availability {
    pub available: bool,
    /// Why not, as the refusal would say it; empty when available.
    pub reason: String,
}

impl From<Check> for Availability {
    fn from(check: Check) -> Self {
        match check {
            Ok(()) => Availability {
                available: true,
                reason: String::new(),
            },
            Err(e) => Availability {
                available: false,
                reason: capitalise(&e.to_string()),
            },
        }
    }
}

use crate::sentence::capitalised as capitalise;

/// A technician or channel an action could go to, with its verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Choice {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub availability: Availability,
}

/// What the technician at the desk may do with a session now, each with the reason when not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SessionActions {
    pub request_permission: Availability,
    pub start_remote: Availability,
    pub take: Availability,
    pub release: Availability,
    pub close: Availability,
    pub delete: Availability,
    /// Whether anyone could be assigned; `assignees` says who.
    pub assign: Availability,
    pub assignees: Vec<Choice>,
    /// Whether anyone could be invited; `invitees` says who.
    pub invite: Availability,
    pub invitees: Vec<Choice>,
    /// Whether the session can move at all; `channels` says where.
    pub transfer: Availability,
    pub channels: Vec<Choice>,
    /// Seats taken, and the most a session has (SD5). The assignee's seat counts even while
    /// the session waits in the queue with nobody in it.
    pub seats_taken: u32,
    pub max_technicians: u32,
    /// The demo's end user: what they can do now (`None` outside the demo workspace).
    pub end_user: Option<EndUserActions>,
}

/// The end user's side in the demo workspace, as the sandbox (like the provider) allows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct EndUserActions {
    pub launch: Availability,
    pub grant: Availability,
    pub refuse: Availability,
    pub leave: Availability,
}

/// Everything about the session and the desk the verdicts need.
pub struct Situation<'a> {
    pub me: &'a Technician,
    pub technicians: &'a [Technician],
    /// The session's channel.
    pub channel: &'a Channel,
    /// Every channel the board knows.
    pub channels: &'a [Channel],
    pub demo: bool,
}

impl Situation<'_> {
    /// The names of the technicians on the session, for the refusal of a fourth.
    pub fn names_on(&self, session: &Session) -> String {
        session
            .technicians()
            .map(|id| {
                self.technicians
                    .iter()
                    .find(|t| t.id == id)
                    .map_or(id, |t| t.name.as_str())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl SessionActions {
    pub fn of(session: &Session, desk: &Situation<'_>) -> SessionActions {
        let me = desk.me;
        let names = desk.names_on(session);
        let assignees: Vec<Choice> = desk
            .technicians
            .iter()
            .filter(|t| session.assignee.as_deref() != Some(t.id.as_str()))
            .map(|t| choice(&t.id, &t.name, assign(session, me, t, desk.channel)))
            .collect();
        let invitees: Vec<Choice> = desk
            .technicians
            .iter()
            .filter(|t| !session.technicians().any(|on| on == t.id))
            .map(|t| choice(&t.id, &t.name, invite(session, t, desk.channel, &names)))
            .collect();
        // A TeamViewer session stays in the TeamViewer channel, a Splashtop one out of it.
        let teamviewer = |id: &str| id == crate::domain::teamviewer::CHANNEL_ID;
        let channels: Vec<Choice> = desk
            .channels
            .iter()
            .filter(|c| c.id != session.channel_id && writable(me, c).is_ok())
            .filter(|c| teamviewer(&c.id) == teamviewer(&session.channel_id))
            .map(|c| choice(&c.id, &c.name, transfer(session, me, c)))
            .collect();
        let assign_any = transition(session.state, SessionEvent::Assign)
            .map_err(CoreError::from)
            .and_then(|_| {
                let someone_else_has_it = session.assignee.is_some();
                if someone_else_has_it && !me.can_release {
                    Err(CoreError::Forbidden(
                        "moving a session from its technician needs the release permission".into(),
                    ))
                } else {
                    Ok(())
                }
            });
        SessionActions {
            request_permission: request_permission(session, me).into(),
            start_remote: start_remote(session, me).into(),
            take: take(session, me, desk.channel).into(),
            release: release(session, me).into(),
            close: close(session).into(),
            delete: Ok(()).into(),
            assign: assign_any.into(),
            assignees,
            invite: invite_any(session, &names).into(),
            invitees,
            transfer: transition(session.state, SessionEvent::Collaborate)
                .map(|_| ())
                .map_err(CoreError::from)
                .into(),
            channels,
            seats_taken: (session.invited.len() + 1) as u32,
            max_technicians: MAX_TECHNICIANS as u32,
            // The demo's end user is the Splashtop sandbox's.
            end_user: (desk.demo && session.provider != crate::domain::teamviewer::PROVIDER)
                .then(|| EndUserActions::of(session)),
        }
    }
}

impl EndUserActions {
    fn of(session: &Session) -> EndUserActions {
        let answerable: Availability = match (session.state, session.permission) {
            (SessionState::Active, Permission::Requested) => Ok(()),
            (SessionState::Active, Permission::Granted) => Err(CoreError::Invalid(
                "the end user already granted permission".into(),
            )),
            (SessionState::Active, Permission::Refused) => Err(CoreError::Invalid(
                "the end user refused; the technician must ask again".into(),
            )),
            _ => Err(CoreError::Invalid(
                "the technician has not requested permission".into(),
            )),
        }
        .into();
        EndUserActions {
            launch: if session.state == SessionState::Pending {
                Ok(())
            } else {
                Err(CoreError::Invalid(
                    "only a Pending session waits for the app to launch".into(),
                ))
            }
            .into(),
            grant: answerable.clone(),
            refuse: answerable,
            leave: if session.state == SessionState::Closed {
                Err(CoreError::Invalid("the session is already closed".into()))
            } else {
                Ok(())
            }
            .into(),
        }
    }
}

fn choice(id: &str, name: &str, check: Check) -> Choice {
    Choice {
        id: id.to_string(),
        name: name.to_string(),
        availability: check.into(),
    }
}
