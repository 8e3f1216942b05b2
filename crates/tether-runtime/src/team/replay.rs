//! The outbox's replay, on each reconnect: every action taken offline, oldest first, under its
//! own idempotency key (so an action whose answer was lost is answered again by the server, not
//! done twice). The server's board is the truth afterwards: the session is mirrored back,
//! which undoes in the cache an action the server refused.

use serde_json::Value;
use tether_core::{Console, ErrorCode};

use super::client::CallError;
use super::Team;

impl Team {
    pub(crate) async fn replay(&self, console: &Console) {
        let _in_order = self.outbox_lock.lock().await;
        let actions = match self.cache.team_actions().await {
            Ok(actions) => actions,
            Err(e) => {
                tracing::error!("the team outbox cannot be read: {e}");
                return;
            }
        };
        let mut changed = false;
        for action in actions.into_iter().filter(|a| a.refusal.is_none()) {
            let answer = self
                .client
                .call(&action.command, &action.args, Some(&action.key))
                .await;
            let kept = match answer {
                Ok(_) => self.cache.team_action_done(action.id).await,
                // Still running from an earlier attempt: its answer comes on the next replay.
                Err(CallError::Refused(e))
                    if e.code == ErrorCode::Conflict && e.message.contains("still being done") =>
                {
                    return;
                }
                Err(CallError::Refused(refusal)) => {
                    let refusal = serde_json::to_value(&refusal).unwrap_or(Value::Null);
                    self.cache.team_action_refused(action.id, &refusal).await
                }
                Err(CallError::Offline(why)) => {
                    self.went_offline(&why);
                    break;
                }
            };
            if let Err(e) = kept {
                tracing::error!("the team outbox could not record a replay: {e}");
            }
            changed = true;
            if let Some(id) = action.args.get("id").and_then(Value::as_str) {
                if let Err(e) = self.mirror(console, id.to_string()).await {
                    tracing::warn!("the session {id} is mirrored on the next change: {e}");
                }
            }
        }
        if changed {
            Team::announce(console);
        }
    }
}
