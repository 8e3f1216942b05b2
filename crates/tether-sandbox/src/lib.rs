//! Local HTTP servers that speak the vendors' wire formats (`../shared/providers.md`), plus a
//! small control API that plays the end user. They back the tests, the end-to-end tests and
//! the demo workspace a new user sees before entering any credentials.
//!
//! Only Splashtop's service-desk API is served so far (providers.md §3.2).

pub mod beyondtrust;
mod control_client;
pub mod oauth;
mod server;
pub mod sms;
pub mod smtp_sink;
pub mod splashtop;
pub mod syncro;
pub mod teamviewer;
pub mod vendors;

pub use control_client::{ControlError, EndUserAction, Fault, SandboxControl};
pub use server::{Sandbox, SandboxOptions};

/// A lock that survives a panicked holder: the sandbox keeps serving with what it has.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The bearer token the sandbox accepts unless told otherwise. Not a secret: it opens
/// nothing but this loopback sandbox.
pub const DEMO_TOKEN: &str = "sandbox-demo-token";
