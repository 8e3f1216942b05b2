//! What a technician does to a session (SD2, SD4, SD5). Each action checks access, runs the
//! state machine, writes the session and its history in one transaction, then tells the bus.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::domain::session_rules as rules;
use crate::domain::{
    provider_app, transition, validate_join_code, validate_support_link, Actor, Channel,
    HistoryEntry, NewSession, Permission, Session, SessionEvent, SessionState, Technician,
    TransitionError,
};
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::provider::{CreateSessionRequest, ProviderAction};
use crate::ports::{OpenedUrl, StoreError};

use super::session_import::CLOSED_WITH_COMMENT;
use super::Sessions;

/// Splashtop refuses longer names (result 40422); refuse them before asking.
pub(crate) const MAX_CUSTOMER_NAME: usize = 64;
pub(crate) const MAX_ISSUE: usize = 255;
/// A closing comment goes to the ticket's timeline: a paragraph, not a document.
const MAX_COMMENT: usize = 2000;

/// Applies `event` to `session` through the state machine and returns the history line.
pub(crate) fn step(
    session: &mut Session,
    event: SessionEvent,
    actor: &Actor,
    now: DateTime<Utc>,
    note: Option<String>,
) -> Result<HistoryEntry, TransitionError> {
    let from = session.state;
    let to = transition(from, event)?;
    // Strictly increasing, so the store's check for concurrent writes can rely on it.
    let now = now.max(session.updated_at + Duration::milliseconds(1));
    if to != from {
        session.state = to;
        session.state_changed_at = now;
    }
    session.updated_at = now;
    Ok(HistoryEntry {
        at: now,
        actor: actor.clone(),
        event: Some(event),
        from: Some(from),
        to,
        note,
    })
}

impl Sessions {
    /// Writes the changed session with its history, then announces it. Refused with a
    /// conflict when someone else (the poller, another technician) changed the session since
    /// `before` was read: nothing is overwritten with stale data.
    pub(crate) async fn commit(
        &self,
        before: &Session,
        session: Session,
        history: Vec<HistoryEntry>,
        actor: Actor,
    ) -> Result<Session, CoreError> {
        self.ctx
            .store
            .update_session(&session, &history, before.updated_at)
            .await?;
        if session.state == SessionState::Closed && before.state != SessionState::Closed {
            // The close stands whatever happens here: a failed import is retried at start-up.
            if let Err(e) = self.import_closed(&session).await {
                tracing::warn!(session = %session.id, "the session's time did not reach its ticket yet: {e}");
            }
        }
        let event = if session.state != before.state {
            Event::SessionChanged {
                session: session.clone(),
                from: Some(before.state),
                actor,
            }
        } else {
            Event::SessionUpdated {
                session: session.clone(),
                actor,
            }
        };
        self.ctx.emit(event);
        Ok(session)
    }

    /// SD2: creates the session at the provider, then on the board as Pending, assigned to
    /// the technician who created it.
    pub async fn create_session(&self, new: NewSession) -> Result<Session, CoreError> {
        let me = self.ctx.me().await?;
        let customer_name = new.customer_name.trim().to_string();
        let issue = new.issue.trim().to_string();
        if customer_name.is_empty() {
            return Err(CoreError::Invalid(
                "say who the session is for: the customer's name is empty".into(),
            ));
        }
        if customer_name.chars().count() > MAX_CUSTOMER_NAME {
            return Err(CoreError::Invalid(format!(
                "the customer's name is {} characters; the provider takes at most {MAX_CUSTOMER_NAME}",
                customer_name.chars().count()
            )));
        }
        if issue.chars().count() > MAX_ISSUE {
            return Err(CoreError::Invalid(format!(
                "the issue is longer than {MAX_ISSUE} characters"
            )));
        }
        if new.channel_id == crate::domain::teamviewer::CHANNEL_ID {
            return Err(CoreError::Invalid(
                "TeamViewer sessions are created from a ticket's TeamViewer panel; pick a \
                 Splashtop channel for an attended session"
                    .into(),
            ));
        }
        let channel = self.ctx.writable_channel(&me, &new.channel_id).await?;
        let assignee = Some(me.id.clone());
        let ticket_id = match new.ticket_id.as_deref().filter(|t| !t.is_empty()) {
            Some(t) => Some(self.ctx.ticket(t).await?.id),
            None => None,
        };
        self.open_session(&me, channel, customer_name, issue, assignee, ticket_id)
            .await
    }

