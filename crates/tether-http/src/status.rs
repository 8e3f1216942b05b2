//! The HTTP status of each error code. Exhaustive on purpose: a new code must say how it
//! crosses HTTP.

use axum::http::StatusCode;
use tether_core::ErrorCode;

pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        InvalidInput | OauthWrongState => StatusCode::BAD_REQUEST,
        Unauthenticated => StatusCode::UNAUTHORIZED,
        Forbidden | OriginRefused | HostRefused | OauthDenied => StatusCode::FORBIDDEN,
        NotFound | UnknownCommand => StatusCode::NOT_FOUND,
        OauthTimedOut => StatusCode::REQUEST_TIMEOUT,
        // The request is fine, the workspace's state refuses it now.
        IllegalTransition
        | Conflict
        | TooManyTechnicians
        | TechnicianUnavailable
        | NotConfigured
        | NotDemo
        | OauthBusy
        | OauthNeedsAuthorisation => StatusCode::CONFLICT,
        // The provider (or the system, for an opener) refused what Tether passed on.
        ProviderUnauthorized | ProviderRefused | ProviderNotFound | OauthExchangeRefused
        | OpenFailed => StatusCode::FAILED_DEPENDENCY,
        ProviderRateLimited => StatusCode::TOO_MANY_REQUESTS,
        ProviderServerError | ProviderMalformedReply => StatusCode::BAD_GATEWAY,
        ProviderUnreachable | KeychainUnavailable | Sandbox | Startup | Disconnected => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        Store | KeychainFailed | Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
