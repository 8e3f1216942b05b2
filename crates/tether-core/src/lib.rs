//! Tether's core: the Service Desk domain, the one state machine, the `Console` use cases
//! and the ports through which the outside world (store, providers, notifier, clock) is
//! reached. Nothing here knows about Tauri, HTTP or SQL, so the desktop shell, the CLI and
//! the tests all drive the very same code.

pub mod acting;
pub mod clock;
pub mod console;
pub mod domain;
pub mod error;
pub mod error_code;
pub mod event;
pub mod notification;
pub mod ports;
pub mod secret;
pub mod sentence;

pub use console::Console;
pub use error::CoreError;
pub use error_code::{ErrorCode, ErrorDto};
pub use event::Event;
