//! The Syncro import's core — reading the desk, matching, mapping, planning every row and
//! writing it in batches — over 100,000 assets, the network aside (Syncro's pages come from
//! memory). Against a bare batched `INSERT` of the very rows the import writes, into a fresh
//! cache of the same schema, in the same process; each measured twice, alternately, best kept.
//! Target: at least 10,000 assets a second, and within 3× of the bare insert.
//!
//! cargo bench -p tether-runtime --bench syncro_import

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tether_core::clock::SystemClock;
use tether_core::console::{ConsoleOptions, DeskImport};
use tether_core::domain::syncro::{SyncroAlert, SyncroAsset, SyncroCustomer, SyncroImportSettings};
use tether_core::domain::syncro_plan::{plan_assets, AssetIndex, ImportKind, PlannedWrite};
use tether_core::domain::Asset;
use tether_core::ports::{DeskStore, ImportStore, PageProgress, ProviderError, Rmm};
use tether_core::secret::Secret;
use tether_core::Console;
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_store::SqliteStore;

const ASSETS: usize = 100_000;
/// Rows per statement of the bare insert (10 columns each, well under SQLite's limit).
const ROWS_PER_INSERT: usize = 500;
const ROWS_PER_TX: usize = 1_000;

const DESK: &str = r#"{
  "customers": [{ "id": "northwind", "name": "Northwind Traders", "syncro_id": 12 }],
  "asset_types": [{ "id": "computer", "name": "Syncro Device", "fields": [
    { "key": "mac_address", "label": "MAC address", "kind": "mac_address" },
    { "key": "os", "label": "Operating system", "kind": "text" },
    { "key": "ip_address", "label": "IP address", "kind": "text" }
  ]}]
}"#;

/// Syncro's pages, already read: the network is not what is measured.
struct InMemory(Vec<SyncroAsset>);

#[async_trait]
impl Rmm for InMemory {
    async fn available(&self) -> Result<(), ProviderError> {
        Ok(())
    }
    async fn customers(
        &self,
        _: Option<DateTime<Utc>>,
        _: PageProgress<'_>,
    ) -> Result<Vec<SyncroCustomer>, ProviderError> {
        Ok(Vec::new())
    }
    async fn assets(
        &self,
        since: Option<DateTime<Utc>>,
        _: PageProgress<'_>,
    ) -> Result<Vec<SyncroAsset>, ProviderError> {
        // Nothing changes between the preview and the run.
        Ok(if since.is_some() {
            Vec::new()
        } else {
            self.0.clone()
        })
    }
    async fn alerts(&self, _: bool) -> Result<Vec<SyncroAlert>, ProviderError> {
        Ok(Vec::new())
    }
    async fn alert(&self, _: i64) -> Result<SyncroAlert, ProviderError> {
        Err(ProviderError::NotFound)
    }
    async fn resolve_alert(&self, _: i64) -> Result<(), ProviderError> {
        Ok(())
    }
}

fn source() -> Vec<SyncroAsset> {
    (0..ASSETS)
        .map(|i| SyncroAsset {
            id: 100_000 + i as i64,
            name: format!("SEED-{i:06}"),
            customer_id: Some(12),
            asset_type: "Syncro Device".into(),
            // Every tenth serial is one the admin excludes, as real tenants have.
            serial: if i % 10 == 0 {
                "None".into()
            } else {
                format!("SN{i:08}")
            },
            macs: vec![format!(
                "02:00:{:02x}:{:02x}:{:02x}:{:02x}",
                (i >> 24) & 0xff,
                (i >> 16) & 0xff,
                (i >> 8) & 0xff,
                i & 0xff
            )],
            os: "Windows 11 Pro".into(),
            ip: format!("10.{}.{}.{}", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff),
            form_factor: "Desktop".into(),
            manufacturer: "Dell Inc.".into(),
            last_user: "NORTHWIND\\maria".into(),
            custom: BTreeMap::from([("Purchased".to_string(), "2025-01-09".to_string())]),
            updated_at: None,
        })
        .collect()
}

async fn fresh(dir: &tempfile::TempDir, name: &str) -> SqliteStore {
    let store = SqliteStore::open(&dir.path().join(name))
        .await
        .expect("store");
    let console = console(&store, Vec::new());
    console
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).expect("desk"))
        .await
        .expect("desk import");
    store
}

