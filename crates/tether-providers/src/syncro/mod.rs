//! SyncroMSP's REST API (providers.md §4): `/me` for *Test configuration*, customers and
//! customer assets for the import, RMM alerts for tickets.

mod client;
mod limiter;
mod map;
pub mod wire;

pub use client::SyncroClient;
