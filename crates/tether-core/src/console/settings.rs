//! Local settings: who is at this desk, how often to poll, channels' settings (SD7) and
//! per-channel mute (SD6).

use crate::domain::{ChannelKind, ChannelSettings, Technician};
use crate::error::CoreError;
use crate::event::Event;

use super::board::AppSettings;
use super::poll_budget::DEFAULT_POLL_BUDGET_PER_MINUTE;
use super::{Context, Settings};

const CURRENT_TECHNICIAN: &str = "current_technician";
const POLL_INTERVAL_MS: &str = "poll_interval_ms";
pub(crate) const DEFAULT_POLL_INTERVAL_MS: u32 = 2_000;
const POLL_BUDGET: &str = "poll_budget_per_minute";

impl Context {
    /// A setting kept as one JSON value (remote support, BeyondTrust); its default until
    /// saved. `what` names it in the error an unreadable value gives.
    pub(crate) async fn json_setting<T: serde::de::DeserializeOwned + Default>(
        &self,
        key: &str,
        what: &str,
    ) -> Result<T, CoreError> {
        match self.store.setting(key).await? {
            None => Ok(T::default()),
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                CoreError::Invalid(format!(
                    "the stored {what} settings cannot be read ({e}); save them again in Settings"
                ))
            }),
        }
    }

    pub(crate) async fn set_json_setting<T: serde::Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), CoreError> {
        let json = serde_json::to_string(value)
            .map_err(|e| CoreError::Invalid(format!("settings cannot be saved: {e}")))?;
        self.store.set_setting(key, &json).await?;
        self.emit(Event::DeskChanged);
        Ok(())
    }

    /// The technician at this desk: the one a team server's request acts as, else the CLI's
    /// `--as`, else the one picked in Settings, else the first on the list.
    pub async fn me(&self) -> Result<Technician, CoreError> {
        let technicians = self.store.technicians().await?;
        let acting = crate::acting::current().or_else(|| self.actor_override.clone());
        let wanted = match &acting {
            Some(id) => Some(id.clone()),
            None => self.store.setting(CURRENT_TECHNICIAN).await?,
        };
        if let Some(id) = wanted {
            if let Some(t) = technicians.iter().find(|t| t.id == id) {
                return Ok(t.clone());
            }
            if acting.is_some() {
                return Err(CoreError::NotFound {
                    what: "technician",
                    id,
                });
            }
        }
        technicians.into_iter().next().ok_or_else(|| {
            CoreError::Invalid(
                "no technicians yet: add one in Settings (or `tether tech add`)".to_string(),
            )
        })
    }

    pub async fn settings(&self) -> Result<AppSettings, CoreError> {
        let poll_interval_ms = match self.store.setting(POLL_INTERVAL_MS).await? {
            Some(v) => v
                .parse()
                .map_err(|_| CoreError::Invalid(format!("stored poll interval {v:?}")))?,
            None => DEFAULT_POLL_INTERVAL_MS,
        };
        let me = self.me().await?;
        Ok(AppSettings {
            default_channel: self.default_channel(&me.id).await?,
            current_technician: me.id,
            poll_interval_ms,
            poll_budget_per_minute: self.poll_budget().await,
        })
    }

    pub(crate) async fn default_channel(&self, technician: &str) -> Result<String, CoreError> {
        let chosen = self.store.setting(&default_channel_key(technician)).await?;
        let channels = self.store.channels().await?;
        // A channel that was removed, or whose membership changed, falls back to Private.
        Ok(chosen
            .filter(|id| {
                channels
                    .iter()
                    .any(|c| &c.id == id && c.is_member(technician))
            })
            .unwrap_or_else(|| crate::domain::PRIVATE_CHANNEL_ID.to_string()))
    }

    /// Requests a minute the poller may make (`poll_budget`).
    pub(crate) async fn poll_budget(&self) -> u32 {
        match self.store.setting(POLL_BUDGET).await {
            Ok(Some(v)) => v.parse().unwrap_or(DEFAULT_POLL_BUDGET_PER_MINUTE),
            _ => DEFAULT_POLL_BUDGET_PER_MINUTE,
        }
    }

    pub(crate) async fn poll_interval_ms(&self) -> u32 {
        match self.store.setting(POLL_INTERVAL_MS).await {
            Ok(Some(v)) => v.parse().unwrap_or(DEFAULT_POLL_INTERVAL_MS),
            _ => DEFAULT_POLL_INTERVAL_MS,
        }
    }
}

