//! The end user's side of a session, as the demo workspace lets a technician play it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EndUserAction {
    /// Downloads and starts the support app (Pending → Active).
    Launch,
    /// Grants the technician's permission request.
    Grant,
    /// Refuses it.
    Refuse,
    /// Quits the support app.
    Leave,
    /// The provider ends the session on its side.
    End,
}
