//! The Service Desk board of a team workspace (the `Store` port's own methods): technicians,
//! channels with their settings and mutes, sessions with their history and connections,
//! settings, and the provider-action outbox. Each module mirrors its namesake in the SQLite
//! store (`tether-store`) so both homes of a workspace answer alike; where SQLite relied on
//! being the only writer, the queries here hold with several server instances writing at once.

mod channels;
mod connections;
mod mutes;
mod outbox;
mod port;
mod rows;
mod session_filter;
mod session_writes;
mod sessions;
mod settings;
mod technicians;