    /// Creates the session at the provider and on the board. The caller has checked the
    /// technician may use `channel`.
    pub(crate) async fn open_session(
        &self,
        me: &Technician,
        channel: Channel,
        customer_name: String,
        issue: String,
        assignee: Option<String>,
        ticket_id: Option<String>,
    ) -> Result<Session, CoreError> {
        let request = CreateSessionRequest {
            provider_channel_id: channel.provider_channel_id,
            customer_name: customer_name.clone(),
            issue: issue.clone(),
        };
        let remote = self
            .ctx
            .provider
            .create(&request)
            .await
            .map_err(|e| self.ctx.provider_failed(e))?;
        self.ctx.provider_ok();
        if let Err(invalid) =
            validate_join_code(&remote.code).and_then(|()| validate_support_link(&remote.link))
        {
            // Never show the end user a bad code or link, and leave nothing open at the provider.
            self.ctx
                .store
                .enqueue(
                    self.ctx.provider.name(),
                    &remote.provider_session_id,
                    "delete",
                    self.ctx.clock.now(),
                )
                .await?;
            self.flush_outbox().await;
            return Err(invalid);
        }
        let now = self.ctx.clock.now();
        let session = Session {
            id: Uuid::new_v4().to_string(),
            channel_id: channel.id.clone(),
            provider: self.ctx.provider.name().to_string(),
            provider_session_id: remote.provider_session_id.clone(),
            customer_name,
            issue,
            code: remote.code.clone(),
            link: remote.link.clone(),
            state: SessionState::Pending,
            provider_status: self.ctx.provider.status_word(&remote),
            permission: Permission::NotRequested,
            assignee,
            invited: Vec::new(),
            created_by: me.id.clone(),
            created_at: now,
            updated_at: now,
            state_changed_at: now,
            ticket_id,
        };
        let note = format!("created in {} with code {}", channel.name, session.code);
        self.add_to_board(me, session, note).await
    }

    /// A new session on the board, Pending, with the history line that says where it came
    /// from; the window and the notifications hear of it, and the poller wakes.
    pub(crate) async fn add_to_board(
        &self,
        me: &Technician,
        session: Session,
        note: String,
    ) -> Result<Session, CoreError> {
        self.add_to_board_as(Actor::Technician(me.id.clone()), session, note)
            .await
    }

    /// A session someone else made (a code created in the provider's own console).
    pub(crate) async fn add_to_board_as(
        &self,
        actor: Actor,
        session: Session,
        note: String,
    ) -> Result<Session, CoreError> {
        let created = HistoryEntry {
            at: session.created_at,
            actor: actor.clone(),
            event: None,
            from: None,
            to: session.state,
            note: Some(note),
        };
        self.ctx.store.insert_session(&session, &[created]).await?;
        self.ctx.emit(Event::SessionChanged {
            session: session.clone(),
            from: None,
            actor,
        });
        self.ctx.wake.notify_one();
        Ok(session)
    }

    /// One technician action on a session they may see: the state machine, then `change`,
    /// then a conflict-checked write with its history line.
    async fn act(
        &self,
        me: &Technician,
        mut session: Session,
        event: SessionEvent,
        note: impl Into<String>,
        change: impl FnOnce(&mut Session),
    ) -> Result<Session, CoreError> {
        let before = session.clone();
        let actor = Actor::Technician(me.id.clone());
        let entry = step(
            &mut session,
            event,
            &actor,
            self.ctx.clock.now(),
            Some(note.into()),
        )?;
        change(&mut session);
        self.commit(&before, session, vec![entry], actor).await
    }

