//! SY2–SY5: the import's plan. Every Syncro row becomes *create*, *update* or *skip* with its
//! reason, before anything is written, from what Syncro sent and what the desk holds. The plan
//! is pure (no I/O), so the preview, the run and the benchmark all compute the same thing.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::asset::{Asset, AssetType};
use super::directory::Customer;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportKind {
    Customers,
    Assets,
}

impl ImportKind {
    pub fn noun(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Assets => "assets",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowAction {
    Create,
    Update,
    Skip,
}

/// One Syncro row of the preview, as the admin reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ImportRow {
    #[ts(type = "number")]
    pub syncro_id: i64,
    pub name: String,
    pub action: RowAction,
    /// Why: "matched by Syncro id 501", "serial 'None' is excluded", …
    pub reason: String,
    /// The local customer or asset it updates (or the one it would create).
    pub target_id: Option<String>,
    /// What changes, one line each ("OS: Windows 10 → Windows 11").
    pub changes: Vec<String>,
    /// Values left out, with why ("Purchased: '18/03/2024' is not a date …").
    pub warnings: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ImportCounts {
    pub create: u32,
    pub update: u32,
    pub skip: u32,
}

/// What one row writes, when it writes.
#[derive(Clone, Debug, PartialEq)]
pub enum PlannedWrite {
    Customer(Customer),
    Asset(Asset),
}

/// The plan: rows for the preview and, aligned with them, what each writes.
#[derive(Clone, Debug)]
pub struct ImportPlan {
    pub kind: ImportKind,
    pub rows: Vec<ImportRow>,
    pub writes: Vec<Option<PlannedWrite>>,
    /// Asset types the run creates first.
    pub new_types: Vec<AssetType>,
    /// What holds for many rows at once, said once ("… has no field ip_address: 40 assets'
    /// IP address left out").
    pub notes: Vec<String>,
}

impl ImportPlan {
    pub(super) fn new(kind: ImportKind, rows: usize) -> Self {
        ImportPlan {
            kind,
            rows: Vec::with_capacity(rows),
            writes: Vec::with_capacity(rows),
            new_types: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn counts(&self) -> ImportCounts {
        let mut c = ImportCounts::default();
        for r in &self.rows {
            match r.action {
                RowAction::Create => c.create += 1,
                RowAction::Update => c.update += 1,
                RowAction::Skip => c.skip += 1,
            }
        }
        c
    }

    /// A row that writes nothing, with why.
    pub(super) fn skip(&mut self, id: i64, name: &str, reason: impl Into<String>) {
        self.push(row(id, name, RowAction::Skip, reason), None);
    }

    pub(super) fn push(&mut self, row: ImportRow, write: Option<PlannedWrite>) {
        self.rows.push(row);
        self.writes.push(write);
    }
}

pub(super) fn row(id: i64, name: &str, action: RowAction, reason: impl Into<String>) -> ImportRow {
    ImportRow {
        syncro_id: id,
        name: name.to_string(),
        action,
        reason: reason.into(),
        target_id: None,
        changes: Vec::new(),
        warnings: Vec::new(),
    }
}

mod assets;
mod customers;

pub use assets::{plan_assets, AssetIndex};
pub use customers::plan_customers;
