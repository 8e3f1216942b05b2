//! SY7: Syncro's RMM alerts as tickets, both ways. providers.md §4.8 found no documented
//! webhook body, so alerts are polled (`GET /rmm_alerts`, once a minute, well inside the 180
//! a minute) and diffed with what already has a ticket; a tenant's webhook, where one is sent,
//! feeds the same path. Each new alert becomes one ticket; an alert resolved in Syncro
//! resolves its ticket; a ticket resolved here resolves its alert through the outbox, so a
//! Syncro outage loses nothing.

use std::collections::HashSet;

use chrono::Duration;
use uuid::Uuid;

use crate::domain::syncro::{SyncroAlert, SyncroAlertSettings, PROVIDER};
use crate::domain::{Ticket, TicketAction, TicketActionKind, TicketStatus};
use crate::error::CoreError;
use crate::event::Event;

use super::Syncro;

const SETTINGS_KEY: &str = "syncro.alerts";
/// How often Syncro's alerts are read.
const POLL_EVERY_SECS: i64 = 60;
/// The outbox's name for resolving an alert in Syncro.
pub(crate) const RESOLVE_ALERT: &str = "resolve_alert";
/// Who the timeline says acted when Syncro did.
const SYNCRO_ACTOR: &str = "syncro";

impl Syncro {
    pub async fn alert_settings(&self) -> Result<SyncroAlertSettings, CoreError> {
        Ok(match self.ctx.store.setting(SETTINGS_KEY).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                CoreError::Invalid(format!("the stored alert settings are unreadable: {e}"))
            })?,
            None => SyncroAlertSettings::default(),
        })
    }

    pub async fn save_alert_settings(
        &self,
        settings: SyncroAlertSettings,
    ) -> Result<SyncroAlertSettings, CoreError> {
        if let Some(t) = &settings.ticket_type_id {
            if !self
                .ctx
                .store
                .ticket_types()
                .await?
                .iter()
                .any(|x| &x.id == t)
            {
                return Err(CoreError::Invalid(format!("there is no ticket type {t}")));
            }
        }
        if let Some(u) = &settings.default_end_user_id {
            let known = self
                .ctx
                .store
                .customers()
                .await?
                .iter()
                .any(|c| c.end_users.iter().any(|e| &e.id == u));
            if !known {
                return Err(CoreError::Invalid(format!("there is no end user {u}")));
            }
        }
        let json = serde_json::to_string(&settings)
            .map_err(|e| CoreError::Invalid(format!("unwritable settings: {e}")))?;
        self.ctx.store.set_setting(SETTINGS_KEY, &json).await?;
        // Turned on: the next round reads the alerts at once.
        *self
            .ctx
            .syncro_alerts_next
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = None;
        Ok(settings)
    }

    /// One poll of the active alerts (once a minute at most; quiet while alerts are off or
    /// Syncro is not set up). Returns how many tickets were made.
    pub async fn poll_alerts(&self) -> Result<u32, CoreError> {
        let settings = self.alert_settings().await?;
        if !settings.enabled {
            return Ok(0);
        }
        let now = self.ctx.clock.now();
        {
            // The gate before the keychain: the card is read once a minute, not every tick.
            let mut next = self
                .ctx
                .syncro_alerts_next
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if next.is_some_and(|at| now < at) {
                return Ok(0);
            }
            *next = Some(now + Duration::seconds(POLL_EVERY_SECS));
        }
        if self.ctx.rmm.available().await.is_err() {
            return Ok(0);
        }
        self.alerts_round(&settings).await
    }

    /// One read of the active alerts: new ones become tickets, gone ones resolve theirs. One
    /// round at a time, so *Check alerts now* and the minute's round never both take an alert.
    async fn alerts_round(&self, settings: &SyncroAlertSettings) -> Result<u32, CoreError> {
        let _one_at_a_time = self.ctx.syncro_intake_lock.lock().await;
        let active = self
            .ctx
            .rmm
            .alerts(false)
            .await
            .map_err(|e| self.failed(e))?;
        let known: HashSet<i64> = self.ctx.store.known_alerts().await?.into_iter().collect();
        let mut made = 0;
        for alert in active
            .iter()
            .filter(|a| !a.resolved && !known.contains(&a.id))
        {
            if self.ticket_for(alert, settings).await?.is_some() {
                made += 1;
            }
        }
        // Open tickets whose alert left the active list were resolved (or deleted) in Syncro.
        let still: HashSet<i64> = active
            .iter()
            .filter(|a| !a.resolved)
            .map(|a| a.id)
            .collect();
        for (alert_id, ticket_id) in self.ctx.store.open_alerts().await? {
            if still.contains(&alert_id) {
                continue;
            }
            // Confirmed one by one: a list read across pages can miss a row that moved.
            match self.ctx.rmm.alert(alert_id).await {
                Ok(a) if !a.resolved => continue,
                Ok(_) | Err(crate::ports::ProviderError::NotFound) => {
                    self.resolved_in_syncro(alert_id, &ticket_id).await?
                }
                Err(e) => return Err(self.failed(e)),
            }
        }
        Ok(made)
    }

    /// *Check alerts now*: reads them without waiting for the minute to pass.
    pub async fn check_alerts_now(&self) -> Result<u32, CoreError> {
        let settings = self.alert_settings().await?;
        if !settings.enabled {
            return Err(CoreError::Invalid(
                "alerts are off: turn them on in Settings → SyncroMSP".into(),
            ));
        }
        self.ctx.rmm.available().await.map_err(|e| self.failed(e))?;
        // Asked now, read now: not skipped because the minute's round has just begun.
        *self
            .ctx
            .syncro_alerts_next
            .lock()
            .unwrap_or_else(|p| p.into_inner()) =
            Some(self.ctx.clock.now() + Duration::seconds(POLL_EVERY_SECS));
        self.alerts_round(&settings).await
    }

    /// One alert's ticket, once: `None` when it already has one.
    pub(crate) async fn ticket_for(
        &self,
        alert: &SyncroAlert,
        settings: &SyncroAlertSettings,
    ) -> Result<Option<Ticket>, CoreError> {
        let customers = self.ctx.store.customers().await?;
        let links = self.import_settings().await?.customer_links;
        // The customer a hand-made link names, else the one imported with this Syncro id.
        let customer = alert.customer_id.and_then(|id| {
            links
                .iter()
                .find(|l| l.syncro_customer_id == id)
                .and_then(|l| customers.iter().find(|c| c.id == l.customer_id))
                .or_else(|| customers.iter().find(|c| c.syncro_id == Some(id)))
        });
        let asset = match alert.asset_id {
            Some(id) => self
                .ctx
                .store
                .all_assets()
                .await?
                .into_iter()
                .find(|a| a.syncro_id == Some(id)),
            None => None,
        };
        // For the asset's customer, else the alert's, else the chosen default end user.
        let customer = asset
            .as_ref()
            .and_then(|a| {
                customers
                    .iter()
                    .find(|c| Some(&c.id) == a.customer_id.as_ref())
            })
            .or(customer);
        let default_user = settings.default_end_user_id.as_ref().and_then(|u| {
            customers
                .iter()
                .find_map(|c| c.end_users.iter().find(|e| &e.id == u).map(|e| (c, e)))
        });
        let (customer_id, end_user_name, end_user_email) = match (customer, default_user) {
            (Some(c), _) => (Some(c.id.clone()), String::new(), String::new()),
            (None, Some((c, e))) => (Some(c.id.clone()), e.name.clone(), e.email.clone()),
            (None, None) => (None, String::new(), String::new()),
        };
        let now = self.ctx.clock.now();
        let on = if alert.computer_name.is_empty() {
            asset.as_ref().map(|a| a.name.clone()).unwrap_or_default()
        } else {
            alert.computer_name.clone()
        };
        let description = if alert.description.is_empty() {
            "RMM alert".to_string()
        } else {
            alert.description.clone()
        };
        let subject = if on.is_empty() {
            description.clone()
        } else {
            format!("{description} on {on}")
        };
        let ticket = Ticket {
            id: Uuid::new_v4().to_string(),
            number: 0,
            subject: subject.chars().take(200).collect(),
            status: TicketStatus::Open,
            customer_id,
            customer_name: String::new(),
            end_user_name,
            end_user_email,
            type_id: settings.ticket_type_id.clone(),
            assignee: None,
            asset_id: asset.as_ref().map(|a| a.id.clone()),
            created_at: now,
            updated_at: now,
        };
        let mut note = format!("Syncro alert {}: {description}", alert.id);
        if !on.is_empty() {
            note.push_str(&format!(" on {on}"));
        }
        if !alert.details.is_empty() {
            note.push_str(&format!("\n{}", alert.details));
        }
        let action = TicketAction {
            id: 0,
            ticket_id: ticket.id.clone(),
            at: now,
            actor: SYNCRO_ACTOR.into(),
            kind: TicketActionKind::RmmAlert,
            note,
            transcript: None,
            invitation: None,
            delivery: None,
            delivery_error: None,
            logged_seconds: None,
        };
        let made = self
            .ctx
            .store
            .insert_alert_ticket(alert.id, &ticket, &action)
            .await?;
        if let Some(t) = &made {
            tracing::info!("Syncro alert {} became ticket #{}", alert.id, t.number);
            self.ctx.emit(Event::TicketChanged {
                ticket_id: t.id.clone(),
            });
        }
        Ok(made)
    }

    async fn resolved_in_syncro(&self, alert_id: i64, ticket_id: &str) -> Result<(), CoreError> {
        let ticket = self.ctx.ticket(ticket_id).await?;
        if !ticket.status.is_done() {
            let action = TicketAction {
                id: 0,
                ticket_id: ticket_id.to_string(),
                at: self.ctx.clock.now(),
                actor: SYNCRO_ACTOR.into(),
                kind: TicketActionKind::StatusChanged,
                note: format!(
                    "{} → {}: alert {alert_id} resolved in Syncro",
                    ticket.status.label(),
                    TicketStatus::Resolved.label()
                ),
                transcript: None,
                invitation: None,
                delivery: None,
                delivery_error: None,
                logged_seconds: None,
            };
            self.ctx
                .store
                .set_ticket_status(ticket_id, TicketStatus::Resolved, &action)
                .await?;
        }
        self.ctx.store.set_alert_resolved(alert_id).await?;
        self.ctx.emit(Event::TicketChanged {
            ticket_id: ticket_id.to_string(),
        });
        Ok(())
    }
}