    /// SD4: asks the end user for permission to connect.
    pub async fn request_permission(&self, id: &str) -> Result<Session, CoreError> {
        let me = self.ctx.me().await?;
        let (session, _) = self.ctx.visible_session(&me, id).await?;
        rules::request_permission(&session, &me)?;
        // TK2: a provider that cannot be reached (or asks us to wait) gets the request from
        // the outbox when it answers; a refusal is the technician's to read now.
        let queued = match self
            .ctx
            .provider
            .act(
                &session.provider_session_id,
                ProviderAction::RequestPermission,
            )
            .await
        {
            Ok(()) => {
                self.ctx.provider_ok();
                false
            }
            Err(e) if e.is_transient() => {
                self.ctx.provider_failed(e);
                true
            }
            Err(e) => return Err(self.ctx.provider_failed(e)),
        };
        let note = if queued {
            "permission requested; waiting to reach the provider (it is sent when it answers)"
        } else {
            "permission requested"
        };
        let requested = |s: &mut Session| s.permission = Permission::Requested;
        let event = SessionEvent::RequestPermission;
        let saved = match self.act(&me, session, event, note, requested).await {
            // The poller wrote meanwhile. The end user has been asked (or will be), so record
            // the request on the fresh copy rather than lose it.
            Err(CoreError::Store(StoreError::Conflict(_))) => {
                let (fresh, _) = self.ctx.visible_session(&me, id).await?;
                self.act(&me, fresh, event, note, requested).await?
            }
            other => other?,
        };
        if queued {
            self.ctx
                .store
                .enqueue(
                    &saved.provider,
                    &saved.provider_session_id,
                    super::outbox::REQUEST_PERMISSION,
                    self.ctx.clock.now() + chrono::Duration::seconds(2),
                )
                .await?;
            self.ctx.emit(Event::BoardChanged);
        }
        self.ctx.wake.notify_one();
        Ok(saved)
    }

    /// SD4: opens the technician's side (the provider's app); only after the end user
    /// granted. The start is recorded before the app is opened.
    pub async fn start_remote(&self, id: &str) -> Result<OpenedUrl, CoreError> {
        let me = self.ctx.me().await?;
        let (session, _) = self.ctx.visible_session(&me, id).await?;
        rules::start_remote(&session, &me)?;
        let url = self.ctx.provider.remote_url(&session.code, &me.email);
        let session_provider = session.provider.clone();
        self.act(
            &me,
            session,
            SessionEvent::StartRemote,
            "remote session started",
            |_| {},
        )
        .await?;
        let app = format!("the {} app", provider_app(&session_provider));
        let opening = self.ctx.open(&url, &app)?;
        Ok(OpenedUrl {
            url,
            opened: opening.opened,
            demo_viewer: opening.demo_viewer,
        })
    }

    /// SD5: assigns a technician. Taking a queued session makes it Active; moving a session
    /// away from another assignee is a transfer and needs the release permission.
    pub async fn assign(&self, id: &str, technician_id: &str) -> Result<Session, CoreError> {
        let me = self.ctx.me().await?;
        let (session, channel) = self.ctx.visible_session(&me, id).await?;
        let target = self.ctx.technician(technician_id).await?;
        rules::assign(&session, &me, &target, &channel)?;
        let note = if target.id == me.id {
            "taken".to_string()
        } else {
            format!("assigned to {}", target.name)
        };
        self.act(&me, session, SessionEvent::Assign, note, |s| {
            if s.assignee.as_deref() != Some(target.id.as_str()) {
                // A new technician must ask for permission themselves.
                s.permission = Permission::NotRequested;
            }
            s.invited.retain(|t| t != &target.id);
            s.assignee = Some(target.id);
        })
        .await
    }

    /// SD5: the technician at this desk takes the session (In queue → Active).
    pub async fn take(&self, id: &str) -> Result<Session, CoreError> {
        let me = self.ctx.me().await?;
        let (session, channel) = self.ctx.visible_session(&me, id).await?;
        rules::take(&session, &me, &channel)?;
        self.assign(id, &me.id).await
    }

