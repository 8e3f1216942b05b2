//! Client-credentials tokens (§1.1): one hour, no refresh token. Cached until shortly before
//! `expires_in`; concurrent callers share one request.

use std::time::{Duration, Instant};

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    ClientId, ClientSecret, RequestTokenError, StandardErrorResponse, TokenResponse, TokenUrl,
};
use tether_core::ports::ProviderError;
use tether_core::secret::Secret;
use tokio::sync::Mutex;

/// Renew this long before the token says it expires.
const MARGIN: Duration = Duration::from_secs(60);

pub(crate) struct TokenCache {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    http: reqwest::Client,
    current: Mutex<Option<(Secret, Instant)>>,
}

impl TokenCache {
    pub(crate) fn new(base_url: &str, client_id: String, client_secret: Secret) -> Self {
        TokenCache {
            token_url: format!("{base_url}/oauth2/token"),
            client_id,
            client_secret,
            // oauth2 asks for a client that does not follow redirects (no token to a third host).
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap_or_default(),
            current: Mutex::new(None),
        }
    }

    /// A valid access token, fetching one if none is cached or it is about to expire.
    pub(crate) async fn token(&self) -> Result<Secret, ProviderError> {
        let mut current = self.current.lock().await;
        if let Some((token, valid_until)) = current.as_ref() {
            if Instant::now() + MARGIN < *valid_until {
                return Ok(token.clone());
            }
        }
        let (token, lifetime) = self.fetch().await?;
        *current = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }

    /// Forgets the cached token (after a 401: the secret may have been regenerated).
    pub(crate) async fn invalidate(&self) {
        *self.current.lock().await = None;
    }

    async fn fetch(&self) -> Result<(Secret, Duration), ProviderError> {
        let token_url = TokenUrl::new(self.token_url.clone())
            .map_err(|e| ProviderError::Malformed(format!("the token address is invalid: {e}")))?;
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_string()))
            .set_token_uri(token_url);
        let response = client
            .exchange_client_credentials()
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        let lifetime = response.expires_in().unwrap_or(Duration::from_secs(3600));
        Ok((Secret::new(response.access_token().secret()), lifetime))
    }
}

type TokenError = RequestTokenError<
    oauth2::HttpClientError<reqwest::Error>,
    StandardErrorResponse<BasicErrorResponseType>,
>;

fn token_error(e: TokenError) -> ProviderError {
    match e {
        RequestTokenError::ServerResponse(r) => match r.error() {
            BasicErrorResponseType::InvalidClient | BasicErrorResponseType::UnauthorizedClient => {
                ProviderError::Unauthorized(
                    "BeyondTrust refused the client ID or secret (invalid_client): check the API \
                     account in /login → Management → API Configuration"
                        .into(),
                )
            }
            other => ProviderError::Vendor {
                code: 400,
                message: format!("the token request was refused ({other})"),
            },
        },
        RequestTokenError::Request(e) => ProviderError::Unreachable(e.to_string()),
        RequestTokenError::Parse(e, _) => {
            ProviderError::Malformed(format!("the token reply is not OAuth JSON: {e}"))
        }
        RequestTokenError::Other(message) => ProviderError::Unauthorized(message),
    }
}
