//! Splashtop's service-desk Open API (providers.md §3.2, INFERRED there from a working
//! integration) and the `st-business://` app URL (§3.1).

pub(crate) mod client;
pub(crate) mod map;
pub mod wire;

pub use client::{SplashtopClient, SplashtopConfig, TechnicianToken};
