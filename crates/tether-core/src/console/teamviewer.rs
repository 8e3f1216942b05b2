//! TV2–TV5: TeamViewer sessions made from a ticket. The requester is invited by email with
//! the end customer's link and the technician gets the supporter link; the ticket's panel
//! follows each session; a finished connection's report becomes one *Remote session* action
//! with its duration, once, whether found by the poll or at the next start.

use chrono::Duration;
use uuid::Uuid;

use crate::domain::teamviewer::{
    self as tv, supporter_url, NewTvSession, TicketTvSession, TvConnection, TvPanel,
    TvPanelSession, TvSessionKind, TvSessionState,
};
use crate::domain::template::escape_html;
use crate::domain::{
    Channel, ChannelKind, ChannelSettings, Permission, RemoteSessionRecord, RemoteSessionStatus,
    Session, SessionState, Technician, Ticket, TicketAction, TicketActionKind, TimeSource,
};
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::{OpenedUrl, OutgoingMail, ProviderError, Via};

use super::remote_support::render_invite;
use super::{session_backoff, TeamViewer};

const PROVIDER: &str = tv::PROVIDER;
/// The group Tether's codes are kept in at TeamViewer (created on first use).
const GROUP: &str = "Tether";
/// Reports of a closed session may arrive a little after it closed: look this long.
const REPORTS_AFTER_CLOSE_HOURS: i64 = 2;

impl TeamViewer {
    pub(super) fn failed(&self, e: ProviderError) -> CoreError {
        CoreError::Provider {
            provider: "TeamViewer".into(),
            source: e,
        }
    }

