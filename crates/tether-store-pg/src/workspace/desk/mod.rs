//! The ticket desk in the team workspace (SPEC TK1, TK2, SY2–SY7): the directory, tickets
//! with their timeline, assets with their launch history, chats, the mail outbox, what an
//! import from SyncroMSP writes and the ticket each RMM alert became. It answers as the solo
//! file's desk does (`tether-store`); where that file relied on SQLite's single writer, row
//! locks keep it exact with several server instances (ticket numbers, the mail claim, an
//! alert's one ticket).
//!
//! Every write logs what it changed, in its own transaction, under these kinds: `ticket`,
//! `customer`, `asset` (its launches too), `asset_type`, `chat` (its messages too), `mail`
//! (the outbox id), `alert`, and `team`, `ticket_type`, `technician`.

mod actions;
mod alerts;
mod assets;
mod chats;
mod codec;
mod directory;
mod imports;
mod launches;
mod mail;
mod port;
mod ticket_search;
mod tickets;
mod words;

// For the parts that write desk rows inside their own transactions (intake, remote control).
pub(crate) use actions::insert_action;
pub(crate) use chats::insert_message;
