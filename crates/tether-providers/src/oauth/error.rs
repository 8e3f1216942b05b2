//! How an OAuth flow fails, for every part of it (the app, the loopback, the tokens).

use tether_core::ports::SecretError;
use tether_core::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    #[error("another authorisation is already waiting for the browser; finish or cancel it first")]
    Busy,
    #[error("the browser did not come back in time; authorise again")]
    TimedOut,
    #[error("the redirect's state did not match this request, so its code was refused")]
    WrongState,
    #[error("the provider did not authorise Tether: {0}")]
    Denied(String),
    #[error("the authorisation expired or was revoked: authorise again")]
    NeedsAuthorisation,
    #[error("the provider refused the token request: {0}")]
    Exchange(String),
    #[error("cannot reach the provider: {0}")]
    Unreachable(String),
    #[error("{0}")]
    Misconfigured(String),
    #[error(transparent)]
    Keychain(#[from] SecretError),
}

impl OAuthError {
    pub fn code(&self) -> ErrorCode {
        match self {
            OAuthError::Busy => ErrorCode::OauthBusy,
            OAuthError::TimedOut => ErrorCode::OauthTimedOut,
            OAuthError::WrongState => ErrorCode::OauthWrongState,
            OAuthError::Denied(_) => ErrorCode::OauthDenied,
            OAuthError::NeedsAuthorisation => ErrorCode::OauthNeedsAuthorisation,
            OAuthError::Exchange(_) => ErrorCode::OauthExchangeRefused,
            OAuthError::Unreachable(_) => ErrorCode::ProviderUnreachable,
            OAuthError::Misconfigured(_) => ErrorCode::InvalidInput,
            OAuthError::Keychain(e) => e.code(),
        }
    }
}
