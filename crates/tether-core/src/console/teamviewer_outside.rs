//! Item 7 of TV: codes made in TeamViewer's own console (or by another tool) appear on the
//! board too, so the board shows every open code of the account, not only Tether's. One list
//! request (`GET /sessions`, open codes, every page) a minute at most: §2.6 asks not to poll
//! it hard, and Tether's own codes are followed one by one already.

use std::collections::HashSet;

use chrono::Duration;
use uuid::Uuid;

use crate::domain::teamviewer::{self as tv, TvSession, TvSessionState};
use crate::domain::{Actor, Permission, Session, SessionState};
use crate::error::CoreError;
use crate::ports::store::SessionFilter;

use super::board::open_states;
use super::TeamViewer;

/// At most one list of open codes this often.
const LIST_EVERY_SECS: i64 = 60;

impl TeamViewer {
    /// Puts open codes made outside Tether on the board and follows them: their state from
    /// the list, Closed once they leave it. Quiet while TeamViewer is off.
    pub(super) async fn follow_outside_codes(&self) -> Result<(), CoreError> {
        if self.ctx.remote_control.available().await.is_err() {
            return Ok(());
        }
        let now = self.ctx.clock.now();
        {
            let mut listed = self
                .ctx
                .tv_listed_at
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if listed.is_some_and(|at| now - at < Duration::seconds(LIST_EVERY_SECS)) {
                return Ok(());
            }
            *listed = Some(now);
        }
        let open = self
            .ctx
            .remote_control
            .open_sessions()
            .await
            .map_err(|e| self.failed(e))?;
        let mut listed = HashSet::new();
        for code in open {
            listed.insert(code.code.clone());
            if self.ctx.store.tv_session(&code.code).await?.is_some() {
                continue;
            }
            self.follow_outside(&code).await?;
        }
        // Codes that left the list were closed (or deleted) at TeamViewer.
        let on_board = self
            .ctx
            .store
            .sessions(&SessionFilter {
                channel_id: Some(tv::CHANNEL_ID.into()),
                states: Some(open_states()),
                ..SessionFilter::default()
            })
            .await?;
        for session in on_board {
            if listed.contains(&session.code)
                || self.ctx.store.tv_session(&session.code).await?.is_some()
            {
                continue;
            }
            // Not in this token's list is not closed: another account's code, or a token that
            // changed hands. Asked one by one.
            match self.ctx.remote_control.session(&session.code).await {
                Ok(code) if code.state == TvSessionState::Open => continue,
                Ok(_) | Err(crate::ports::ProviderError::NotFound) => {}
                Err(e) => return Err(self.failed(e)),
            }
            let gone = TvSession {
                state: TvSessionState::Closed,
                closed_at: Some(now),
                online: Some(false),
                ..outside_code(&session)
            };
            self.sessions
                .apply_remote_from(
                    session,
                    &tv::board_status(&gone, now),
                    tv::PROVIDER,
                    tv::status_word(&gone, now),
                )
                .await?;
        }
        Ok(())
    }

    async fn follow_outside(&self, code: &TvSession) -> Result<(), CoreError> {
        let now = self.ctx.clock.now();
        if let Some(session) = self
            .ctx
            .store
            .session_by_provider_id(tv::PROVIDER, &code.code)
            .await?
        {
            self.sessions
                .apply_remote_from(
                    session,
                    &tv::board_status(code, now),
                    tv::PROVIDER,
                    tv::status_word(code, now),
                )
                .await?;
            return Ok(());
        }
        self.ensure_channel().await?;
        // A code another Tether made for a ticket here keeps its ticket.
        let ticket_id = match code.custom_api.trim() {
            "" => None,
            id => self.ctx.ticket(id).await.ok().map(|t| t.id),
        };
        let session = Session {
            id: Uuid::new_v4().to_string(),
            channel_id: tv::CHANNEL_ID.into(),
            provider: tv::PROVIDER.into(),
            provider_session_id: code.code.clone(),
            customer_name: if code.end_customer_name.is_empty() {
                code.end_customer_email.clone().unwrap_or_default()
            } else {
                code.end_customer_name.clone()
            },
            issue: code.description.clone(),
            code: code.code.clone(),
            link: code.end_customer_link.clone(),
            state: SessionState::Pending,
            provider_status: tv::status_word(code, now),
            permission: Permission::NotRequested,
            assignee: None,
            invited: Vec::new(),
            created_by: String::new(),
            created_at: code.created_at,
            updated_at: now,
            state_changed_at: now,
            ticket_id,
        };
        let session = self
            .sessions
            .add_to_board_as(
                Actor::Provider(tv::PROVIDER.into()),
                session,
                format!("made in TeamViewer with code {}", code.code),
            )
            .await?;
        // Already connected, or past its validity: the board says so at once.
        if code.online == Some(true) || code.valid_until.is_some_and(|v| v <= now) {
            self.sessions
                .apply_remote_from(
                    session,
                    &tv::board_status(code, now),
                    tv::PROVIDER,
                    tv::status_word(code, now),
                )
                .await?;
        }
        Ok(())
    }
}

/// What the board knows of a code it did not make: enough to say it closed.
fn outside_code(session: &Session) -> TvSession {
    TvSession {
        code: session.code.clone(),
        state: TvSessionState::Open,
        kind: Default::default(),
        end_customer_name: session.customer_name.clone(),
        end_customer_email: None,
        description: session.issue.clone(),
        end_customer_link: session.link.clone(),
        supporter_link: String::new(),
        custom_api: String::new(),
        created_at: session.created_at,
        valid_until: None,
        closed_at: None,
        online: None,
    }
}
