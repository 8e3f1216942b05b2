//! SPEC BT1–BT8: BeyondTrust from the console. Agents and teams (BT2, BT3), keys for an
//! invitation's queue with the IN8 fallback, and the intake of finished sessions: an outbound
//! event or a reconciliation poll leads to the `SupportSession` report, whose chat, times and
//! representative land on the ticket the key named — once, however often they are reported.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::beyondtrust::{self, BtQueue, EndedSession, LoggedInRep, OutboundEvent};
use crate::domain::template::escape_html;
use crate::domain::{
    BeyondTrustSettings, BtTeam, ChatMessage, InviteTarget, RemoteSessionRecord,
    RemoteSessionStatus, ResolvedTarget, Technician, Ticket, TicketAction, TicketQuery, TimeSource,
};
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::appliance::GeneratedKey;

use super::{lock, BeyondTrust};

const SETTINGS_KEY: &str = "beyondtrust";
const PROVIDER: &str = "beyondtrust";
/// How long the logged-in reps are reused: the docs ask not to poll them hard (§1.2).
const REPS_FRESH: Duration = Duration::from_secs(30);

/// A session waiting to be linked (BT7), with the tickets it most likely belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct UnlinkedSession {
    pub session: RemoteSessionRecord,
    pub suggestions: Vec<Ticket>,
}

/// What one intake round did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct IntakeReport {
    pub linked: u32,
    pub unlinked: u32,
    pub rejected: u32,
    pub duplicates: u32,
    /// Events waiting for the report (it lags the event) or for the appliance.
    pub waiting: u32,
}

/// Longer than any attended session runs (BeyondTrust ends idle ones well before).
const LONGEST_SESSION: chrono::Duration = chrono::Duration::hours(24);

/// What `intake_now` did: the stored events, then the reconciliation poll.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct IntakeRound {
    pub events: IntakeReport,
    pub reconciled: IntakeReport,
}

impl BeyondTrust {
    /// Processes the stored events, then reconciles with the reporting API, now.
    pub async fn intake_now(&self) -> Result<IntakeRound, CoreError> {
        let events = self.process_events().await?;
        let reconciled = self.reconcile_beyondtrust().await?;
        Ok(IntakeRound { events, reconciled })
    }

    pub async fn beyondtrust_settings(&self) -> Result<BeyondTrustSettings, CoreError> {
        self.ctx.json_setting(SETTINGS_KEY, "BeyondTrust").await
    }

    pub async fn save_beyondtrust_settings(
        &self,
        settings: BeyondTrustSettings,
    ) -> Result<(), CoreError> {
        settings.validate()?;
        let technicians = self.ctx.store.technicians().await?;
        if let Some(a) = settings
            .agents
            .iter()
            .find(|a| !technicians.iter().any(|t| t.id == a.technician_id))
        {
            return Err(CoreError::NotFound {
                what: "technician",
                id: a.technician_id.clone(),
            });
        }
        self.ctx.set_json_setting(SETTINGS_KEY, &settings).await
    }

    /// BT3 *Get teams*: adds the appliance's teams not yet listed (disabled until an admin
    /// enables them) and returns the settings.
    pub async fn fetch_beyondtrust_teams(&self) -> Result<BeyondTrustSettings, CoreError> {
        let teams = self
            .ctx
            .appliance
            .support_teams()
            .await
            .map_err(|e| self.appliance_failed(e))?;
        let mut settings = self.beyondtrust_settings().await?;
        for t in teams {
            if !settings.teams.iter().any(|x| x.id == t.id) {
                settings.teams.push(BtTeam {
                    id: t.id,
                    display_name: t.name,
                    enabled: false,
                    default: false,
                });
            }
        }
        self.save_beyondtrust_settings(settings.clone()).await?;
        Ok(settings)
    }

    fn appliance_failed(&self, e: crate::ports::ProviderError) -> CoreError {
        CoreError::Provider {
            provider: "BeyondTrust".into(),
            source: e,
        }
    }

    async fn logged_in_reps(&self) -> Result<Vec<LoggedInRep>, CoreError> {
        if let Some((at, reps)) = lock(&self.ctx.bt_reps).as_ref() {
            if at.elapsed() < REPS_FRESH {
                return Ok(reps.clone());
            }
        }
        let reps = self
            .ctx
            .appliance
            .logged_in_reps()
            .await
            .map_err(|e| self.appliance_failed(e))?;
        *lock(&self.ctx.bt_reps) = Some((Instant::now(), reps.clone()));
        Ok(reps)
    }

