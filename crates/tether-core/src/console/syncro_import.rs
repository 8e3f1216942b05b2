//! SY2–SY6: importing customers and assets from SyncroMSP. A preview reads every page and
//! plans every row before anything is written; *Run import* writes exactly that plan, in
//! batches of one transaction each, after asking Syncro whether anything changed since; a
//! run that stops part-way continues where it stopped. The daily sync plans and writes
//! without a preview.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::domain::import_preview::{
    ImportOutcome, ImportPhase, ImportPreview, ImportProgress, ImportRowPage, ImportRowQuery,
};
use crate::domain::syncro::{
    LocalField, LocalFieldChoice, SyncroField, SyncroFieldChoice, SyncroImportChoices,
    SyncroImportSettings,
};
use crate::domain::syncro_plan::{
    plan_assets, plan_customers, AssetIndex, ImportKind, ImportPlan, PlannedWrite,
};
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::{ImportBatch, ProviderError};

use super::Syncro;

const SETTINGS_KEY: &str = "syncro.import";
const RUNS_KEY: &str = "syncro.runs";
/// Rows per transaction: small enough that a failure loses little, large enough to be fast.
const BATCH: usize = 1_000;
/// SY6: how often the chosen data is re-synced.
const SYNC_EVERY_HOURS: i64 = 24;
/// At most this many names in a sentence.
const NAMES: usize = 5;

/// A preview waiting to run: what the window saw, and the plan behind it.
pub(crate) struct HeldPreview {
    summary: ImportPreview,
    plan: ImportPlan,
    /// Each Syncro row the preview read, with its `updated_at`: what "changed since" means.
    seen: HashMap<i64, Option<DateTime<Utc>>>,
}

/// Syncro's clock and this machine's may differ: "changed since" asks from this much earlier
/// and compares each row's own `updated_at` with what the preview read.
const CLOCK_MARGIN_SECS: i64 = 300;

impl Syncro {
    pub(super) fn failed(&self, e: ProviderError) -> CoreError {
        CoreError::Provider {
            provider: "SyncroMSP".into(),
            source: e,
        }
    }