    /// SD5: transfer to another channel (needs access to it).
    pub async fn transfer_to_channel(
        &self,
        id: &str,
        channel_id: &str,
    ) -> Result<Session, CoreError> {
        let me = self.ctx.me().await?;
        let (session, from) = self.ctx.visible_session(&me, id).await?;
        let target = self.ctx.channel(channel_id).await?;
        rules::transfer(&session, &me, &target)?;
        let note = format!("moved from {} to {}", from.name, target.name);
        self.act(&me, session, SessionEvent::Collaborate, note, |s| {
            s.channel_id = target.id
        })
        .await
    }

    /// SD5: invite up to two more technicians; a fourth is refused with the reason.
    pub async fn invite_technician(
        &self,
        id: &str,
        technician_id: &str,
    ) -> Result<Session, CoreError> {
        let me = self.ctx.me().await?;
        let (session, channel) = self.ctx.visible_session(&me, id).await?;
        let guest = self.ctx.technician(technician_id).await?;
        let names = self.names(session.technicians()).await?;
        rules::invite(&session, &guest, &channel, &names)?;
        let note = format!("invited {}", guest.name);
        self.act(&me, session, SessionEvent::Collaborate, note, |s| {
            s.invited.push(guest.id)
        })
        .await
    }

    /// SD5: release to the channel's queue (Active → In queue).
    pub async fn release(&self, id: &str) -> Result<Session, CoreError> {
        let me = self.ctx.me().await?;
        let (session, _) = self.ctx.visible_session(&me, id).await?;
        rules::release(&session, &me)?;
        self.act(
            &me,
            session,
            SessionEvent::Release,
            "released to the queue",
            |s| {
                s.assignee = None;
                s.permission = Permission::NotRequested;
            },
        )
        .await
    }

    /// SD5: close (any open or expired state → Closed). The provider is told through the
    /// outbox, so a provider that is down does not stop the technician.
    /// SP2: a session from a ticket takes `comment` back to the ticket with its time.
    pub async fn close(&self, id: &str, comment: Option<String>) -> Result<Session, CoreError> {
        let me = self.ctx.me().await?;
        let (session, _) = self.ctx.visible_session(&me, id).await?;
        rules::close(&session)?;
        let note = match comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) if c.chars().count() > MAX_COMMENT => {
                return Err(CoreError::Invalid(format!(
                    "the comment is longer than {MAX_COMMENT} characters"
                )))
            }
            Some(c) => format!("{CLOSED_WITH_COMMENT}{c}"),
            None => "closed".into(),
        };
        let saved = self
            .act(&me, session, SessionEvent::Close, note, |_| {})
            .await?;
        self.ctx
            .store
            .enqueue(
                &saved.provider,
                &saved.provider_session_id,
                "close",
                self.ctx.clock.now(),
            )
            .await?;
        self.flush_outbox().await;
        Ok(saved)
    }

    /// SD5: remove the session from its channel (and from the provider, via the outbox).
    pub async fn delete(&self, id: &str) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        let (session, _) = self.ctx.visible_session(&me, id).await?;
        self.ctx.store.delete_session(id).await?;
        self.ctx
            .store
            .enqueue(
                &session.provider,
                &session.provider_session_id,
                "delete",
                self.ctx.clock.now(),
            )
            .await?;
        self.ctx.emit(Event::SessionDeleted {
            id: session.id,
            channel_id: session.channel_id,
        });
        self.flush_outbox().await;
        Ok(())
    }

    async fn names<'a>(&self, ids: impl Iterator<Item = &'a str>) -> Result<String, CoreError> {
        let all = self.ctx.store.technicians().await?;
        let names: Vec<String> = ids
            .map(|id| {
                all.iter()
                    .find(|t| t.id == id)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| id.to_string())
            })
            .collect();
        Ok(names.join(", "))
    }
}
