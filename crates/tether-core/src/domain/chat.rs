//! SPEC TK1, IN4: chats (a chat may belong to a ticket) and their messages.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ChatMessage {
    #[ts(type = "number")]
    pub id: i64,
    pub chat_id: String,
    pub at: DateTime<Utc>,
    pub author: String,
    /// Rendered from an HTML template: values in it are already escaped.
    pub html: String,
}