impl Settings {
    pub async fn technicians(&self) -> Result<Vec<Technician>, CoreError> {
        Ok(self.ctx.store.technicians().await?)
    }

    pub async fn add_technician(&self, technician: Technician) -> Result<(), CoreError> {
        technician.check()?;
        self.ctx.store.upsert_technician(&technician).await?;
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }

    pub async fn set_current_technician(&self, id: &str) -> Result<(), CoreError> {
        self.ctx.technician(id).await?;
        self.ctx.store.set_setting(CURRENT_TECHNICIAN, id).await?;
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }

    /// SP1: the channel new sessions go to unless the technician picks another (their
    /// private channel when unset).
    pub async fn set_default_channel(&self, channel_id: &str) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        self.ctx.writable_channel(&me, channel_id).await?;
        self.ctx
            .store
            .set_setting(&default_channel_key(&me.id), channel_id)
            .await?;
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }

    /// How often open sessions are polled. 50 ms to 10 minutes.
    pub async fn set_poll_interval(&self, ms: u32) -> Result<(), CoreError> {
        if !(50..=600_000).contains(&ms) {
            return Err(CoreError::Invalid(format!(
                "the poll interval must be between 50 ms and 10 minutes, not {ms} ms"
            )));
        }
        self.ctx
            .store
            .set_setting(POLL_INTERVAL_MS, &ms.to_string())
            .await?;
        self.ctx.wake.notify_one();
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }

    /// How many requests a minute polling may make: 1 to 6,000. Splashtop On-Prem documents
    /// 200 a minute; the default leaves room for the technicians' own actions.
    pub async fn set_poll_budget(&self, per_minute: u32) -> Result<(), CoreError> {
        if !(1..=6_000).contains(&per_minute) {
            return Err(CoreError::Invalid(format!(
                "the polling budget must be between 1 and 6,000 requests a minute, not {per_minute}"
            )));
        }
        self.ctx
            .store
            .set_setting(POLL_BUDGET, &per_minute.to_string())
            .await?;
        self.ctx.wake.notify_one();
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }

    /// SD7. A shorter timeout applies at once: the next sweep expires what it now covers.
    pub async fn update_channel_settings(
        &self,
        channel_id: &str,
        settings: ChannelSettings,
    ) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        let channel = self.ctx.writable_channel(&me, channel_id).await?;
        if channel.kind == ChannelKind::Private && !settings.members.is_empty() {
            return Err(CoreError::Invalid(
                "the private channel has no members to set: only you see it".to_string(),
            ));
        }
        if settings.session_timeout_minutes == 0 || settings.session_timeout_minutes > 7 * 24 * 60 {
            return Err(CoreError::Invalid(format!(
                "the session timeout must be between 1 minute and 7 days, not {} minutes",
                settings.session_timeout_minutes
            )));
        }
        let known = self.ctx.store.technicians().await?;
        if let Some(unknown) = settings
            .members
            .iter()
            .find(|m| !known.iter().any(|t| &t.id == *m))
        {
            return Err(CoreError::NotFound {
                what: "technician",
                id: unknown.clone(),
            });
        }
        if !settings.members.is_empty() && !settings.members.contains(&me.id) {
            return Err(CoreError::Invalid(format!(
                "keep yourself ({}) among the members, or you lose access to {}",
                me.name, channel.name
            )));
        }
        self.ctx
            .store
            .save_channel_settings(channel_id, &settings)
            .await?;
        self.ctx.emit(Event::BoardChanged);
        self.sessions.expire_due().await?;
        Ok(())
    }

    /// SD6: mute notifications of one channel for the technician at this desk.
    pub async fn set_channel_muted(&self, channel_id: &str, muted: bool) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        self.ctx.channel(channel_id).await?;
        self.ctx.store.set_muted(&me.id, channel_id, muted).await?;
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }
}

fn default_channel_key(technician: &str) -> String {
    format!("default_channel.{technician}")
}
