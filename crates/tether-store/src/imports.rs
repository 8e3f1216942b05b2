//! `ImportStore`: what an import from SyncroMSP reads (every asset, for matching) and writes
//! (one batch per transaction, so a failure part-way leaves no half-written row and the next
//! run picks up where it stopped).

use async_trait::async_trait;
use tether_core::domain::Asset;
use tether_core::ports::{ImportBatch, ImportStore, StoreResult};

use sqlx::{QueryBuilder, Sqlite};

use crate::assets::{asset, platform_str};
use crate::json::to_json;
use crate::{query_error, SqliteStore};

/// Ten columns a row: 500 rows stay far below SQLite's limit of bound values.
const ROWS_PER_STATEMENT: usize = 500;

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
                // A type the import makes never replaces one the desk has.
                "INSERT INTO asset_types (id, name, fields, group_name) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&t.id)
            .bind(&t.name)
            .bind(to_json(&t.fields)?)
            .bind(&t.group)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        }
        // Links move between customers within a batch (a hand mapping taking a Syncro id
        // from an earlier match): let go of them all first, so the unique index sees only the
        // final state.
        for c in batch.customers {
            sqlx::query("UPDATE customers SET syncro_id = NULL WHERE id = ?")
                .bind(&c.id)
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
        // Many rows a statement: one round trip to SQLite per 500 assets, not per asset.
        for chunk in batch.assets.chunks(ROWS_PER_STATEMENT) {
            let mut sql = QueryBuilder::<Sqlite>::new(
                "INSERT INTO assets (id, name, customer_id, type_id, inventory_number, platform, \
                    fields, syncro_id, active, site_id) ",
            );
            let mut encoded = Vec::with_capacity(chunk.len());
            for a in chunk {
                encoded.push((platform_str(a.platform)?, to_json(&a.fields)?));
            }
            sql.push_values(
                chunk.iter().zip(&encoded),
                |mut b, (a, (platform, fields))| {
                    b.push_bind(&a.id)
                        .push_bind(&a.name)
                        .push_bind(&a.customer_id)
                        .push_bind(&a.type_id)
                        .push_bind(&a.inventory_number)
                        .push_bind(platform)
                        .push_bind(fields)
                        .push_bind(a.syncro_id)
                        .push_bind(a.active)
                        .push_bind(&a.site_id);
                },
            );
            sql.push(
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                    customer_id = excluded.customer_id, type_id = excluded.type_id, \
                    inventory_number = excluded.inventory_number, platform = excluded.platform, \
                    fields = excluded.fields, syncro_id = excluded.syncro_id, \
                    active = excluded.active, site_id = excluded.site_id",
            );
            sql.build().execute(&mut *tx).await.map_err(query_error)?;
        }
        tx.commit().await.map_err(query_error)?;
        Ok(())
    }
}
