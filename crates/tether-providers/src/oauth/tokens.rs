//! Per-technician OAuth tokens in the keychain, refreshed before expiry.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use oauth2::basic::{BasicErrorResponseType, BasicTokenResponse};
use oauth2::{
    AuthorizationCode, CsrfToken, PkceCodeChallenge, RefreshToken, RequestTokenError,
    StandardRevocableToken, TokenResponse,
};
use serde::{Deserialize, Serialize};
use tether_core::ports::SecretStore;
use tether_core::secret::Secret;
use tokio::sync::Mutex;

use super::app::OAuthApp;
use super::error::OAuthError;
use super::loopback::Loopback;

/// Refresh this long before the access token says it expires.
const MARGIN_SECS: i64 = 60;

/// One loopback listener at a time, whichever provider or technician asks.
static AUTHORISING: Mutex<()> = Mutex::const_new(());

/// One refresh at a time per keychain entry, however many managers the app made for it: a
/// rotating refresh token is good once, and a second refresh with it would fail and lose
/// the first one's tokens.
static REFRESHING: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<String, Arc<Mutex<()>>>>,
> = std::sync::LazyLock::new(Default::default);

fn refresh_lock(key: &str) -> Arc<Mutex<()>> {
    REFRESHING
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(key.to_string())
        .or_default()
        .clone()
}

/// What the keychain holds for one technician (as one JSON secret). No `Debug`.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredTokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorisationState {
    NotAuthorised,
    Authorised { expires_at: i64 },
}

pub struct TokenManager {
    app: OAuthApp,
    secrets: Arc<dyn SecretStore>,
    key: String,
    http: reqwest::Client,
}

impl TokenManager {
    /// `key` is the keychain entry, e.g. `teamviewer/oauth/alex`.
    pub fn new(app: OAuthApp, secrets: Arc<dyn SecretStore>, key: String) -> Self {
        TokenManager {
            app,
            secrets,
            key,
            // The token endpoint must not redirect the request (and its secret) elsewhere.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap_or_default(),
        }
    }

