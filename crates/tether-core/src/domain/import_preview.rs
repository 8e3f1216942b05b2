//! SY5: the import preview as the admin works it: counts, rows filtered and searched a page at
//! a time, progress while pages load and rows are written, and what a run did.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::syncro_plan::{ImportCounts, ImportKind, ImportRow, RowAction};

/// A preview ready to run: the plan stays in the core; this is what the window shows of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ImportPreview {
    pub id: String,
    pub kind: ImportKind,
    /// When Syncro was read: a run first asks what changed since.
    pub fetched_at: DateTime<Utc>,
    pub counts: ImportCounts,
    /// Asset types the run creates, by name.
    pub new_types: Vec<String>,
    /// What holds for many rows, said once.
    pub notes: Vec<String>,
    /// Rows already written by an earlier run that stopped part-way.
    pub applied: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ImportRowQuery {
    #[serde(default)]
    pub action: Option<RowAction>,
    /// Matches the name, the reason, the Syncro id or a change.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    pub limit: Option<u32>,
}

impl ImportRowQuery {
    pub fn matches(&self, row: &ImportRow) -> bool {
        if self.action.is_some_and(|a| a != row.action) {
            return false;
        }
        let text = self.text.trim().to_lowercase();
        text.is_empty()
            || row.name.to_lowercase().contains(&text)
            || row.reason.to_lowercase().contains(&text)
            || row.syncro_id.to_string() == text
            || row.changes.iter().any(|c| c.to_lowercase().contains(&text))
            || row
                .warnings
                .iter()
                .any(|c| c.to_lowercase().contains(&text))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ImportRowPage {
    pub rows: Vec<ImportRow>,
    /// Rows matching the query, all pages.
    pub matching: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportPhase {
    /// Pages read from Syncro.
    Loading,
    /// Rows written.
    Applying,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ImportProgress {
    pub kind: ImportKind,
    pub phase: ImportPhase,
    pub done: u32,
    pub total: u32,
}

/// What a run (or the daily sync) did, kept for Settings (SY6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ImportOutcome {
    pub kind: ImportKind,
    pub at: DateTime<Utc>,
    pub created: u32,
    pub updated: u32,
    pub skipped: u32,
    /// Asset types created.
    pub new_types: u32,
    /// By the daily sync rather than by hand.
    pub scheduled: bool,
}