fn console(store: &SqliteStore, assets: Vec<SyncroAsset>) -> Arc<Console> {
    Console::new(
        Arc::new(store.clone()),
        Arc::new(SplashtopClient::new(
            SplashtopConfig {
                base_url: "http://127.0.0.1:9".into(),
                token: Secret::new("unused"),
                source_name: "bench".into(),
            },
            tether_providers::http::client(),
        )),
        Arc::new(SystemClock),
        ConsoleOptions {
            actor_override: Some("bench".into()),
            rmm: Some(Arc::new(InMemory(assets))),
            ..ConsoleOptions::default()
        },
    )
}

/// The import as the window runs it: *Preview* (reads the desk, matches, maps, plans) then
/// *Run import* (writes the plan in batches).
async fn import(store: &SqliteStore, assets: &[SyncroAsset]) -> Duration {
    let console = console(store, assets.to_vec());
    let t = Instant::now();
    let preview = console
        .syncro
        .preview_import(ImportKind::Assets)
        .await
        .expect("preview");
    let outcome = console.syncro.run_import(&preview.id).await.expect("run");
    let took = t.elapsed();
    assert_eq!(outcome.created as usize, ASSETS);
    took
}

/// The same rows, as plain multi-row INSERTs in transactions of the same size.
async fn bare_insert(store: &SqliteStore, rows: &[Asset]) -> Duration {
    let t = Instant::now();
    for tx_rows in rows.chunks(ROWS_PER_TX) {
        let mut tx = store.pool().begin().await.expect("tx");
        for chunk in tx_rows.chunks(ROWS_PER_INSERT) {
            let mut sql = sqlx::QueryBuilder::new(
                "INSERT INTO assets (id, name, customer_id, type_id, inventory_number, platform, \
                 fields, syncro_id, active, site_id) ",
            );
            sql.push_values(chunk, |mut b, a| {
                b.push_bind(&a.id)
                    .push_bind(&a.name)
                    .push_bind(&a.customer_id)
                    .push_bind(&a.type_id)
                    .push_bind(&a.inventory_number)
                    .push_bind("windows")
                    .push_bind(serde_json::to_string(&a.fields).expect("json"))
                    .push_bind(a.syncro_id)
                    .push_bind(a.active)
                    .push_bind(&a.site_id);
            });
            sql.build().execute(&mut *tx).await.expect("insert");
        }
        tx.commit().await.expect("commit");
    }
    t.elapsed()
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let assets = source();
    // The rows the import writes, for the baseline to write the same.
    let reference = fresh(&dir, "reference.sqlite").await;
    let plan = plan_assets(
        &SyncroImportSettings::default(),
        &AssetIndex {
            customers: &reference.customers().await.expect("customers"),
            types: &reference.asset_types().await.expect("types"),
            assets: &reference.all_assets().await.expect("assets"),
        },
        &assets,
        true,
    );
    let rows: Vec<Asset> = plan
        .writes
        .into_iter()
        .flatten()
        .filter_map(|w| match w {
            PlannedWrite::Asset(a) => Some(a),
            PlannedWrite::Customer(_) => None,
        })
        .collect();
    assert_eq!(rows.len(), ASSETS);

    let mut best_import = Duration::MAX;
    let mut best_bare = Duration::MAX;
    let mut reimport = Duration::MAX;
    for round in 0..2 {
        let store = fresh(&dir, &format!("bare-{round}.sqlite")).await;
        best_bare = best_bare.min(bare_insert(&store, &rows).await);
        store.close().await;
        let store = fresh(&dir, &format!("import-{round}.sqlite")).await;
        best_import = best_import.min(import(&store, &assets).await);
        // The daily sync's usual case: everything matched by its Syncro id, nothing to write.
        let console = console(&store, assets.clone());
        let t = Instant::now();
        let again = console
            .syncro
            .preview_import(ImportKind::Assets)
            .await
            .expect("preview");
        reimport = reimport.min(t.elapsed());
        assert_eq!(again.counts.skip as usize, ASSETS);
        store.close().await;
    }
    let per_sec = |d: Duration| ASSETS as f64 / d.as_secs_f64();
    println!("{ASSETS} Syncro assets, network aside (best of 2 each):");
    println!(
        "  import (read desk, match, map, plan, write): {:.2} s = {:.0} assets/s",
        best_import.as_secs_f64(),
        per_sec(best_import)
    );
    println!(
        "  bare batched INSERT of the same rows:        {:.2} s = {:.0} assets/s",
        best_bare.as_secs_f64(),
        per_sec(best_bare)
    );
    println!(
        "  ratio import / bare insert: {:.2}× (target ≤ 3×, and ≥ 10,000 assets/s)",
        best_import.as_secs_f64() / best_bare.as_secs_f64()
    );
    println!(
        "  re-import preview, all unchanged: {:.2} s = {:.0} assets/s",
        reimport.as_secs_f64(),
        per_sec(reimport)
    );
}