    /// Opens the provider's consent page through `open` and waits for the loopback redirect.
    pub async fn authorise(
        &self,
        open: impl FnOnce(&str),
        timeout: Duration,
    ) -> Result<(), OAuthError> {
        let _one_at_a_time = AUTHORISING.try_lock().map_err(|_| OAuthError::Busy)?;
        let loopback = Loopback::bind().await?;
        let redirect = loopback.redirect_uri();
        let client = self.app.client(Some(&redirect))?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = client
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge)
            .url();
        open(url.as_str());
        let code = loopback.code(state.secret(), timeout).await?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(verifier)
            .request_async(&self.http)
            .await
            .map_err(exchange_error)?;
        self.save(&stored(&response, None)).await
    }

    /// A valid access token, refreshed first if it is about to expire.
    pub async fn access_token(&self) -> Result<Secret, OAuthError> {
        self.token(None).await
    }

    /// The provider said `expired` has expired whatever its lifetime said: refresh it now
    /// (once: if another caller already did, its new token is the answer).
    pub async fn refresh_expired(&self, expired: &Secret) -> Result<Secret, OAuthError> {
        self.token(Some(expired)).await
    }

    async fn token(&self, expired: Option<&Secret>) -> Result<Secret, OAuthError> {
        // Concurrent callers wait here and then find the winner's fresh token.
        let lock = refresh_lock(&self.key);
        let _one_refresh = lock.lock().await;
        let tokens = self.load().await?.ok_or(OAuthError::NeedsAuthorisation)?;
        let refused = expired.is_some_and(|e| e.expose() == tokens.access_token);
        if !refused && tokens.expires_at - MARGIN_SECS > Utc::now().timestamp() {
            return Ok(Secret::new(tokens.access_token));
        }
        let Some(refresh) = tokens.refresh_token.clone() else {
            self.secrets.remove(&self.key).await?;
            return Err(OAuthError::NeedsAuthorisation);
        };
        let client = self.app.client(None)?;
        let result = client
            .exchange_refresh_token(&RefreshToken::new(refresh.clone()))
            .request_async(&self.http)
            .await;
        match result {
            Ok(response) => {
                // The old refresh token is spent: keep the new one before anything else.
                let renewed = stored(&response, Some(refresh));
                self.save(&renewed).await?;
                Ok(Secret::new(renewed.access_token))
            }
            Err(RequestTokenError::ServerResponse(r))
                if *r.error() == BasicErrorResponseType::InvalidGrant =>
            {
                // Another process (the CLI beside the app) may have refreshed with the same
                // token first: its tokens are kept, and used.
                if let Some(now) = self.load().await? {
                    if now.refresh_token.as_deref() != Some(refresh.as_str()) {
                        return Ok(Secret::new(now.access_token));
                    }
                }
                self.secrets.remove(&self.key).await?;
                Err(OAuthError::NeedsAuthorisation)
            }
            Err(e) => Err(exchange_error(e)),
        }
    }

    pub async fn state(&self) -> Result<AuthorisationState, OAuthError> {
        Ok(match self.load().await? {
            Some(t) => AuthorisationState::Authorised {
                expires_at: t.expires_at,
            },
            None => AuthorisationState::NotAuthorised,
        })
    }

    /// Revokes the grant at the provider (best effort) and forgets the tokens.
    pub async fn disconnect(&self) -> Result<(), OAuthError> {
        if let Some(tokens) = self.load().await? {
            if let (Some(refresh), Ok(client)) = (tokens.refresh_token, self.app.client(None)) {
                let token = StandardRevocableToken::RefreshToken(RefreshToken::new(refresh));
                if let Ok(request) = client.revoke_token(token) {
                    if let Err(e) = request.request_async(&self.http).await {
                        tracing::warn!("the provider did not confirm the revocation: {e}");
                    }
                }
            }
        }
        self.secrets.remove(&self.key).await?;
        Ok(())
    }

    async fn load(&self) -> Result<Option<StoredTokens>, OAuthError> {
        match self.secrets.get(&self.key).await? {
            None => Ok(None),
            Some(secret) => serde_json::from_str(secret.expose())
                .map(Some)
                .map_err(|_| {
                    OAuthError::Misconfigured(format!(
                        "the keychain entry {} is not Tether's; disconnect and authorise again",
                        self.key
                    ))
                }),
        }
    }

    async fn save(&self, tokens: &StoredTokens) -> Result<(), OAuthError> {
        let json =
            serde_json::to_string(tokens).map_err(|e| OAuthError::Misconfigured(e.to_string()))?;
        self.secrets.set(&self.key, &Secret::new(json)).await?;
        Ok(())
    }
}

fn stored(response: &BasicTokenResponse, previous_refresh: Option<String>) -> StoredTokens {
    let lifetime = response
        .expires_in()
        .unwrap_or(Duration::from_secs(3600))
        .as_secs();
    StoredTokens {
        access_token: response.access_token().secret().clone(),
        // A provider that does not rotate keeps the old refresh token valid.
        refresh_token: response
            .refresh_token()
            .map(|t| t.secret().clone())
            .or(previous_refresh),
        expires_at: Utc::now().timestamp() + i64::try_from(lifetime).unwrap_or(3600),
    }
}

type TokenError = RequestTokenError<
    oauth2::HttpClientError<reqwest::Error>,
    oauth2::StandardErrorResponse<BasicErrorResponseType>,
>;

fn exchange_error(e: TokenError) -> OAuthError {
    match e {
        RequestTokenError::ServerResponse(r) => OAuthError::Exchange(match r.error_description() {
            Some(d) => format!("{} ({d})", r.error()),
            None => r.error().to_string(),
        }),
        RequestTokenError::Request(e) => OAuthError::Unreachable(e.to_string()),
        RequestTokenError::Parse(e, _) => {
            OAuthError::Exchange(format!("the token reply is not OAuth JSON: {e}"))
        }
        RequestTokenError::Other(m) => OAuthError::Exchange(m),
    }
}
