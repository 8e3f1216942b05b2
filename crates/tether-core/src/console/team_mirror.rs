//! A desktop in a team keeps the team's board in its own cache: each session as the team
//! server has it is written here, and the window and native notifications hear of it the way
//! they hear of a poll's change on a solo desk. The server is the truth: what it says
//! replaces what the cache had (an action applied here while offline included).

use super::board::Board;
use crate::domain::{Channel, ChannelRef, HistoryEntry, Session};
use crate::error::CoreError;
use crate::event::Event;

use super::{Sessions, Settings};

impl Sessions {
    /// The team server's `session` with its whole `history` (oldest first).
    pub async fn mirror(
        &self,
        session: Session,
        history: Vec<HistoryEntry>,
    ) -> Result<(), CoreError> {
        let store = &self.ctx.store;
        let actor = history
            .last()
            .map(|h| h.actor.clone())
            .unwrap_or(crate::domain::Actor::System);
        match store.session(&session.id).await? {
            None => {
                store.insert_session(&session, &history).await?;
                self.ctx.emit(Event::SessionChanged {
                    session,
                    from: None,
                    actor,
                });
            }
            Some(before) => {
                if before == session {
                    return Ok(());
                }
                // History only grows: the entries the cache has not seen are the new ones.
                let known = store.history(&session.id).await?.len();
                let new: Vec<HistoryEntry> = history.into_iter().skip(known).collect();
                store
                    .update_session(&session, &new, before.updated_at)
                    .await?;
                self.ctx.emit(if session.state != before.state {
                    Event::SessionChanged {
                        session,
                        from: Some(before.state),
                        actor,
                    }
                } else {
                    Event::SessionUpdated { session, actor }
                });
            }
        }
        Ok(())
    }

    /// The team server no longer has the session.
    pub async fn mirror_deleted(&self, id: &str) -> Result<(), CoreError> {
        if let Some(before) = self.ctx.store.session(id).await? {
            self.ctx.store.delete_session(id).await?;
            self.ctx.emit(Event::SessionDeleted {
                id: id.to_string(),
                channel_id: before.channel_id,
            });
        }
        Ok(())
    }
}

impl Settings {
    /// The team's technicians and shared channels, from the server's board. The counts are
    /// not copied: the cache counts the sessions it mirrors.
    pub async fn mirror_board(&self, board: &Board) -> Result<(), CoreError> {
        for t in &board.technicians {
            self.ctx.store.upsert_technician(t).await?;
        }
        for summary in &board.channels {
            let (ChannelRef::Channel(id), Some(kind)) = (&summary.channel_ref, summary.kind) else {
                continue;
            };
            let settings = summary.settings.clone().unwrap_or_default();
            self.ctx
                .store
                .upsert_channel(&Channel {
                    id: id.clone(),
                    name: summary.name.clone(),
                    kind,
                    // The provider's id is the server's business: a team desktop never asks
                    // the provider.
                    provider_channel_id: 0,
                    settings: settings.clone(),
                })
                .await?;
            self.ctx.store.save_channel_settings(id, &settings).await?;
        }
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }
}
