//! A registered OAuth app at a provider: its endpoints and credentials.

use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, AuthUrl, ClientId, ClientSecret, EndpointNotSet, EndpointSet, RedirectUrl,
    RevocationUrl, TokenUrl,
};
use tether_core::secret::Secret;

use super::error::OAuthError;

#[derive(Clone, Debug)]
pub struct OAuthApp {
    pub client_id: String,
    pub client_secret: Secret,
    pub authorize_url: String,
    pub token_url: String,
    pub revoke_url: Option<String>,
}

pub(crate) type Client =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointSet, EndpointSet>;

impl OAuthApp {
    /// TeamViewer's endpoints under its Web API base (providers.md §2.1).
    pub fn teamviewer(base_url: &str, client_id: String, client_secret: Secret) -> Self {
        let base = base_url.trim_end_matches('/');
        OAuthApp {
            client_id,
            client_secret,
            authorize_url: format!("{base}/oauth2/authorize"),
            token_url: format!("{base}/oauth2/token"),
            revoke_url: Some(format!("{base}/oauth2/revoke")),
        }
    }

    /// Splashtop's OAuth app endpoints under its API base. Splashtop issues OAuth apps by
    /// arrangement and does not publish these paths (providers.md §3.2, NOT FOUND); they are
    /// the sandbox's assumption until the Open API PDF confirms them.
    pub fn splashtop(base_url: &str, client_id: String, client_secret: Secret) -> Self {
        let base = base_url.trim_end_matches('/');
        OAuthApp {
            client_id,
            client_secret,
            authorize_url: format!("{base}/oauth/authorize"),
            token_url: format!("{base}/oauth/token"),
            revoke_url: Some(format!("{base}/oauth/revoke")),
        }
    }

    pub(crate) fn client(&self, redirect: Option<&str>) -> Result<Client, OAuthError> {
        let bad = |what: &str, e: oauth2::url::ParseError| {
            OAuthError::Misconfigured(format!("the {what} address is invalid: {e}"))
        };
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_string()))
            // TeamViewer takes the client credentials in the form body (§2.1).
            .set_auth_type(AuthType::RequestBody)
            .set_auth_uri(
                AuthUrl::new(self.authorize_url.clone()).map_err(|e| bad("authorize", e))?,
            )
            .set_token_uri(TokenUrl::new(self.token_url.clone()).map_err(|e| bad("token", e))?)
            .set_revocation_url(
                RevocationUrl::new(
                    self.revoke_url
                        .clone()
                        .unwrap_or_else(|| self.token_url.replace("/token", "/revoke")),
                )
                .map_err(|e| bad("revocation", e))?,
            );
        Ok(match redirect {
            Some(r) => client
                .set_redirect_uri(RedirectUrl::new(r.to_string()).map_err(|e| bad("redirect", e))?),
            None => client,
        })
    }
}
