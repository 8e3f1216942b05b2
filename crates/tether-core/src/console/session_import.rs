//! SP2: when a session that came from a ticket closes, the ticket gets one *Remote session*
//! action: who, from when to when, the time connected as the logged time, and the closing
//! comment as the note. Splashtop reports no connection log (providers.md §3.3), so the time is
//! what Tether saw while polling, and the action says so. Kept once per provider session, in
//! the same write as the action: a repeat, a restart or a crash between the two adds nothing
//! twice and loses nothing.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::{
    provider_app, RemoteSessionRecord, RemoteSessionStatus, Session, SessionEvent, SessionState,
    TicketAction, TimeSource,
};
use crate::error::CoreError;
use crate::event::Event;

use super::Sessions;

impl Sessions {
    /// Called once a session is written as Closed.
    pub(crate) async fn import_closed(&self, session: &Session) -> Result<(), CoreError> {
        let Some(ticket_id) = session.ticket_id.clone() else {
            return Ok(());
        };
        if session.state != SessionState::Closed {
            return Ok(());
        }
        // TeamViewer reports its connections itself (TV5): its reports are the import.
        if session.provider == crate::domain::teamviewer::PROVIDER {
            return Ok(());
        }
        let ended = session.state_changed_at;
        self.ctx.store.connection_ended(&session.id, ended).await?;
        let connections = self.ctx.store.connections(&session.id).await?;
        let seconds: i64 = connections
            .iter()
            .map(|c| {
                (c.ended_at.unwrap_or(ended) - c.started_at)
                    .num_seconds()
                    .max(0)
            })
            .sum();
        let started = connections
            .first()
            .map_or(session.created_at, |c| c.started_at);
        let technician_id = session
            .assignee
            .clone()
            .unwrap_or_else(|| session.created_by.clone());
        let technician = match self.ctx.technician(&technician_id).await {
            Ok(t) => t.name,
            Err(_) => technician_id.clone(),
        };
        let comment = self.closing_comment(&session.id).await?;
        let seconds = u32::try_from(seconds).unwrap_or(u32::MAX);
        let provider = provider_app(&session.provider).to_string();
        let mut note = format!(
            "{provider} session with {technician} for {}: {} to {}, {} connected{}",
            session.customer_name,
            started.format("%Y-%m-%d %H:%M"),
            ended.format("%H:%M"),
            minutes(seconds),
            match connections.len() {
                0 => " (no connection seen)".to_string(),
                1 => String::new(),
                n => format!(" over {n} connections"),
            }
        );
        note.push_str(&format!(
            ". The time is what Tether saw while polling {provider}, which reports none."
        ));
        if let Some(comment) = comment {
            note.push_str(&format!("\nComment: {comment}"));
        }
        let record = RemoteSessionRecord {
            id: Uuid::new_v4().to_string(),
            provider: session.provider.clone(),
            provider_session_id: session.provider_session_id.clone(),
            status: RemoteSessionStatus::Linked,
            reason: None,
            ticket_id: Some(ticket_id.clone()),
            chat_id: None,
            external_key: String::new(),
            customer_name: session.customer_name.clone(),
            customer_host: String::new(),
            rep_name: technician,
            attributed_to: Some(technician_id.clone()),
            started_at: started,
            ended_at: Some(ended),
            duration_seconds: seconds,
            transcript: String::new(),
            time_source: Some(TimeSource::Observed),
        };
        let action =
            TicketAction::remote_session(&ticket_id, ended, &technician_id, note, seconds, None);
        if self
            .ctx
            .store
            .import_remote_session(&record, &action)
            .await?
        {
            self.ctx.emit(Event::TicketChanged { ticket_id });
        }
        Ok(())
    }

    /// At start-up: sessions that closed without their import (a stop or a crash between).
    pub async fn import_missed(&self) -> Result<u32, CoreError> {
        let missed = self.ctx.store.closed_sessions_not_imported().await?;
        let n = missed.len() as u32;
        for session in missed {
            self.import_closed(&session).await?;
        }
        Ok(n)
    }

    /// The note a technician closed the session with, if they wrote one.
    async fn closing_comment(&self, session_id: &str) -> Result<Option<String>, CoreError> {
        let history = self.ctx.store.history(session_id).await?;
        Ok(history
            .iter()
            .rev()
            .find(|h| h.event == Some(SessionEvent::Close))
            .and_then(|h| h.note.as_deref())
            .and_then(|note| note.strip_prefix(CLOSED_WITH_COMMENT))
            .map(str::to_string))
    }

    /// SP2: what the provider says of the technician's connection, kept as intervals.
    pub(crate) async fn observe_connection(
        &self,
        session_id: &str,
        connected: bool,
        at: DateTime<Utc>,
    ) -> Result<(), CoreError> {
        let changed = {
            let mut seen = super::lock(&self.ctx.connected);
            if connected {
                seen.insert(session_id.to_string())
            } else {
                seen.remove(session_id)
            }
        };
        if changed {
            if connected {
                self.ctx.store.connection_started(session_id, at).await?;
            } else {
                self.ctx.store.connection_ended(session_id, at).await?;
            }
        }
        Ok(())
    }
}

/// How a close with a comment is noted in the session's history; the import reads it back.
pub(crate) const CLOSED_WITH_COMMENT: &str = "closed: ";

fn minutes(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
