//! The current technician's own OAuth authorisations (CR2, SP1, TV1): the same use cases for
//! the window, `tether serve` and the CLI, acting as whoever the console says is at the desk.

use tether_core::domain::{AuthorisationStatus, IntegrationKind};
use tether_core::Event;

use crate::{Runtime, RuntimeError};

impl Runtime {
    pub async fn authorisation(
        &self,
        kind: IntegrationKind,
    ) -> Result<AuthorisationStatus, RuntimeError> {
        let me = self.console().me().await?;
        self.integrations.authorisation(kind, &me.id).await
    }

    /// Opens the provider's consent page with the system's opener and waits (five minutes at
    /// most) for the loopback redirect. The link is announced too: a browser that did not
    /// open, or a front end without an opener, still lets the technician follow it.
    pub async fn authorise(
        &self,
        kind: IntegrationKind,
    ) -> Result<AuthorisationStatus, RuntimeError> {
        let me = self.console().me().await?;
        let console = self.console().clone();
        let opener = self.parts.opener.clone();
        let open = move |url: &str| {
            console.announce(Event::AuthorisationPending {
                kind,
                url: url.to_string(),
            });
            if let Err(e) = opener.open(url) {
                tracing::warn!("no browser opened for the authorisation: {e}");
            }
        };
        self.integrations.authorise(kind, &me.id, open).await
    }

    /// Forgets (and revokes at the provider) the technician's tokens.
    pub async fn disconnect(
        &self,
        kind: IntegrationKind,
    ) -> Result<AuthorisationStatus, RuntimeError> {
        let me = self.console().me().await?;
        self.integrations.disconnect(kind, &me.id).await
    }
}