    /// IN8 for BeyondTrust: where the key would be generated.
    pub(crate) async fn resolve_beyondtrust(
        &self,
        me: &Technician,
        target: &InviteTarget,
    ) -> Result<ResolvedTarget, CoreError> {
        let settings = self.beyondtrust_settings().await?;
        let support = self.ctx.remote_support_settings().await?;
        let technicians = self.ctx.store.technicians().await?;
        let reps = self.logged_in_reps().await?;
        let r = beyondtrust::resolve(
            target,
            &settings,
            support.fallback_to_default_team,
            support.invite_other_agents,
            me,
            &technicians,
            &reps,
        )?;
        Ok(ResolvedTarget {
            channel_id: String::new(),
            assignee: None,
            label: r.label,
            fallback_reason: r.fallback_reason,
            bt_queue: Some(r.queue),
        })
    }

    /// The key an invitation carries: `(key, link, code)`. The ticket is the external key,
    /// so the finished session finds its way back (BT5). When the key's own answer says the
    /// rep's queue is unavailable, IN8 applies: `target` becomes the default team (with the
    /// reason) and a key for it is made instead, or the invitation is refused.
    pub(crate) async fn beyondtrust_key(
        &self,
        ticket: &Ticket,
        target: &mut ResolvedTarget,
    ) -> Result<(String, String, String), CoreError> {
        let queue = target
            .bt_queue
            .clone()
            .ok_or_else(|| CoreError::Invalid("no BeyondTrust queue was resolved".into()))?;
        let settings = self.beyondtrust_settings().await?;
        let mut key = self.generate_key(&queue, &settings, ticket).await?;
        if !key.queue_available && matches!(queue, BtQueue::Rep(_)) {
            // The logged-in list was older than the appliance's word: read it afresh next time.
            *lock(&self.ctx.bt_reps) = None;
            let support = self.ctx.remote_support_settings().await?;
            let r = beyondtrust::rep_queue_unavailable(
                &target.label,
                &settings,
                support.fallback_to_default_team,
            )?;
            key = self.generate_key(&r.queue, &settings, ticket).await?;
            target.label = r.label;
            target.fallback_reason = r.fallback_reason;
            target.bt_queue = Some(r.queue);
        }
        self.ctx
            .store
            .record_key(&key.short_key, &ticket.id, &ticket.id, self.ctx.clock.now())
            .await?;
        Ok((key.short_key.clone(), key.key_url, key.short_key))
    }

    async fn generate_key(
        &self,
        queue: &BtQueue,
        settings: &BeyondTrustSettings,
        ticket: &Ticket,
    ) -> Result<GeneratedKey, CoreError> {
        let key = self
            .ctx
            .appliance
            .generate_session_key(queue, settings.key_ttl_minutes * 60, &ticket.id)
            .await
            .map_err(|e| self.appliance_failed(e))?;
        if key.key_url.trim().is_empty() || key.short_key.trim().is_empty() {
            return Err(CoreError::Invalid(
                "BeyondTrust returned no key link; nothing was sent".into(),
            ));
        }
        Ok(key)
    }

    /// Stores an outbound event (BT5) before it is answered. The receiver answers 200 once
    /// this returns, and processing happens afterwards (`process_events`).
    pub async fn intake_beyondtrust_event(
        &self,
        form: &std::collections::BTreeMap<String, String>,
    ) -> Result<i64, CoreError> {
        // Nothing is stored for a card that is off: the receiver listens on a fixed port, and
        // only an appliance this desk set up may fill the table.
        if self
            .ctx
            .config
            .base_url(crate::domain::IntegrationKind::Beyondtrust)
            .await
            .is_none()
        {
            return Err(CoreError::Provider {
                provider: "BeyondTrust".into(),
                source: crate::ports::ProviderError::NotConfigured(
                    "it is off in Tether: the event was not taken".into(),
                ),
            });
        }
        let event = OutboundEvent::read(form)?;
        let payload = serde_json::to_string(form)
            .map_err(|e| CoreError::Invalid(format!("unreadable event: {e}")))?;
        let id = self
            .ctx
            .store
            .record_event(
                PROVIDER,
                event.event,
                event.lsid,
                event.external_key,
                &payload,
                self.ctx.clock.now(),
            )
            .await?;
        Ok(id)
    }