impl Syncro {
    /// SY7: a webhook's body, stored before it is answered (processed afterwards, once). Its
    /// shape is not documented (providers.md §4.8): any JSON object naming an alert id, at the
    /// top or under `alert` / `rmm_alert`, is taken; what it says is read again from Syncro's
    /// API, which is the authority.
    pub async fn intake_alert_webhook(&self, body: &str) -> Result<i64, CoreError> {
        if !self.alert_settings().await?.enabled {
            return Err(CoreError::Invalid(
                "Syncro alerts are off in Settings → SyncroMSP: the alert was not taken".into(),
            ));
        }
        let id = crate::domain::syncro::webhook_alert_id(body)?;
        let stored = self
            .ctx
            .store
            .record_event(
                PROVIDER,
                "rmm_alert",
                &id.to_string(),
                "",
                body,
                self.ctx.clock.now(),
            )
            .await?;
        self.ctx.syncro_wake.notify_one();
        Ok(stored)
    }

    /// Processes stored webhook events once each; one whose alert Syncro cannot be asked about
    /// now waits for the next round.
    pub async fn process_alert_events(&self) -> Result<u32, CoreError> {
        // One processor at a time (the receiver's spawn and the task's round), reading the
        // events only once it holds the lock, so none is handled twice.
        let _one_at_a_time = self.ctx.syncro_intake_lock.lock().await;
        let now = self.ctx.clock.now();
        let events = self.ctx.store.unprocessed_events(PROVIDER, now).await?;
        if events.is_empty() {
            return Ok(0);
        }
        let settings = self.alert_settings().await?;
        let mut made = 0;
        for e in events {
            let outcome = match e.lsid.parse::<i64>() {
                Err(_) => Some("ignored: no alert id".to_string()),
                Ok(_) if !settings.enabled => Some("ignored: alerts are off".into()),
                Ok(id) => match self.ctx.rmm.alert(id).await {
                    Err(crate::ports::ProviderError::NotFound) => {
                        Some(format!("ignored: Syncro has no alert {id}"))
                    }
                    // Waiting cannot help: said, and the alert poll still finds it later.
                    Err(
                        err @ (crate::ports::ProviderError::NotConfigured(_)
                        | crate::ports::ProviderError::Unauthorized(_)),
                    ) => Some(format!("gave up: {err}")),
                    Err(err) => {
                        tracing::warn!("Syncro alert {id} not read yet: {err}");
                        self.ctx.event_waits(&e, &err.to_string()).await?;
                        None
                    }
                    Ok(alert) if alert.resolved => {
                        let open = self.ctx.store.open_alerts().await?;
                        match open.iter().find(|(a, _)| *a == id) {
                            Some((_, ticket)) => {
                                self.resolved_in_syncro(id, ticket).await?;
                                Some("its ticket resolved".into())
                            }
                            None => Some("ignored: resolved, and no open ticket".into()),
                        }
                    }
                    Ok(alert) => match self.ticket_for(&alert, &settings).await? {
                        Some(t) => {
                            made += 1;
                            Some(format!("ticket #{}", t.number))
                        }
                        None => Some("already a ticket".into()),
                    },
                },
            };
            if let Some(outcome) = outcome {
                self.ctx.store.mark_event(e.id, &outcome, now).await?;
            }
        }
        self.ctx.prune_events(now).await?;
        Ok(made)
    }
}

