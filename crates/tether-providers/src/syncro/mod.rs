//! SyncroMSP's REST API (providers.md §4): `/me` for *Test configuration*, customers and
//! customer assets for the import, RMM alerts for tickets.

pub(crate) mod client;
mod limiter;
pub(crate) mod map;
pub mod wire;

pub use client::SyncroClient;
