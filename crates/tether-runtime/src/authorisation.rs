//! The current technician's own OAuth authorisations (CR2, SP1, TV1): the same use cases for
//! the window, `tether serve` and the CLI, acting as whoever the console says is at the desk.

use tether_core::domain::{AuthorisationStatus, IntegrationKind, OAuthConnection};
use tether_core::Event;

use crate::{Runtime, RuntimeError};

impl Runtime {
    pub async fn authorisation(
        &self,
        kind: IntegrationKind,
    ) -> Result<AuthorisationStatus, RuntimeError> {
        let me = self.console().me().await?;
        let mut status = self.integrations.authorisation(kind, &me.id).await?;
        let owner = self.integrations.connection_owner(kind, &me.id).await?;
        if owner != me.id {
            status.reused_from = Some(self.oauth_connection(kind, &owner).await?);
        }
        Ok(status)
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
        let open = |url: &str| {
            self.sign_in_pending(kind, Some(url));
            console.announce(Event::AuthorisationPending {
                kind,
                url: url.to_string(),
            });
            if let Err(e) = opener.open(url) {
                tracing::warn!("no browser opened for the authorisation: {e}");
            }
        };
        let done = self.integrations.authorise(kind, &me.id, open).await;
        self.sign_in_pending(kind, None);
        done?;
        self.authorisation(kind).await
    }

    /// The waiting authorisation's consent page, through the system's opener: the link the
    /// window shows is not one the page may open by itself.
    pub fn open_authorisation(
        &self,
        kind: IntegrationKind,
    ) -> Result<tether_core::ports::OpenedUrl, RuntimeError> {
        let url = self
            .pending_sign_in
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&kind)
            .cloned()
            .ok_or_else(|| {
                RuntimeError::Invalid(format!(
                    "no {} sign-in is waiting: press Authorise to start one",
                    kind.name()
                ))
            })?;
        let opened =
            self.parts.opener.open(&url).map_err(|e| {
                RuntimeError::Invalid(format!("the sign-in page did not open ({e})"))
            })?;
        Ok(tether_core::ports::OpenedUrl {
            url,
            opened,
            demo_viewer: None,
        })
    }

    fn sign_in_pending(&self, kind: IntegrationKind, url: Option<&str>) {
        let mut pending = self
            .pending_sign_in
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        match url {
            Some(url) => pending.insert(kind, url.to_string()),
            None => pending.remove(&kind),
        };
    }

    /// Leaves a colleague's connection, or forgets (and revokes at the provider) the
    /// technician's own tokens.
    pub async fn disconnect(
        &self,
        kind: IntegrationKind,
    ) -> Result<AuthorisationStatus, RuntimeError> {
        let me = self.console().me().await?;
        let left = self.integrations.disconnect(kind, &me.id).await?;
        // The app's settings may be gone (nothing to revoke): what is left is still said.
        Ok(self.authorisation(kind).await.unwrap_or(left))
    }

    /// TV1: the connections colleagues authorised on this machine, which the technician may
    /// reuse instead of signing in again.
    pub async fn oauth_connections(
        &self,
        kind: IntegrationKind,
    ) -> Result<Vec<OAuthConnection>, RuntimeError> {
        let me = self.console().me().await?;
        let in_use = self.integrations.connection_owner(kind, &me.id).await?;
        let mut found = Vec::new();
        for technician in self.console().settings.technicians().await? {
            if technician.id == me.id || technician.id == in_use {
                continue;
            }
            if self
                .integrations
                .connection_authorised(kind, &technician.id)
                .await?
            {
                found.push(self.oauth_connection(kind, &technician.id).await?);
            }
        }
        Ok(found)
    }

    /// TV1: use a colleague's connection from now on (the technician's own tokens, if any,
    /// stay in the keychain until they disconnect them).
    pub async fn reuse_connection(
        &self,
        kind: IntegrationKind,
        owner: String,
    ) -> Result<AuthorisationStatus, RuntimeError> {
        let me = self.console().me().await?;
        if owner == me.id {
            self.integrations.stop_reusing(kind, &me.id).await?;
            return self.authorisation(kind).await;
        }
        let connection = self.oauth_connection(kind, &owner).await?;
        if !self
            .integrations
            .connection_authorised(kind, &owner)
            .await?
        {
            return Err(RuntimeError::Invalid(format!(
                "{} is not authorised any more: choose another connection, or sign in with \
                 your own account",
                connection.label
            )));
        }
        self.integrations.reuse(kind, &me.id, &owner).await?;
        self.authorisation(kind).await
    }

    async fn oauth_connection(
        &self,
        kind: IntegrationKind,
        owner: &str,
    ) -> Result<OAuthConnection, RuntimeError> {
        let owner_name = self
            .console()
            .settings
            .technicians()
            .await?
            .into_iter()
            .find(|t| t.id == owner)
            .map_or_else(|| owner.to_string(), |t| t.name);
        let record = self.integrations.connection_record(kind, owner).await?;
        Ok(OAuthConnection::new(
            kind,
            owner.to_string(),
            owner_name,
            record.as_ref().and_then(|r| r.account.clone()),
            record.map(|r| r.authorised_at),
        ))
    }
}
