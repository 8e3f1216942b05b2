//! BeyondTrust Remote Support (providers.md §1): OAuth client credentials and the XML
//! command API.

mod auth;
pub(crate) mod client;
pub(crate) mod commands;
pub(crate) mod reporting;
pub mod xml;

pub use client::{ApiInfo, BeyondTrustClient, BeyondTrustConfig};
pub use commands::{LoggedInRep, Queue, SessionKey, SupportTeam};
pub use reporting::{ChatLine, RepInSession, SupportSessionReport};
