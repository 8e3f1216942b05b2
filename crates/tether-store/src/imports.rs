//! `ImportStore`: what an import from SyncroMSP reads (every asset, for matching) and writes
//! (one batch per transaction, so a failure part-way leaves no half-written row and the next
//! run picks up where it stopped).

use async_trait::async_trait;
use tether_core::domain::Asset;
use tether_core::ports::{ImportBatch, ImportStore, StoreResult};

use crate::assets::{asset, platform_str, UPSERT_ASSET};
use crate::json::to_json;
use crate::{query_error, SqliteStore};

#[async_trait]
impl ImportStore for SqliteStore {
    async fn all_assets(&self) -> StoreResult<Vec<Asset>> {
        let rows = sqlx::query(
            "SELECT a.id, a.name, a.customer_id, COALESCE(c.name, '') AS customer_name, \
                a.type_id, a.inventory_number, a.platform, a.fields, a.syncro_id, a.active, \
                a.site_id \
             FROM assets a LEFT JOIN customers c ON c.id = a.customer_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter().map(asset).collect()
    }

    async fn apply_import(&self, batch: &ImportBatch<'_>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        for t in batch.types {
            sqlx::query(
                "INSERT INTO asset_types (id, name, fields, group_name) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, fields = excluded.fields, \
                    group_name = excluded.group_name",
            )
            .bind(&t.id)
            .bind(&t.name)
            .bind(to_json(&t.fields)?)
            .bind(&t.group)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        }
        for c in batch.customers {
            // Sites and end users are the desk's own: an import never touches them.
            sqlx::query(
                "INSERT INTO customers (id, name, syncro_id, active, parent_id) \
                 VALUES (?, ?, ?, ?, ?) \
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                    syncro_id = excluded.syncro_id, active = excluded.active, \
                    parent_id = excluded.parent_id",
            )
            .bind(&c.id)
            .bind(&c.name)
            .bind(c.syncro_id)
            .bind(c.active)
            .bind(&c.parent_id)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        }
        for a in batch.assets {
            sqlx::query(UPSERT_ASSET)
                .bind(&a.id)
                .bind(&a.name)
                .bind(&a.customer_id)
                .bind(&a.type_id)
                .bind(&a.inventory_number)
                .bind(platform_str(a.platform)?)
                .bind(to_json(&a.fields)?)
                .bind(a.syncro_id)
                .bind(a.active)
                .bind(&a.site_id)
                .execute(&mut *tx)
                .await
                .map_err(query_error)?;
        }
        tx.commit().await.map_err(query_error)?;
        Ok(())
    }
}
