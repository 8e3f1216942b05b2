//! SP1: the board talks to Splashtop as the technician at the desk when they authorised it
//! with their own account (their OAuth token from the keychain), else with the admin's API
//! token. The token is kept in memory for a short while: the board polls every few seconds
//! and the keychain is a D-Bus round trip away.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tether_core::domain::IntegrationKind;
use tether_core::ports::Store;
use tether_core::secret::Secret;
use tether_providers::oauth::AuthorisationState;
use tether_providers::splashtop::TechnicianToken;

use crate::integrations::Integrations;

/// How long an answer (a token, or "not authorised") is reused before asking the keychain
/// again; an authorisation made meanwhile is picked up within this time.
const REUSE: Duration = Duration::from_secs(15);

pub(crate) struct DeskTechnicianToken {
    integrations: Integrations,
    /// Where the board keeps who is at the desk.
    board: Arc<dyn Store>,
    actor_override: Option<String>,
    cached: Mutex<Option<Cached>>,
}

struct Cached {
    technician: String,
    token: Option<Secret>,
    at: Instant,
}

impl DeskTechnicianToken {
    pub(crate) fn new(
        integrations: Integrations,
        board: Arc<dyn Store>,
        actor_override: Option<String>,
    ) -> Self {
        DeskTechnicianToken {
            integrations,
            board,
            actor_override,
            cached: Mutex::new(None),
        }
    }

    async fn technician(&self) -> Option<String> {
        technician_at_desk(&self.board, self.actor_override.as_deref()).await
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Option<Cached>> {
        self.cached.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The technician at the desk, as the console decides it (a team server's request, `--as`,
/// Settings, the first).
pub(crate) async fn technician_at_desk(
    board: &Arc<dyn Store>,
    actor_override: Option<&str>,
) -> Option<String> {
    if let Some(id) = tether_core::acting::current() {
        return Some(id);
    }
    if let Some(id) = actor_override {
        return Some(id.to_string());
    }
    if let Ok(Some(id)) = board.setting("current_technician").await {
        return Some(id);
    }
    board
        .technicians()
        .await
        .ok()?
        .into_iter()
        .next()
        .map(|t| t.id)
}

#[async_trait]
impl TechnicianToken for DeskTechnicianToken {
    async fn token(&self) -> Option<Secret> {
        let technician = self.technician().await?;
        if let Some(c) = self.cache().as_ref() {
            if c.technician == technician && c.at.elapsed() < REUSE {
                return c.token.clone();
            }
        }
        let token = match self
            .integrations
            .oauth(IntegrationKind::Splashtop, &technician)
            .await
        {
            // No OAuth app configured: the API token it is.
            Err(_) => None,
            Ok(manager) => match manager.state().await {
                Ok(AuthorisationState::Authorised { .. }) => match manager.access_token().await {
                    Ok(t) => Some(t),
                    Err(e) => {
                        tracing::warn!("{technician}'s Splashtop authorisation is unusable: {e}");
                        None
                    }
                },
                _ => None,
            },
        };
        *self.cache() = Some(Cached {
            technician,
            token: token.clone(),
            at: Instant::now(),
        });
        token
    }

    async fn refused(&self) {
        let Some(technician) = self.technician().await else {
            return;
        };
        *self.cache() = None;
        // Forget the grant: the card turns back to Authorise, the other settings stay.
        if let Ok(manager) = self
            .integrations
            .oauth(IntegrationKind::Splashtop, &technician)
            .await
        {
            if let Err(e) = manager.disconnect().await {
                tracing::warn!("could not forget {technician}'s refused Splashtop token: {e}");
            }
        }
    }
}