    /// Processes stored events once each. An event whose report is not there yet stays
    /// waiting for the next round.
    pub async fn process_events(&self) -> Result<IntakeReport, CoreError> {
        let _one_at_a_time = self.ctx.intake_lock.lock().await;
        let mut report = IntakeReport::default();
        let now = self.ctx.clock.now();
        for e in self.ctx.store.unprocessed_events(PROVIDER, now).await? {
            let outcome = if e.event != "support_conference_end" {
                Ok(format!("ignored: {}", e.event))
            } else if e.lsid.is_empty() {
                Ok("ignored: no lsid".into())
            } else {
                match self.take_in(&e.lsid, &mut report).await {
                    Ok(Some(outcome)) => Ok(outcome),
                    Ok(None) => Err("the appliance has no ended session with this lsid yet".into()),
                    Err(err) => {
                        tracing::warn!("BeyondTrust session {} not taken in yet: {err}", e.lsid);
                        Err(err.to_string())
                    }
                }
            };
            match outcome {
                Ok(outcome) => self.ctx.store.mark_event(e.id, &outcome, now).await?,
                Err(why) => {
                    report.waiting += 1;
                    self.ctx.event_waits(&e, &why).await?;
                }
            }
        }
        self.ctx.prune_events(now).await?;
        Ok(report)
    }

    /// BT5 reconciliation: the sessions the appliance reports since the last one seen, each
    /// taken in once — so a laptop asleep when the event was sent misses nothing. The report
    /// selects by *start*, so the look back is as long as a session can last: a long session
    /// that began before a short one already seen, and ends after it, is still found (the
    /// ones seen are skipped by their lsid).
    pub async fn reconcile_beyondtrust(&self) -> Result<IntakeReport, CoreError> {
        let _one_at_a_time = self.ctx.intake_lock.lock().await;
        let since = match self.ctx.store.last_session_start(PROVIDER).await? {
            Some(t) => t - LONGEST_SESSION,
            None => self.ctx.clock.now() - chrono::Duration::days(1),
        };
        let sessions = self
            .ctx
            .appliance
            .sessions_since(since)
            .await
            .map_err(|e| self.appliance_failed(e))?;
        let mut report = IntakeReport::default();
        for s in sessions.into_iter().filter(|s| s.end.is_some()) {
            if self
                .ctx
                .store
                .remote_session(PROVIDER, &s.lsid)
                .await?
                .is_some()
            {
                continue;
            }
            let outcome = self.apply_session(s).await?;
            count(&mut report, outcome);
        }
        Ok(report)
    }

    /// `None` while the report is not ready.
    async fn take_in(
        &self,
        lsid: &str,
        report: &mut IntakeReport,
    ) -> Result<Option<String>, CoreError> {
        if let Some(existing) = self.ctx.store.remote_session(PROVIDER, lsid).await? {
            report.duplicates += 1;
            return Ok(Some(format!("duplicate of {}", existing.id)));
        }
        let Some(session) = self
            .ctx
            .appliance
            .support_session(lsid)
            .await
            .map_err(|e| self.appliance_failed(e))?
        else {
            return Ok(None);
        };
        if session.end.is_none() {
            return Ok(None);
        }
        let outcome = self.apply_session(session).await?;
        count(report, outcome);
        Ok(Some(format!("{outcome:?}").to_lowercase()))
    }

