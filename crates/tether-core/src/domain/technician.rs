use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A technician (agent). For now a local list; provider sign-in comes later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Technician {
    pub id: String,
    pub name: String,
    pub email: String,
    /// SD5: transferring a session to another assignee needs the *release* permission.
    pub can_release: bool,
}
