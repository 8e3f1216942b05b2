//! The demo workspace's mailbox: invitations "sent" there land here instead of at a mail
//! server, so every flow of the demo completes and can be looked at.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct DemoMail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub at: DateTime<Utc>,
}
