//! Event intake and remote control: vendor pushes stored before they are answered and
//! processed once, each finished remote session kept once with what became of it, the keys
//! Tether generated, and the TeamViewer sessions made from tickets (the `IntakeStore` and
//! `RemoteControlStore` ports).
//!
//! The desktop gets "once" from SQLite's single writer; two team server instances on one
//! database get it from claims taken with `SKIP LOCKED` (events) and unique constraints
//! (sessions).

mod generated_keys;
mod inbound_events;
mod port;
mod remote_sessions;
mod session_row;
mod teamviewer;
mod ticket_side;