    /// BT5–BT8 for one ended session.
    async fn apply_session(&self, s: EndedSession) -> Result<RemoteSessionStatus, CoreError> {
        let settings = self.beyondtrust_settings().await?;
        let support = self.ctx.remote_support_settings().await?;
        let agent = settings
            .agent_for_session(&s)
            .map(|a| a.technician_id.clone());
        let others = s.other_rep_names();
        let mut record = RemoteSessionRecord {
            id: Uuid::new_v4().to_string(),
            provider: PROVIDER.into(),
            provider_session_id: s.lsid.clone(),
            status: RemoteSessionStatus::Unlinked,
            reason: None,
            ticket_id: None,
            chat_id: None,
            external_key: s.external_key.clone(),
            customer_name: s.customer_name.clone(),
            customer_host: s.customer_host.clone(),
            rep_name: s.rep_name(),
            attributed_to: agent.clone().or(support.default_user_id.clone()),
            started_at: s.start,
            ended_at: s.end,
            duration_seconds: s.duration_secs,
            transcript: s.transcript(),
            time_source: Some(TimeSource::Provider),
        };
        let rejection = if settings.only_generated_keys
            && !self.ctx.store.key_generated(&s.external_key).await?
        {
            Some("its session key was not generated by Tether".to_string())
        } else if settings.require_known_rep && agent.is_none() {
            Some(format!(
                "the representative {} matches no BeyondTrust agent",
                record.rep_name
            ))
        } else {
            None
        };
        if let Some(why) = rejection {
            record.status = RemoteSessionStatus::Rejected;
            record.reason = Some(why);
            self.ctx.store.save_remote_session(&record).await?;
            self.ctx.emit(Event::DeskChanged);
            return Ok(record.status);
        }
        match self.ticket_for_key(&s.external_key).await? {
            Some(ticket) => {
                self.link(&mut record, &others, &ticket).await?;
            }
            None => {
                record.reason = Some(if s.external_key.is_empty() {
                    "the session has no external key".into()
                } else {
                    format!("no ticket {:?} in the cache", s.external_key)
                });
                self.ctx.store.save_remote_session(&record).await?;
                self.ctx.emit(Event::DeskChanged);
            }
        }
        Ok(record.status)
    }

    async fn ticket_for_key(&self, key: &str) -> Result<Option<Ticket>, CoreError> {
        let key = key.trim();
        if key.is_empty() {
            return Ok(None);
        }
        if let Some(t) = self.ctx.store.ticket(key).await? {
            return Ok(Some(t));
        }
        let Ok(number) = key.trim_start_matches('#').parse::<i64>() else {
            return Ok(None);
        };
        let found = self
            .ctx
            .store
            .tickets(&TicketQuery {
                text: number.to_string(),
                limit: Some(50),
                ..TicketQuery::default()
            })
            .await?;
        Ok(found.into_iter().find(|t| t.number == number))
    }

    /// Writes the session's action on the ticket, posts the transcript in the ticket's chat
    /// if there is one, and marks the record linked: one write, once. `false` when the
    /// session was linked already (another process on the same cache, a round run again
    /// after a crash): then nothing is written twice.
    async fn link(
        &self,
        record: &mut RemoteSessionRecord,
        other_reps: &[String],
        ticket: &Ticket,
    ) -> Result<bool, CoreError> {
        let minutes = record.duration_seconds / 60;
        let with = if other_reps.is_empty() {
            record.rep_name.clone()
        } else {
            format!("{} (joined by {})", record.rep_name, other_reps.join(", "))
        };
        let note = format!(
            "BeyondTrust session with {} for {}: {} to {} ({}:{:02})",
            with,
            if record.customer_name.is_empty() {
                "the customer"
            } else {
                &record.customer_name
            },
            record.started_at.format("%Y-%m-%d %H:%M"),
            record
                .ended_at
                .map_or("—".to_string(), |e| e.format("%H:%M").to_string()),
            minutes,
            record.duration_seconds % 60
        );
        let action = TicketAction::remote_session(
            &ticket.id,
            record.ended_at.unwrap_or_else(|| self.ctx.clock.now()),
            record.attributed_to.as_deref().unwrap_or("system"),
            note,
            record.duration_seconds,
            (!record.transcript.is_empty()).then(|| record.transcript.clone()),
        );
        let mut chat = None;
        if let Some(chat_id) = self.ctx.store.ticket_chat(&ticket.id).await? {
            if !record.transcript.is_empty() {
                let html = format!(
                    "<p>Transcript of the remote session with {}:</p><pre>{}</pre>",
                    escape_html(&record.rep_name),
                    escape_html(&record.transcript)
                );
                chat = Some(ChatMessage {
                    id: 0,
                    chat_id: chat_id.clone(),
                    at: self.ctx.clock.now(),
                    author: "system".into(),
                    html,
                });
                record.chat_id = Some(chat_id);
            }
        }
        record.status = RemoteSessionStatus::Linked;
        record.reason = None;
        record.ticket_id = Some(ticket.id.clone());
        let linked = self
            .ctx
            .store
            .link_remote_session_once(record, &action, chat.as_ref())
            .await?;
        if linked {
            self.ctx.emit(Event::TicketChanged {
                ticket_id: ticket.id.clone(),
            });
            self.ctx.emit(Event::DeskChanged);
        }
        Ok(linked)
    }

