//! TeamViewer's Web API (providers.md §2): `/ping` for *Test configuration*, sessions
//! (service-case codes) and connection reports.

pub(crate) mod client;
pub(crate) mod map;
mod ping;
pub mod wire;

pub use client::{ScriptToken, TeamViewerClient, TokenSource};
pub use ping::ping;
