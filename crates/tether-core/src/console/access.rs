//! Who may see and act on what (SD1, SD5, SD7).

use crate::domain::{Channel, ChannelKind, Session, Technician, PRIVATE_CHANNEL_ID};
use crate::error::CoreError;

use super::Context;

/// A technician may see a session in a shared channel they belong to (unless the channel
/// keeps its sessions private), and any session they are on.
pub(crate) fn can_see(channel: Option<&Channel>, session: &Session, me: &str) -> bool {
    match channel {
        Some(c) if c.kind == ChannelKind::Shared => {
            (c.is_member(me) && !c.settings.private_sessions) || session.involves(me)
        }
        _ => session.involves(me),
    }
}

impl Context {
    pub(crate) async fn channel(&self, id: &str) -> Result<Channel, CoreError> {
        self.store
            .channels()
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| CoreError::NotFound {
                what: "channel",
                id: id.to_string(),
            })
    }

    /// The channel a technician may put sessions into: the private one, or a shared one
    /// they are a member of.
    pub(crate) async fn writable_channel(
        &self,
        me: &Technician,
        id: &str,
    ) -> Result<Channel, CoreError> {
        let channel = self.channel(id).await?;
        if id != PRIVATE_CHANNEL_ID && !channel.is_member(&me.id) {
            return Err(CoreError::Forbidden(format!(
                "{} has no access to the channel {}",
                me.name, channel.name
            )));
        }
        Ok(channel)
    }

    /// Loads a session the current technician may act on.
    pub(crate) async fn visible_session(
        &self,
        me: &Technician,
        id: &str,
    ) -> Result<(Session, Channel), CoreError> {
        let session = self
            .store
            .session(id)
            .await?
            .ok_or_else(|| CoreError::NotFound {
                what: "session",
                id: id.to_string(),
            })?;
        let channel = self.channel(&session.channel_id).await?;
        if !can_see(Some(&channel), &session, &me.id) {
            return Err(CoreError::Forbidden(format!(
                "{} has no access to this session in {}",
                me.name, channel.name
            )));
        }
        Ok((session, channel))
    }

    pub(crate) async fn technician(&self, id: &str) -> Result<Technician, CoreError> {
        self.store
            .technicians()
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| CoreError::NotFound {
                what: "technician",
                id: id.to_string(),
            })
    }
}
