//! OAuth 2 authorization code with PKCE through a loopback redirect (RFC 8252), per
//! technician, for TeamViewer (and Splashtop where it issues app credentials). Tokens live
//! in the OS keychain; refresh happens before expiry, one at a time, and a rotated refresh
//! token is stored before the new access token is used.

mod app;
mod error;
pub(crate) mod loopback;
mod tokens;

pub use app::OAuthApp;
pub use error::OAuthError;
pub use loopback::Loopback;
pub use tokens::{AuthorisationState, StoredTokens, TokenManager};