    pub async fn import_settings(&self) -> Result<SyncroImportSettings, CoreError> {
        Ok(match self.ctx.store.setting(SETTINGS_KEY).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                CoreError::Invalid(format!(
                    "the stored Syncro import settings are unreadable: {e}"
                ))
            })?,
            None => SyncroImportSettings::default(),
        })
    }

    /// Refuses links, sites and fields that name nothing on this desk, each by name.
    pub async fn save_import_settings(
        &self,
        mut settings: SyncroImportSettings,
    ) -> Result<SyncroImportSettings, CoreError> {
        let customers = self.ctx.store.customers().await?;
        let mut problems = Vec::new();
        let customer = |id: &str| customers.iter().find(|c| c.id == id);
        let site_ok = |c: &str, s: &Option<String>| match (customer(c), s) {
            (None, _) => Err(format!("there is no customer {c}")),
            (Some(_), None) => Ok(()),
            (Some(cu), Some(s)) if cu.sites.iter().any(|x| &x.id == s) => Ok(()),
            (Some(cu), Some(s)) => Err(format!("{} has no site {s}", cu.name)),
        };
        for l in &settings.customer_links {
            if let Err(e) = site_ok(&l.customer_id, &l.site_id) {
                problems.push(format!(
                    "the mapping of Syncro customer {}: {e}",
                    l.syncro_customer_id
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for l in &settings.customer_links {
            if !seen.insert(l.syncro_customer_id) {
                problems.push(format!(
                    "Syncro customer {} is mapped twice",
                    l.syncro_customer_id
                ));
            }
        }
        if let Some(top) = &settings.top_level_id {
            if customer(top).is_none() {
                problems.push(format!("the top level: there is no customer {top}"));
            }
        }
        if let Some(d) = &settings.default_site {
            if let Err(e) = site_ok(&d.customer_id, &d.site_id) {
                problems.push(format!("the default site: {e}"));
            }
        }
        settings.new_type_group = settings.new_type_group.trim().to_string();
        if settings.new_type_group.is_empty() {
            problems.push("new asset types need a group to go under".into());
        }
        settings.excluded_values = settings
            .excluded_values
            .iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        for m in &settings.field_mappings {
            if let LocalField::Field(key) = &m.field {
                if key.trim().is_empty() {
                    problems.push(format!(
                        "{} is mapped to a field with no key",
                        m.syncro.label()
                    ));
                }
            }
            if let SyncroField::Custom(name) = &m.syncro {
                if name.trim().is_empty() {
                    problems.push("a custom Syncro field needs its name".into());
                }
            }
        }
        if !problems.is_empty() {
            return Err(CoreError::Invalid(problems.join("; ")));
        }
        let json = serde_json::to_string(&settings)
            .map_err(|e| CoreError::Invalid(format!("unwritable settings: {e}")))?;
        self.ctx.store.set_setting(SETTINGS_KEY, &json).await?;
        // A preview planned with the old settings would no longer be what they say.
        *self.ctx.syncro_preview.lock().await = None;
        Ok(settings)
    }

    /// The selects of Settings → SyncroMSP: Syncro's fields and the desk's asset fields.
    pub async fn import_choices(&self) -> Result<SyncroImportChoices, CoreError> {
        let mut local_fields = vec![
            LocalFieldChoice {
                field: LocalField::Name,
                label: "Name".into(),
            },
            LocalFieldChoice {
                field: LocalField::InventoryNumber,
                label: "Inventory number".into(),
            },
        ];
        let mut seen = std::collections::HashSet::new();
        for t in self.ctx.store.asset_types().await? {
            for f in t.fields {
                if seen.insert(f.key.clone()) {
                    local_fields.push(LocalFieldChoice {
                        field: LocalField::Field(f.key.clone()),
                        label: format!("{} ({})", f.label, f.kind.label()),
                    });
                }
            }
        }
        Ok(SyncroImportChoices {
            syncro_fields: SyncroField::CORE
                .into_iter()
                .map(|f| SyncroFieldChoice {
                    label: capitalise(&f.label()),
                    field: f,
                })
                .collect(),
            local_fields,
        })
    }

    fn progress(&self, kind: ImportKind, phase: ImportPhase, done: u32, total: u32) {
        self.ctx.emit(Event::ImportProgress {
            progress: ImportProgress {
                kind,
                phase,
                done,
                total,
            },
        });
    }

    /// Reads every page of `kind` and plans it against the desk.
    async fn read_and_plan(
        &self,
        kind: ImportKind,
        settings: &SyncroImportSettings,
    ) -> Result<(ImportPlan, HashMap<i64, Option<DateTime<Utc>>>), CoreError> {
        let progress = |done, total| self.progress(kind, ImportPhase::Loading, done, total);
        let customers = self.ctx.store.customers().await?;
        Ok(match kind {
            ImportKind::Customers => {
                let source = self
                    .ctx
                    .rmm
                    .customers(None, &progress)
                    .await
                    .map_err(|e| self.failed(e))?;
                let seen = source.iter().map(|c| (c.id, c.updated_at)).collect();
                (plan_customers(settings, &customers, &source), seen)
            }
            ImportKind::Assets => {
                let source = self
                    .ctx
                    .rmm
                    .assets(None, &progress)
                    .await
                    .map_err(|e| self.failed(e))?;
                let types = self.ctx.store.asset_types().await?;
                let assets = self.ctx.store.all_assets().await?;
                let index = AssetIndex {
                    customers: &customers,
                    types: &types,
                    assets: &assets,
                };
                let seen = source.iter().map(|a| (a.id, a.updated_at)).collect();
                (plan_assets(settings, &index, &source, true), seen)
            }
        })
    }

    /// SY5: reads Syncro and plans every row; nothing is written.
    pub async fn preview_import(&self, kind: ImportKind) -> Result<ImportPreview, CoreError> {
        self.ctx.rmm.available().await.map_err(|e| self.failed(e))?;
        let settings = self.import_settings().await?;
        let fetched_at = self.ctx.clock.now();
        let (plan, seen) = self.read_and_plan(kind, &settings).await?;
        let summary = ImportPreview {
            id: Uuid::new_v4().to_string(),
            kind,
            fetched_at,
            counts: plan.counts(),
            new_types: plan.new_types.iter().map(|t| t.name.clone()).collect(),
            notes: plan.notes.clone(),
            applied: 0,
        };
        *self.ctx.syncro_preview.lock().await = Some(HeldPreview {
            summary: summary.clone(),
            plan,
            seen,
        });
        Ok(summary)
    }

    /// *Discard*: the preview is forgotten; nothing was written.
    pub async fn discard_preview(&self) {
        *self.ctx.syncro_preview.lock().await = None;
    }

    /// The preview waiting to run, if any.
    pub async fn current_preview(&self) -> Option<ImportPreview> {
        self.ctx
            .syncro_preview
            .lock()
            .await
            .as_ref()
            .map(|h| h.summary.clone())
    }

    /// A page of the preview's rows, filtered and searched.
    pub async fn import_rows(&self, query: ImportRowQuery) -> Result<ImportRowPage, CoreError> {
        let held = self.ctx.syncro_preview.lock().await;
        let Some(held) = held.as_ref() else {
            return Err(CoreError::NotFound {
                what: "import preview",
                id: "current".into(),
            });
        };
        let limit = query.limit.unwrap_or(200).clamp(1, 1_000) as usize;
        let mut matching = 0u32;
        let mut rows = Vec::new();
        for row in held.plan.rows.iter().filter(|r| query.matches(r)) {
            if matching as usize >= query.offset as usize && rows.len() < limit {
                rows.push(row.clone());
            }
            matching += 1;
        }
        Ok(ImportRowPage { rows, matching })
    }

    /// *Run import*: exactly the previewed plan, unless Syncro changed since (then nothing is
    /// written and the changed rows are named). Continues a run that stopped part-way.
    pub async fn run_import(&self, preview_id: &str) -> Result<ImportOutcome, CoreError> {
        let mut held = self.ctx.syncro_preview.lock().await;
        let Some(h) = held.as_mut().filter(|h| h.summary.id == preview_id) else {
            return Err(CoreError::NotFound {
                what: "import preview",
                id: format!(
                    "{preview_id} (preview again: settings or a newer preview replaced it)"
                ),
            });
        };
        let kind = h.summary.kind;
        let since = h.summary.fetched_at - Duration::seconds(CLOCK_MARGIN_SECS);
        let fresh: Vec<(i64, Option<DateTime<Utc>>, String)> = match kind {
            ImportKind::Customers => self
                .ctx
                .rmm
                .customers(Some(since), &|_, _| {})
                .await
                .map_err(|e| self.failed(e))?
                .into_iter()
                .map(|c| (c.id, c.updated_at, c.name))
                .collect(),
            ImportKind::Assets => self
                .ctx
                .rmm
                .assets(Some(since), &|_, _| {})
                .await
                .map_err(|e| self.failed(e))?
                .into_iter()
                .map(|a| (a.id, a.updated_at, a.name))
                .collect(),
        };
        let changed: Vec<String> = fresh
            .into_iter()
            .filter(|(id, updated, _)| h.seen.get(id) != Some(updated))
            .map(|(_, _, name)| name)
            .collect();
        if !changed.is_empty() {
            return Err(CoreError::Changed(format!(
                "Syncro changed {} {} since the preview ({}{}): nothing was written; preview \
                 again to see what the import would do now",
                changed.len(),
                kind.noun(),
                changed
                    .iter()
                    .take(NAMES)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                if changed.len() > NAMES { ", …" } else { "" }
            )));
        }
        self.apply(&h.plan, &mut h.summary.applied).await?;
        let outcome = self.record_run(&h.plan, false).await?;
        *held = None;
        Ok(outcome)
    }

    /// Writes the plan's rows from `applied` on, a batch per transaction, counting in
    /// `applied` what is written so a failure can be continued. Returns how many were written
    /// by this call.
    async fn apply(&self, plan: &ImportPlan, applied: &mut u32) -> Result<u32, CoreError> {
        let writes: Vec<&PlannedWrite> = plan.writes.iter().flatten().collect();
        let total = writes.len() as u32;
        let start = *applied as usize;
        let mut written = 0;
        for chunk in writes[start.min(writes.len())..].chunks(BATCH) {
            let mut customers = Vec::new();
            let mut assets = Vec::new();
            for w in chunk {
                match w {
                    PlannedWrite::Customer(c) => customers.push(c.clone()),
                    PlannedWrite::Asset(a) => assets.push(a.clone()),
                }
            }
            self.ctx
                .store
                .apply_import(&ImportBatch {
                    // Types are written with every batch: cheap, and a continued run needs
                    // them as much as the first.
                    types: &plan.new_types,
                    customers: &customers,
                    assets: &assets,
                })
                .await
                .inspect_err(|e| {
                    tracing::warn!("the Syncro import stopped after {applied} of {total} rows: {e}")
                })?;
            *applied += chunk.len() as u32;
            written += chunk.len() as u32;
            self.progress(plan.kind, ImportPhase::Applying, *applied, total);
        }
        if written > 0 || !plan.new_types.is_empty() {
            self.ctx.emit(Event::DeskChanged);
        }
        Ok(written)
    }

    async fn record_run(
        &self,
        plan: &ImportPlan,
        scheduled: bool,
    ) -> Result<ImportOutcome, CoreError> {
        let counts = plan.counts();
        let outcome = ImportOutcome {
            kind: plan.kind,
            at: self.ctx.clock.now(),
            created: counts.create,
            updated: counts.update,
            skipped: counts.skip,
            new_types: plan.new_types.len() as u32,
            scheduled,
        };
        let mut runs = self.runs().await?;
        runs.insert(plan.kind.noun().to_string(), outcome.clone());
        let json = serde_json::to_string(&runs)
            .map_err(|e| CoreError::Invalid(format!("unwritable run summary: {e}")))?;
        self.ctx.store.set_setting(RUNS_KEY, &json).await?;
        Ok(outcome)
    }

    async fn runs(&self) -> Result<BTreeMap<String, ImportOutcome>, CoreError> {
        Ok(self
            .ctx
            .store
            .setting(RUNS_KEY)
            .await?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    /// SY6: the last run of each kind, for Settings.
    pub async fn import_runs(&self) -> Result<Vec<ImportOutcome>, CoreError> {
        Ok(self.runs().await?.into_values().collect())
    }

    /// SY6 on demand, or when due: plans and writes without a preview.
    pub async fn sync_now(&self, kind: ImportKind) -> Result<ImportOutcome, CoreError> {
        self.ctx.rmm.available().await.map_err(|e| self.failed(e))?;
        let settings = self.import_settings().await?;
        let (plan, _) = self.read_and_plan(kind, &settings).await?;
        let mut applied = 0;
        self.apply(&plan, &mut applied).await?;
        // A preview planned before this write would write its older values back.
        self.discard_preview().await;
        self.record_run(&plan, true).await
    }

    /// SY6: what the admin chose to keep in sync, when its last run is a day old. Quiet while
    /// Syncro is off; after a failure, tried again an hour later, not every round.
    pub async fn sync_due(&self, now: DateTime<Utc>) -> Result<(), CoreError> {
        let settings = self.import_settings().await?;
        if !settings.sync_customers && !settings.sync_assets {
            return Ok(());
        }
        {
            let mut next = self
                .ctx
                .syncro_next_sync
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if next.is_some_and(|at| now < at) {
                return Ok(());
            }
            *next = Some(now + Duration::hours(1));
        }
        if self.ctx.rmm.available().await.is_err() {
            return Ok(());
        }
        let runs = self.runs().await?;
        for (kind, chosen) in [
            (ImportKind::Customers, settings.sync_customers),
            (ImportKind::Assets, settings.sync_assets),
        ] {
            if !chosen {
                continue;
            }
            let last = runs.get(kind.noun()).map(|r| r.at);
            if last.is_some_and(|at| now - at < Duration::hours(SYNC_EVERY_HOURS)) {
                continue;
            }
            self.sync_now(kind).await?;
        }
        Ok(())
    }
}

use crate::sentence::capitalised as capitalise;
