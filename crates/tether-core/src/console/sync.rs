//! Bringing the provider's view into the board: channels, each open session's status,
//! and the channel timeouts (SD3, SD7).

use chrono::Duration;

use crate::domain::{
    Actor, Channel, ChannelKind, ChannelSettings, Permission, Session, SessionEvent, SessionState,
    PRIVATE_CHANNEL_ID,
};
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::provider::{ProviderSession, ProviderStatus};
use crate::ports::store::SessionFilter;
use crate::ports::StoreError;

use super::actions::step;
use super::board::open_states;
use super::Sessions;

impl Sessions {
    /// What runs before the window shows anything, from the cache alone: the private
    /// channel exists, and timeouts that passed while the app was closed are applied.
    pub async fn startup(&self) -> Result<(), CoreError> {
        self.ensure_private_channel().await?;
        self.expire_due().await?;
        let imported = self.import_missed().await?;
        if imported > 0 {
            tracing::info!("{imported} closed sessions' time went back to their tickets");
        }
        Ok(())
    }

    async fn ensure_private_channel(&self) -> Result<(), CoreError> {
        let existing = self.ctx.store.channels().await?;
        if !existing.iter().any(|c| c.id == PRIVATE_CHANNEL_ID) {
            self.ctx
                .store
                .upsert_channel(&Channel {
                    id: PRIVATE_CHANNEL_ID.into(),
                    name: "Private".into(),
                    kind: ChannelKind::Private,
                    provider_channel_id: 0,
                    settings: ChannelSettings::default(),
                })
                .await?;
        }
        Ok(())
    }

    /// Adds or renames the provider's shared channels. Local settings (timeout, members,
    /// mute) are never overwritten.
    pub async fn sync_channels(&self) -> Result<(), CoreError> {
        self.ensure_private_channel().await?;
        let remote = self
            .ctx
            .provider
            .channels()
            .await
            .map_err(|e| self.ctx.provider_failed(e))?;
        self.ctx.provider_ok();
        for c in remote.into_iter().filter(|c| c.provider_channel_id != 0) {
            self.ctx
                .store
                .upsert_channel(&Channel {
                    id: format!("{}-{}", self.ctx.provider.name(), c.provider_channel_id),
                    name: c.name,
                    kind: ChannelKind::Shared,
                    provider_channel_id: c.provider_channel_id,
                    settings: ChannelSettings::default(),
                })
                .await?;
        }
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }

    /// Maps the provider's status of one session onto SD3. Returns whether anything changed.
    pub(crate) async fn apply_remote(
        &self,
        session: Session,
        remote: &ProviderSession,
    ) -> Result<bool, CoreError> {
        let word = self.ctx.provider.status_word(remote);
        let name = self.ctx.provider.name().to_string();
        self.apply_remote_from(session, remote, &name, word).await
    }

    /// The same for any provider: `name` is who the history credits, `word` its status.
    pub(crate) async fn apply_remote_from(
        &self,
        mut session: Session,
        remote: &ProviderSession,
        name: &str,
        word: String,
    ) -> Result<bool, CoreError> {
        let before = session.clone();
        let now = self.ctx.clock.now();
        let provider = Actor::Provider(name.to_string());
        let mut history = Vec::new();
        let mut actor = provider.clone();
        let mut apply = |s: &mut Session, event, who: &Actor, note: Option<String>| {
            match step(s, event, who, now, note) {
                Ok(entry) => history.push(entry),
                // The provider may report what the board already moved past (a close the
                // outbox has not delivered yet); the board's state wins.
                Err(refused) => {
                    tracing::debug!(session = %s.id, "ignored provider status: {refused}")
                }
            }
        };
        match remote.status {
            ProviderStatus::Closed | ProviderStatus::Deleted => {
                let note = format!("{:?} at the provider", remote.status).to_lowercase();
                apply(&mut session, SessionEvent::Close, &provider, Some(note));
            }
            ProviderStatus::Expired => {
                apply(
                    &mut session,
                    SessionEvent::Timeout,
                    &provider,
                    Some("expired at the provider".into()),
                );
            }
            ProviderStatus::Open => {
                if session.state == SessionState::Pending && remote.app_running {
                    actor = Actor::EndUser;
                    apply(
                        &mut session,
                        SessionEvent::EndUserLaunched,
                        &actor,
                        Some("the end user launched the support app".into()),
                    );
                }
                let answered =
                    matches!(remote.permission, Permission::Granted | Permission::Refused);
                if session.state == SessionState::Active
                    && session.permission == Permission::Requested
                    && answered
                {
                    actor = Actor::EndUser;
                    let word = if remote.permission == Permission::Granted {
                        "granted"
                    } else {
                        "refused"
                    };
                    apply(
                        &mut session,
                        SessionEvent::PermissionAnswered,
                        &actor,
                        Some(format!("the end user {word} permission")),
                    );
                    session.permission = remote.permission;
                }
            }
        }
        session.provider_status = word;
        // SP2: the intervals the ticket's time is made of. A closed session's last one ends
        // with the close (the import closes it).
        if session.state.is_open() {
            self.observe_connection(&session.id, remote.connected, now)
                .await?;
        }
        if session == before {
            return Ok(false);
        }
        if history.is_empty() {
            session.updated_at = now.max(before.updated_at + Duration::milliseconds(1));
        }
        match self.commit(&before, session, history, actor).await {
            Ok(_) => Ok(true),
            // A technician acted while the provider was being asked: their change stands,
            // and the next round looks again.
            Err(CoreError::Store(StoreError::Conflict(_) | StoreError::Gone(_))) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// SD7: expires every open session that stayed in its state longer than its channel's
    /// timeout. Runs at start-up too, so a timeout that passed while the app was closed
    /// still expires the session.
    pub async fn expire_due(&self) -> Result<u32, CoreError> {
        let now = self.ctx.clock.now();
        let channels = self.ctx.store.channels().await?;
        let open = self
            .ctx
            .store
            .sessions(&SessionFilter {
                states: Some(open_states()),
                ..SessionFilter::default()
            })
            .await?;
        let mut expired = 0;
        for mut session in open {
            let Some(channel) = channels.iter().find(|c| c.id == session.channel_id) else {
                continue;
            };
            let timeout = Duration::minutes(i64::from(channel.settings.session_timeout_minutes));
            if now - session.state_changed_at < timeout {
                continue;
            }
            let before = session.clone();
            let note = format!(
                "no change for {} minutes (the timeout of {})",
                channel.settings.session_timeout_minutes, channel.name
            );
            let entry = step(
                &mut session,
                SessionEvent::Timeout,
                &Actor::System,
                now,
                Some(note),
            )?;
            match self
                .commit(&before, session, vec![entry], Actor::System)
                .await
            {
                Ok(_) => expired += 1,
                Err(CoreError::Store(StoreError::Conflict(_) | StoreError::Gone(_))) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(expired)
    }
}
