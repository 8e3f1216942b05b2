//! The TeamViewer card as the core's `RemoteControl`: read at each call, so turning the card
//! off (TV6) or authorising takes effect at once. The technician at the desk talks to
//! TeamViewer with their own authorisation (TV1) when they have one, else with the company's
//! script token.

use std::sync::Arc;

use async_trait::async_trait;
use tether_core::domain::teamviewer::{NewTvSession, TvConnection, TvSession};
use tether_core::domain::IntegrationKind;
use tether_core::ports::{ProviderError, RemoteControl, Store};
use tether_providers::oauth::AuthorisationState;
use tether_providers::teamviewer::{ScriptToken, TeamViewerClient, TokenSource};

use crate::integrations::{card_off, Integrations};
use crate::technician_grant::TechnicianGrant;
use crate::technician_token::technician_at_desk;

const KIND: IntegrationKind = IntegrationKind::Teamviewer;

pub(crate) struct CardRemoteControl {
    integrations: Integrations,
    board: Arc<dyn Store>,
    actor_override: Option<String>,
}

impl CardRemoteControl {
    pub(crate) fn new(
        integrations: Integrations,
        board: Arc<dyn Store>,
        actor_override: Option<String>,
    ) -> Self {
        CardRemoteControl {
            integrations,
            board,
            actor_override,
        }
    }

    async fn client(&self) -> Result<TeamViewerClient, ProviderError> {
        let off = |why: &str| card_off(KIND, why);
        let stored = self.integrations.enabled_card(KIND).await?;
        let base_url = stored
            .values
            .get("base_url")
            .cloned()
            .unwrap_or_else(|| "https://webapi.teamviewer.com/api/v1".into());
        let technician = technician_at_desk(&self.board, self.actor_override.as_deref()).await;
        let tokens: Arc<dyn TokenSource> =
            match self.technician_grant(technician).await {
                Some(grant) => Arc::new(grant),
                None => match self
                    .integrations
                    .secrets
                    .get(&KIND.secret_key("script_token"))
                    .await
                    .map_err(|e| ProviderError::Unauthorized(e.to_string()))?
                {
                    Some(token) => Arc::new(ScriptToken(token)),
                    None => return Err(off(
                        "not authorised: authorise your account on the TeamViewer card, or save \
                         the company's script token there",
                    )),
                },
            };
        Ok(TeamViewerClient::new(
            &base_url,
            tether_providers::http::client(),
            tokens,
        ))
    }

    /// The technician's own authorisation, when they have one.
    async fn technician_grant(&self, technician: Option<String>) -> Option<TechnicianGrant> {
        let technician = technician?;
        let manager = self.integrations.oauth(KIND, &technician).await.ok()?;
        match manager.state().await {
            Ok(AuthorisationState::Authorised { .. }) => Some(TechnicianGrant(manager)),
            _ => None,
        }
    }
}

#[async_trait]
impl RemoteControl for CardRemoteControl {
    async fn available(&self) -> Result<(), ProviderError> {
        self.client().await.map(|_| ())
    }
    async fn create_session(&self, new: &NewTvSession) -> Result<TvSession, ProviderError> {
        self.client().await?.create_session(new).await
    }
    async fn session(&self, code: &str) -> Result<TvSession, ProviderError> {
        self.client().await?.session(code).await
    }
    async fn open_sessions(&self) -> Result<Vec<TvSession>, ProviderError> {
        self.client().await?.open_sessions().await
    }
    async fn close_session(&self, code: &str) -> Result<(), ProviderError> {
        self.client().await?.close_session(code).await
    }
    async fn connections(&self, session_code: &str) -> Result<Vec<TvConnection>, ProviderError> {
        self.client().await?.connections(session_code).await
    }
}
