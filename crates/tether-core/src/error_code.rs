//! The one set of error codes. Every failure that reaches a person or a program — the core's,
//! a provider's, the keychain's, OAuth's, the runtime's, the transport's — carries one of
//! these, so the UI keeps a single table from code to what it shows and a program can rely on
//! a code never being a free string. A leaf module: everything may import it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    // ---- the core's refusals ----
    /// SD3 refuses the transition.
    IllegalTransition,
    NotFound,
    /// The technician may not do this (permission, channel access).
    Forbidden,
    /// What was sent is not acceptable; the message names the field.
    InvalidInput,
    /// SD5: a fourth technician.
    TooManyTechnicians,
    /// IN8: the chosen technician cannot take the invitation and there is no fallback.
    TechnicianUnavailable,
    /// Someone changed the record meanwhile; nothing was overwritten.
    Conflict,
    /// The local cache failed.
    Store,
    // ---- a provider's answers ----
    ProviderUnreachable,
    ProviderRateLimited,
    ProviderServerError,
    ProviderMalformedReply,
    ProviderUnauthorized,
    ProviderNotFound,
    ProviderRefused,
    // ---- the keychain (CR1, CR3) ----
    KeychainUnavailable,
    KeychainFailed,
    // ---- OAuth (CR2) ----
    OauthBusy,
    OauthTimedOut,
    OauthWrongState,
    OauthDenied,
    OauthNeedsAuthorisation,
    OauthExchangeRefused,
    // ---- the runtime ----
    /// An integration is not set up (or is turned off) for what was asked.
    NotConfigured,
    /// The demo workspace's sandbox failed.
    Sandbox,
    /// Only the demo workspace can do this (play the end user).
    NotDemo,
    /// The system did not open a URL the core built (no app for the scheme).
    OpenFailed,
    /// Tether could not start (cache, data directory).
    Startup,
    /// A fault in Tether itself; the message says where.
    Internal,
    // ---- the transports ----
    /// No command of that name.
    UnknownCommand,
    /// A request to `tether serve` without its token.
    Unauthenticated,
    /// A request to `tether serve` from a page of another origin.
    OriginRefused,
    /// A request to `tether serve` addressed to a host name it does not serve.
    HostRefused,
    /// The UI could not reach the core at all (a stopped server, a crashed shell).
    Disconnected,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::IllegalTransition => "illegal_transition",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::TooManyTechnicians => "too_many_technicians",
            ErrorCode::TechnicianUnavailable => "technician_unavailable",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Store => "store",
            ErrorCode::ProviderUnreachable => "provider_unreachable",
            ErrorCode::ProviderRateLimited => "provider_rate_limited",
            ErrorCode::ProviderServerError => "provider_server_error",
            ErrorCode::ProviderMalformedReply => "provider_malformed_reply",
            ErrorCode::ProviderUnauthorized => "provider_unauthorized",
            ErrorCode::ProviderNotFound => "provider_not_found",
            ErrorCode::ProviderRefused => "provider_refused",
            ErrorCode::KeychainUnavailable => "keychain_unavailable",
            ErrorCode::KeychainFailed => "keychain_failed",
            ErrorCode::OauthBusy => "oauth_busy",
            ErrorCode::OauthTimedOut => "oauth_timed_out",
            ErrorCode::OauthWrongState => "oauth_wrong_state",
            ErrorCode::OauthDenied => "oauth_denied",
            ErrorCode::OauthNeedsAuthorisation => "oauth_needs_authorisation",
            ErrorCode::OauthExchangeRefused => "oauth_exchange_refused",
            ErrorCode::NotConfigured => "not_configured",
            ErrorCode::Sandbox => "sandbox",
            ErrorCode::NotDemo => "not_demo",
            ErrorCode::OpenFailed => "open_failed",
            ErrorCode::Startup => "startup",
            ErrorCode::Internal => "internal",
            ErrorCode::UnknownCommand => "unknown_command",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::OriginRefused => "origin_refused",
            ErrorCode::HostRefused => "host_refused",
            ErrorCode::Disconnected => "disconnected",
        }
    }

    /// Every code, for tests that check each one.
    pub const ALL: [ErrorCode; 34] = [
        ErrorCode::IllegalTransition,
        ErrorCode::NotFound,
        ErrorCode::Forbidden,
        ErrorCode::InvalidInput,
        ErrorCode::TooManyTechnicians,
        ErrorCode::TechnicianUnavailable,
        ErrorCode::Conflict,
        ErrorCode::Store,
        ErrorCode::ProviderUnreachable,
        ErrorCode::ProviderRateLimited,
        ErrorCode::ProviderServerError,
        ErrorCode::ProviderMalformedReply,
        ErrorCode::ProviderUnauthorized,
        ErrorCode::ProviderNotFound,
        ErrorCode::ProviderRefused,
        ErrorCode::KeychainUnavailable,
        ErrorCode::KeychainFailed,
        ErrorCode::OauthBusy,
        ErrorCode::OauthTimedOut,
        ErrorCode::OauthWrongState,
        ErrorCode::OauthDenied,
        ErrorCode::OauthNeedsAuthorisation,
        ErrorCode::OauthExchangeRefused,
        ErrorCode::NotConfigured,
        ErrorCode::Sandbox,
        ErrorCode::NotDemo,
        ErrorCode::OpenFailed,
        ErrorCode::Startup,
        ErrorCode::Internal,
        ErrorCode::UnknownCommand,
        ErrorCode::Unauthenticated,
        ErrorCode::OriginRefused,
        ErrorCode::HostRefused,
        ErrorCode::Disconnected,
    ];
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a caller receives when a command fails: the code for programs, the message for the
/// person at the screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ErrorDto {
    pub code: ErrorCode,
    pub message: String,
    /// What the system or the vendor said, word for word, for *Copy details* and a support
    /// request: too technical to be the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub details: Option<String>,
}

impl ErrorDto {
    /// The message is for a person reading it on its own: it starts with a capital.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorDto {
            code,
            message: crate::sentence::capitalised(&message.into()),
            details: None,
        }
    }

    pub fn with_details(self, details: impl Into<String>) -> Self {
        ErrorDto {
            details: Some(details.into()),
            ..self
        }
    }
}

impl std::fmt::Display for ErrorDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ErrorDto {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serialises_as_its_name_and_back() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::String(code.as_str().into()));
            let back: ErrorCode = serde_json::from_value(json).unwrap();
            assert_eq!(back, code);
        }
    }

    #[test]
    fn all_lists_every_code_once() {
        let mut names: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }
}
