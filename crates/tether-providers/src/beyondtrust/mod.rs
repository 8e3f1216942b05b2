//! BeyondTrust Remote Support (providers.md §1): OAuth client credentials and the XML
//! command API.

mod auth;
mod client;
pub mod xml;

pub use client::{ApiInfo, BeyondTrustClient, BeyondTrustConfig};
