//! Hands a URL the core built (a provider's app scheme, a consent page) to the system. The
//! desktop opens it with the OS; a front end without one (a browser on `tether serve`, the
//! CLI) gets the URL back and opens it itself. Only the core's URLs ever reach an opener
//! (SPEC UA7): no command takes a URL to open from its caller.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub trait Opener: Send + Sync {
    /// `Ok(true)` when the system opened it, `Ok(false)` when this front end leaves opening
    /// to its caller, `Err` with the system's reason when opening failed.
    fn open(&self, url: &str) -> Result<bool, String>;
}

/// No system opener here: the caller receives the URL and opens it.
pub struct CallerOpens;

impl Opener for CallerOpens {
    fn open(&self, _: &str) -> Result<bool, String> {
        Ok(false)
    }
}

/// A URL the core built, and whether it was opened already.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct OpenedUrl {
    pub url: String,
    /// `false` when the caller must open `url` itself (a browser, the CLI).
    pub opened: bool,
    /// The demo: nothing was opened, and the window shows its simulated viewer in place of
    /// what is named here ("the Splashtop Business app").
    pub demo_viewer: Option<String>,
}