    /// TV2 / TV3: a session for the ticket's requester; the invitation email and the
    /// technician's supporter link go through the mail outbox, and the timeline says so.
    pub async fn create_tv_session(
        &self,
        ticket_id: &str,
        kind: TvSessionKind,
        phone: Option<String>,
    ) -> Result<TvPanelSession, CoreError> {
        let me = self.ctx.me().await?;
        let ticket = self.ctx.ticket(ticket_id).await?;
        // TV3: a pilot session's link also goes by SMS. A number that cannot be one, or no
        // gateway, is refused here, before TeamViewer makes a code.
        let phone =
            match phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                None => None,
                Some(_) if kind != TvSessionKind::Pilot => return Err(CoreError::Invalid(
                    "an SMS goes with a pilot session only; a remote session is invited by email"
                        .into(),
                )),
                Some(raw) => {
                    let number = crate::domain::phone::normalise_phone(raw)?;
                    self.ctx
                        .sms
                        .ready()
                        .await
                        .map_err(|e| CoreError::Invalid(e.to_string()))?;
                    Some(number)
                }
            };
        let requester = ticket.end_user_email.trim().to_string();
        if !crate::domain::invitation::is_email(&requester) {
            return Err(CoreError::Invalid(format!(
                "ticket #{} has no requester email to invite: add the end user's email in the PSA",
                ticket.number
            )));
        }
        self.ctx
            .mailer
            .ready()
            .await
            .map_err(|e| CoreError::Invalid(e.to_string()))?;
        let new = NewTvSession {
            group_name: GROUP.into(),
            kind,
            end_customer_name: truncate(&ticket.end_user_name, 100),
            end_customer_email: Some(requester.clone()),
            description: truncate(&format!("#{} {}", ticket.number, ticket.subject), 200),
            custom_api: ticket.id.clone(),
            valid_until: None,
        };
        let session = self
            .ctx
            .remote_control
            .create_session(&new)
            .await
            .map_err(|e| self.failed(e))?;
        let record = TicketTvSession {
            session,
            ticket_id: ticket.id.clone(),
            created_by: me.id.clone(),
            connected_since: None,
            checked_at: Some(self.ctx.clock.now()),
        };
        // The session exists at TeamViewer: keep it before anything else can fail.
        self.ctx.store.save_tv_session(&record).await?;
        self.show_on_board(&me, &ticket, &record).await?;
        self.invite(&me, &ticket, &record, true, phone.as_deref())
            .await?;
        self.panel_entry(&me, record).await
    }

    /// Item 7: the session on the Service Desk board too, in the TeamViewer channel, with
    /// the same states, notifications, filters and search as Splashtop's.
    async fn show_on_board(
        &self,
        me: &Technician,
        ticket: &Ticket,
        record: &TicketTvSession,
    ) -> Result<(), CoreError> {
        self.ensure_channel().await?;
        let now = self.ctx.clock.now();
        let s = &record.session;
        let session = Session {
            id: Uuid::new_v4().to_string(),
            channel_id: tv::CHANNEL_ID.into(),
            provider: PROVIDER.into(),
            provider_session_id: s.code.clone(),
            customer_name: if s.end_customer_name.is_empty() {
                ticket.end_user_email.clone()
            } else {
                s.end_customer_name.clone()
            },
            issue: s.description.clone(),
            code: s.code.clone(),
            link: s.end_customer_link.clone(),
            state: SessionState::Pending,
            provider_status: tv::status_word(s, now),
            permission: Permission::NotRequested,
            assignee: Some(me.id.clone()),
            invited: Vec::new(),
            created_by: me.id.clone(),
            created_at: now,
            updated_at: now,
            state_changed_at: now,
            ticket_id: Some(ticket.id.clone()),
        };
        self.sessions
            .add_to_board(
                me,
                session,
                format!("created at TeamViewer with code {}", s.code),
            )
            .await?;
        Ok(())
    }

    /// The board's TeamViewer channel, made the first time a code goes on the board.
    pub(super) async fn ensure_channel(&self) -> Result<(), CoreError> {
        let channels = self.ctx.store.channels().await?;
        if channels.iter().any(|c| c.id == tv::CHANNEL_ID) {
            return Ok(());
        }
        let settings = ChannelSettings {
            session_timeout_minutes: tv::DEFAULT_VALIDITY_MINUTES,
            ..ChannelSettings::default()
        };
        self.ctx
            .store
            .upsert_channel(&Channel {
                id: tv::CHANNEL_ID.into(),
                name: "TeamViewer".into(),
                kind: ChannelKind::Shared,
                provider_channel_id: 0,
                settings: settings.clone(),
            })
            .await?;
        self.ctx
            .store
            .save_channel_settings(tv::CHANNEL_ID, &settings)
            .await?;
        Ok(())
    }

    /// The board's copy follows what TeamViewer said.
    async fn follow_on_board(&self, record: &TicketTvSession) -> Result<(), CoreError> {
        let Some(session) = self
            .ctx
            .store
            .session_by_provider_id(PROVIDER, &record.session.code)
            .await?
        else {
            return Ok(());
        };
        let now = self.ctx.clock.now();
        let remote = tv::board_status(&record.session, now);
        self.sessions
            .apply_remote_from(
                session,
                &remote,
                PROVIDER,
                tv::status_word(&record.session, now),
            )
            .await?;
        Ok(())
    }

    /// *Reinvite*: the requester's email again.
    pub async fn reinvite_tv_session(&self, code: &str) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        let record = self.record(code).await?;
        if record.session.state == TvSessionState::Closed {
            return Err(CoreError::Invalid(format!(
                "session {code} is closed: create a new one"
            )));
        }
        let ticket = self.ctx.ticket(&record.ticket_id).await?;
        self.invite(&me, &ticket, &record, false, None).await
    }

    /// Writes the invitation on the timeline with its mail, in one write, then sends.
    async fn invite(
        &self,
        me: &Technician,
        ticket: &Ticket,
        record: &TicketTvSession,
        with_supporter_link: bool,
        sms_to: Option<&str>,
    ) -> Result<(), CoreError> {
        let s = &record.session;
        let settings = self.ctx.remote_support_settings().await?;
        let rendered = render_invite(&settings.templates, &s.end_customer_link, &s.code);
        let requester = ticket.end_user_email.trim().to_string();
        let mut mails = vec![OutgoingMail {
            to: vec![requester.clone()],
            subject: rendered.subject,
            html: rendered.html,
            text: rendered.text,
            via: Via::Email,
            message_id: None,
        }];
        if with_supporter_link && !me.email.trim().is_empty() {
            let text = format!(
                "Your TeamViewer session {} for ticket #{} ({}).\n\nJoin as the supporter: {}\n",
                s.code, ticket.number, ticket.subject, s.supporter_link
            );
            mails.push(OutgoingMail {
                to: vec![me.email.clone()],
                subject: format!("Supporter link for ticket #{}", ticket.number),
                html: format!(
                    "<p>Your TeamViewer session {} for ticket #{} ({}).</p><p><a href=\"{}\">Join as the supporter</a></p>",
                    escape_html(&s.code),
                    ticket.number,
                    escape_html(&ticket.subject),
                    escape_html(&s.supporter_link)
                ),
                text,
                via: Via::Email,
                message_id: None,
            });
        }
        if let Some(number) = sms_to {
            mails.push(OutgoingMail {
                to: vec![number.to_string()],
                subject: String::new(),
                html: String::new(),
                text: format!(
                    "Your support session for ticket #{}: open {} and point your camera where we ask.",
                    ticket.number, s.end_customer_link
                ),
                via: Via::Sms,
                message_id: None,
            });
        }
        let kind = match s.kind {
            TvSessionKind::Remote => "remote",
            TvSessionKind::Pilot => "pilot",
        };
        let mut note = format!(
            "TeamViewer {kind} session {}: invitation to {requester}",
            s.code
        );
        if with_supporter_link && !me.email.trim().is_empty() {
            note.push_str(&format!("; supporter link to {}", me.email));
        }
        if let Some(number) = sms_to {
            note.push_str(&format!("; SMS to {number}"));
        }
        if !with_supporter_link {
            note = format!(
                "TeamViewer session {}: invitation sent again to {requester}",
                s.code
            );
        }
        let action = TicketAction {
            id: 0,
            ticket_id: ticket.id.clone(),
            at: self.ctx.clock.now(),
            actor: me.id.clone(),
            kind: TicketActionKind::RemoteSessionInvitation,
            note,
            transcript: None,
            invitation: None,
            delivery: Some(crate::domain::Delivery::Pending),
            delivery_error: None,
            logged_seconds: None,
        };
        self.ctx
            .store
            .add_ticket_action_with_mail(&action, &mails, self.ctx.clock.now())
            .await?;
        self.invitations.flush_mail().await;
        self.ctx.emit(Event::TicketChanged {
            ticket_id: ticket.id.clone(),
        });
        Ok(())
    }

    /// TV4 / TV5: the ticket's panel: whether TeamViewer is on, and its sessions.
    pub async fn tv_panel(&self, ticket_id: &str) -> Result<TvPanel, CoreError> {
        let sessions = self.tv_sessions(ticket_id).await?;
        let (available, reason) = match self.ctx.remote_control.available().await {
            Ok(()) => (true, None),
            Err(e) => (false, Some(e.to_string())),
        };
        Ok(TvPanel {
            available,
            reason,
            sessions,
        })
    }

    /// The ticket's sessions, newest first, as the technician at the desk sees them.
    pub async fn tv_sessions(&self, ticket_id: &str) -> Result<Vec<TvPanelSession>, CoreError> {
        let me = self.ctx.me().await?;
        self.ctx.ticket(ticket_id).await?;
        let mut out = Vec::new();
        for record in self.ctx.store.tv_sessions_for_ticket(ticket_id).await? {
            out.push(self.panel_entry(&me, record).await?);
        }
        Ok(out)
    }

    async fn panel_entry(
        &self,
        me: &Technician,
        record: TicketTvSession,
    ) -> Result<TvPanelSession, CoreError> {
        let now = self.ctx.clock.now();
        let s = &record.session;
        let expired = s.state == TvSessionState::Open && s.valid_until.is_some_and(|v| v <= now);
        let status = match s.state {
            TvSessionState::Closed => "closed",
            TvSessionState::Open if expired => "expired",
            TvSessionState::Open => "open",
        };
        let connections = self.imported_connections(&s.code).await?;
        let mine = record.created_by == me.id;
        let open = status == "open";
        Ok(TvPanelSession {
            code: s.code.clone(),
            kind: s.kind,
            status: status.into(),
            created_by: record.created_by.clone(),
            created_at: s.created_at,
            valid_until: s.valid_until,
            closed_at: s.closed_at,
            end_customer_name: s.end_customer_name.clone(),
            end_customer_email: s.end_customer_email.clone(),
            end_customer_link: s.end_customer_link.clone(),
            mine,
            active_since: if mine { record.connected_since } else { None },
            connected_seconds: connections
                .iter()
                .filter_map(TvConnection::duration_secs)
                .sum(),
            connections,
            can_end: s.state == TvSessionState::Open,
            can_enter: open && mine,
            can_reinvite: open,
        })
    }

    /// The connections already taken onto the ticket, from the cache.
    async fn imported_connections(&self, code: &str) -> Result<Vec<TvConnection>, CoreError> {
        Ok(self
            .ctx
            .store
            .remote_sessions_of(PROVIDER, code)
            .await?
            .into_iter()
            .map(|r| TvConnection {
                id: r.provider_session_id.clone(),
                session_code: code.to_string(),
                technician: r.rep_name.clone(),
                device: r.customer_host.clone(),
                start: r.started_at,
                end: r.ended_at,
                notes: r.transcript.clone(),
                custom_api: r.external_key.clone(),
            })
            .collect())
    }

    async fn record(&self, code: &str) -> Result<TicketTvSession, CoreError> {
        self.ctx
            .store
            .tv_session(code)
            .await?
            .ok_or_else(|| CoreError::NotFound {
                what: "TeamViewer session",
                id: code.to_string(),
            })
    }

    /// *End session*: closed at TeamViewer, then its reports taken onto the ticket.
    pub async fn end_tv_session(&self, code: &str) -> Result<TvPanelSession, CoreError> {
        let me = self.ctx.me().await?;
        let mut record = self.record(code).await?;
        self.ctx
            .remote_control
            .close_session(code)
            .await
            .map_err(|e| self.failed(e))?;
        record.session = self
            .ctx
            .remote_control
            .session(code)
            .await
            .map_err(|e| self.failed(e))?;
        if record.session.state == TvSessionState::Open {
            // An older server that ignores `state` in a PUT: say so rather than pretend.
            return Err(CoreError::Invalid(format!(
                "TeamViewer kept session {code} open; close it in the TeamViewer console"
            )));
        }
        record.connected_since = None;
        record.checked_at = Some(self.ctx.clock.now());
        self.ctx.store.save_tv_session(&record).await?;
        self.follow_on_board(&record).await?;
        self.import_reports(&record).await?;
        self.ctx.emit(Event::TicketChanged {
            ticket_id: record.ticket_id.clone(),
        });
        self.panel_entry(&me, record).await
    }

    /// *Enter session*: the supporter link, checked, handed to the system opener.
    pub async fn enter_tv_session(&self, code: &str) -> Result<OpenedUrl, CoreError> {
        let me = self.ctx.me().await?;
        let record = self.record(code).await?;
        if record.created_by != me.id {
            return Err(CoreError::Forbidden(format!(
                "session {code} is {}'s: only its creator enters it",
                record.created_by
            )));
        }
        let url = supporter_url(&record.session.supporter_link)?;
        let opening = self.ctx.open(&url, "the TeamViewer supporter link")?;
        Ok(OpenedUrl {
            url,
            opened: opening.opened,
            demo_viewer: opening.demo_viewer,
        })
    }

    /// TV5: each open session's state and each finished connection, within TeamViewer's
    /// limits (one `GET /sessions/{code}` and one report page per session a round). Returns
    /// how many connections were taken onto tickets.
    pub async fn sync(&self) -> Result<u32, CoreError> {
        let now = self.ctx.clock.now();
        let since = now - Duration::hours(REPORTS_AFTER_CLOSE_HOURS);
        let mut imported = 0;
        for record in self.ctx.store.tv_sessions_to_check(since).await? {
            let code = record.session.code.clone();
            if !self.backoff.ready(&code, now) {
                continue;
            }
            match self.check(record, now).await {
                Ok(n) => {
                    self.backoff.succeeded(&code);
                    imported += n;
                }
                // This session's answer is unreadable or errs: it waits, the others go on.
                Err(CoreError::Provider { source, .. })
                    if session_backoff::concerns_one_item(&source) =>
                {
                    let attempts = self.backoff.failed(&code, now);
                    tracing::warn!(
                        "TeamViewer session {code} not checked ({attempts} in a row): {source}"
                    );
                }
                Err(e) => return Err(e),
            }
        }
        self.follow_outside_codes().await?;
        Ok(imported)
    }

    /// One session's state, then its finished connections.
    async fn check(
        &self,
        mut record: TicketTvSession,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<u32, CoreError> {
        if record.session.state == TvSessionState::Open {
            let fresh = match self.ctx.remote_control.session(&record.session.code).await {
                Ok(s) => s,
                Err(ProviderError::NotFound) => return Ok(0),
                Err(e) => return Err(self.failed(e)),
            };
            let was = (record.session.state, record.connected_since.is_some());
            record.connected_since = match (fresh.online, record.connected_since) {
                (Some(true), None) => Some(now),
                (Some(true), since) => since,
                _ => None,
            };
            record.session = fresh;
            record.checked_at = Some(now);
            self.ctx.store.save_tv_session(&record).await?;
            self.follow_on_board(&record).await?;
            if was != (record.session.state, record.connected_since.is_some()) {
                self.ctx.emit(Event::TicketChanged {
                    ticket_id: record.ticket_id.clone(),
                });
            }
        }
        self.import_reports(&record).await
    }

    /// Every finished connection of the session becomes one *Remote session* action, once.
    async fn import_reports(&self, record: &TicketTvSession) -> Result<u32, CoreError> {
        let reports = self
            .ctx
            .remote_control
            .connections(&record.session.code)
            .await
            .map_err(|e| self.failed(e))?;
        let mut imported = 0;
        for r in reports {
            let Some(seconds) = r.duration_secs() else {
                continue;
            };
            let mut note = format!(
                "TeamViewer session {} with {} on {}: {} to {} ({}:{:02})",
                r.session_code,
                if r.technician.is_empty() {
                    "the supporter"
                } else {
                    &r.technician
                },
                if r.device.is_empty() {
                    "the customer's device"
                } else {
                    &r.device
                },
                r.start.format("%Y-%m-%d %H:%M"),
                r.end.map_or("—".into(), |e| e.format("%H:%M").to_string()),
                seconds / 60,
                seconds % 60
            );
            if !r.notes.trim().is_empty() {
                note.push_str(&format!("\nNotes: {}", r.notes.trim()));
            }
            let session = RemoteSessionRecord {
                id: Uuid::new_v4().to_string(),
                provider: PROVIDER.into(),
                provider_session_id: r.id.clone(),
                status: RemoteSessionStatus::Linked,
                reason: None,
                ticket_id: Some(record.ticket_id.clone()),
                chat_id: None,
                external_key: record.session.code.clone(),
                customer_name: record.session.end_customer_name.clone(),
                customer_host: r.device.clone(),
                rep_name: r.technician.clone(),
                attributed_to: Some(record.created_by.clone()),
                started_at: r.start,
                ended_at: r.end,
                duration_seconds: seconds,
                transcript: r.notes.clone(),
                time_source: Some(TimeSource::Provider),
            };
            let action = TicketAction::remote_session(
                &record.ticket_id,
                r.end.unwrap_or(r.start),
                &record.created_by,
                note,
                seconds,
                None,
            );
            if self
                .ctx
                .store
                .import_remote_session(&session, &action)
                .await?
            {
                imported += 1;
                self.ctx.emit(Event::TicketChanged {
                    ticket_id: record.ticket_id.clone(),
                });
            }
        }
        Ok(imported)
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