    /// BT7: sessions no ticket claimed (and those an admin rule turned away, with the
    /// reason), each with the tickets it most likely belongs to.
    pub async fn unlinked_sessions(&self) -> Result<Vec<UnlinkedSession>, CoreError> {
        let mut out = Vec::new();
        for session in self.ctx.store.unlinked_sessions().await? {
            let suggestions = self.suggest_tickets(&session).await?;
            out.push(UnlinkedSession {
                session,
                suggestions,
            });
        }
        Ok(out)
    }

    /// The tickets of the customer's computer (an asset named like its host) first, then the
    /// end user's (by name or email); within each, the activity closest to the session first.
    async fn suggest_tickets(&self, s: &RemoteSessionRecord) -> Result<Vec<Ticket>, CoreError> {
        let mut candidates: Vec<(u8, Ticket)> = Vec::new();
        let host = s.customer_host.trim();
        if !host.is_empty() {
            let assets = self
                .ctx
                .store
                .assets(&crate::domain::AssetQuery {
                    text: host.to_string(),
                    limit: Some(20),
                    ..Default::default()
                })
                .await?;
            let ids: Vec<String> = assets
                .into_iter()
                .filter(|a| a.name.eq_ignore_ascii_case(host))
                .map(|a| a.id)
                .collect();
            if !ids.is_empty() {
                let recent = self
                    .ctx
                    .store
                    .tickets(&TicketQuery {
                        limit: Some(500),
                        ..TicketQuery::default()
                    })
                    .await?;
                candidates.extend(
                    recent
                        .into_iter()
                        .filter(|t| t.asset_id.as_ref().is_some_and(|a| ids.contains(a)))
                        .map(|t| (0, t)),
                );
            }
        }
        let who = s.customer_name.trim();
        if !who.is_empty() {
            let found = self
                .ctx
                .store
                .tickets(&TicketQuery {
                    text: who.to_string(),
                    limit: Some(50),
                    ..TicketQuery::default()
                })
                .await?;
            candidates.extend(found.into_iter().map(|t| (1, t)));
        }
        candidates.retain(|(_, t)| t.status != crate::domain::TicketStatus::Closed);
        candidates.sort_by_key(|(rank, t)| (*rank, distance(t.updated_at, s.started_at)));
        let mut out: Vec<Ticket> = Vec::new();
        for (_, t) in candidates {
            if !out.iter().any(|o| o.id == t.id) {
                out.push(t);
            }
        }
        out.truncate(5);
        Ok(out)
    }

    /// BT7: links an unlinked (or rejected) session to a ticket by hand.
    pub async fn link_remote_session(
        &self,
        id: &str,
        ticket_id: &str,
    ) -> Result<RemoteSessionRecord, CoreError> {
        let me = self.ctx.me().await?;
        let mut record = self
            .ctx
            .store
            .remote_session_by_id(id)
            .await?
            .ok_or_else(|| CoreError::NotFound {
                what: "remote session",
                id: id.to_string(),
            })?;
        if record.status == RemoteSessionStatus::Linked {
            return Err(CoreError::Invalid(format!(
                "the session is already on ticket {}",
                record.ticket_id.as_deref().unwrap_or("?")
            )));
        }
        let ticket = self.ctx.ticket(ticket_id).await?;
        if record.attributed_to.is_none() {
            record.attributed_to = Some(me.id.clone());
        }
        self.link(&mut record, &[], &ticket).await?;
        Ok(record)
    }
}

fn distance(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    (a - b).num_seconds().abs()
}

fn count(report: &mut IntakeReport, status: RemoteSessionStatus) {
    match status {
        RemoteSessionStatus::Linked => report.linked += 1,
        RemoteSessionStatus::Unlinked => report.unlinked += 1,
        RemoteSessionStatus::Rejected => report.rejected += 1,
    }
}