/// How often the Syncro task looks at what is due (each job keeps its own, longer, pace).
const SYNCRO_TICK: std::time::Duration = std::time::Duration::from_secs(5);

impl Syncro {
    /// Until aborted: webhook events first (a technician is waiting on them), then the alert
    /// poll and the daily sync when they are due. A failure is logged, and waits its turn.
    pub(crate) fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(e) = self.process_alert_events().await {
                    tracing::warn!("Syncro webhook events not processed: {e}");
                }
                match self.poll_alerts().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!("{n} Syncro alert(s) became tickets"),
                    Err(e) => tracing::warn!("Syncro alerts not read: {e}"),
                }
                if let Err(e) = self.sync_due(self.ctx.clock.now()).await {
                    tracing::warn!("the daily Syncro sync did not run: {e}");
                }
                tokio::select! {
                    _ = tokio::time::sleep(SYNCRO_TICK) => {}
                    _ = self.ctx.syncro_wake.notified() => {}
                }
            }
        })
    }
}

/// For the desk's status change: the alert a ticket came from, to resolve in Syncro.
pub(crate) async fn queue_alert_resolve(
    ctx: &super::Context,
    ticket_id: &str,
) -> Result<Option<i64>, CoreError> {
    let Some((alert_id, resolved)) = ctx.store.alert_of_ticket(ticket_id).await? else {
        return Ok(None);
    };
    if resolved {
        return Ok(None);
    }
    ctx.store
        .enqueue(
            PROVIDER,
            &alert_id.to_string(),
            RESOLVE_ALERT,
            ctx.clock.now(),
        )
        .await?;
    ctx.store.set_alert_resolved(alert_id).await?;
    Ok(Some(alert_id))
}
