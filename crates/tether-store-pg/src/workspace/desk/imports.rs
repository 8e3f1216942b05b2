//! `ImportStore`: what an import from SyncroMSP reads (every asset, for matching) and writes
//! (one batch per transaction, so a failure part-way leaves no half-written row and the next
//! run picks up where it stopped). Only rows the batch really changes are written and
//! logged: a re-import of unchanged data tells the team's desktops nothing.

use std::collections::HashSet;

use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder};
use tether_core::domain::{Asset, Customer};
use tether_core::ports::{ImportBatch, ImportStore, StoreResult};

use super::assets::{asset_words, AssetRow, ASSET_COLUMNS};
use super::codec::{platform_str, read_error, to_json};
use super::directory::{customer_words, log_each};
use crate::workspace::{query_error, PgStore};

/// Eleven values a row: 500 rows stay far below PostgreSQL's 65,535 bound values.
const ROWS_PER_STATEMENT: usize = 500;

#[async_trait]
impl ImportStore for PgStore {
    async fn all_assets(&self) -> StoreResult<Vec<Asset>> {
        let rows: Vec<AssetRow> = sqlx::query_as(&format!(
            "SELECT {ASSET_COLUMNS} FROM assets a LEFT JOIN customers c ON c.id = a.customer_id \
             ORDER BY a.seq"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        rows.into_iter().map(Asset::try_from).collect()
    }

    async fn apply_import(&self, batch: &ImportBatch<'_>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let mut types = Vec::new();
        for t in batch.types {
            // A type the import makes never replaces one the desk has.
            let added: Option<String> = sqlx::query_scalar(
                "INSERT INTO asset_types (id, name, fields, group_name) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (id) DO NOTHING RETURNING id",
            )
            .bind(&t.id)
            .bind(&t.name)
            .bind(to_json(&t.fields)?)
            .bind(&t.group)
            .fetch_optional(&mut *tx)
            .await
            .map_err(query_error)?;
            types.extend(added);
        }
        // Links move between customers within a batch (a hand mapping taking a Syncro id
        // from an earlier match): uniqueness is checked at commit, on the final state.
        sqlx::query("SET CONSTRAINTS customers_syncro_id_unique DEFERRED")
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        let mut customers = Vec::new();
        for c in batch.customers {
            customers.extend(upsert_customer(&mut tx, c).await?);
        }
        let mut assets = Vec::new();
        for chunk in last_of_each(batch.assets).chunks(ROWS_PER_STATEMENT) {
            assets.extend(upsert_assets(&mut tx, chunk).await?);
        }
        log_each(&mut tx, "asset_type", types).await?;
        log_each(&mut tx, "customer", customers).await?;
        log_each(&mut tx, "asset", assets).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(())
    }
}

/// The customer's name, Syncro id, state and top level; its sites and end users are the
/// desk's own and stay. Returns its id if that changed anything.
async fn upsert_customer(
    tx: &mut sqlx::Transaction<'_, Postgres>,
    c: &Customer,
) -> StoreResult<Option<String>> {
    sqlx::query_scalar(
        "INSERT INTO customers (id, name, syncro_id, active, parent_id, words) \
         VALUES ($1, $2, $3, $4, $5, array_to_tsvector($6)) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, syncro_id = excluded.syncro_id, \
            active = excluded.active, parent_id = excluded.parent_id, words = excluded.words \
         WHERE (customers.name, customers.syncro_id, customers.active, customers.parent_id) \
            IS DISTINCT FROM \
            (excluded.name, excluded.syncro_id, excluded.active, excluded.parent_id) \
         RETURNING id",
    )
    .bind(&c.id)
    .bind(&c.name)
    .bind(c.syncro_id)
    .bind(c.active)
    .bind(&c.parent_id)
    .bind(customer_words(&c.name))
    .fetch_optional(&mut **tx)
    .await
    .map_err(query_error)
}

/// Many assets a statement: one round trip per 500, not per asset. Returns the ids of those
/// it added or changed.
async fn upsert_assets(
    tx: &mut sqlx::Transaction<'_, Postgres>,
    chunk: &[&Asset],
) -> StoreResult<Vec<String>> {
    let mut encoded = Vec::with_capacity(chunk.len());
    for a in chunk {
        encoded.push((
            platform_str(a.platform)?,
            to_json(&a.fields)?,
            asset_words(a),
        ));
    }
    let mut sql = QueryBuilder::<Postgres>::new(
        "INSERT INTO assets (id, name, customer_id, type_id, inventory_number, platform, \
            fields, syncro_id, active, site_id, words) ",
    );
    sql.push_values(
        chunk.iter().zip(encoded),
        |mut b, (a, (platform, fields, words))| {
            b.push_bind(&a.id)
                .push_bind(&a.name)
                .push_bind(&a.customer_id)
                .push_bind(&a.type_id)
                .push_bind(&a.inventory_number)
                .push_bind(platform)
                .push_bind(fields)
                .push_bind(a.syncro_id)
                .push_bind(a.active)
                .push_bind(&a.site_id)
                .push("array_to_tsvector(")
                .push_bind_unseparated(words)
                .push_unseparated(")");
        },
    );
    sql.push(
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
            customer_id = excluded.customer_id, type_id = excluded.type_id, \
            inventory_number = excluded.inventory_number, platform = excluded.platform, \
            fields = excluded.fields, syncro_id = excluded.syncro_id, \
            active = excluded.active, site_id = excluded.site_id, words = excluded.words \
         WHERE (assets.name, assets.customer_id, assets.type_id, assets.inventory_number, \
                assets.platform, assets.fields, assets.syncro_id, assets.active, assets.site_id) \
            IS DISTINCT FROM (excluded.name, excluded.customer_id, excluded.type_id, \
                excluded.inventory_number, excluded.platform, excluded.fields, \
                excluded.syncro_id, excluded.active, excluded.site_id) \
         RETURNING id",
    );
    sql.build_query_scalar()
        .fetch_all(&mut **tx)
        .await
        .map_err(query_error)
}

/// An asset listed twice in a batch ends as its last listing, as row-by-row upserts leave it
/// (one PostgreSQL statement may not update a row twice).
fn last_of_each(assets: &[Asset]) -> Vec<&Asset> {
    let mut seen = HashSet::new();
    let mut kept: Vec<&Asset> = assets
        .iter()
        .rev()
        .filter(|a| seen.insert(a.id.as_str()))
        .collect();
    kept.reverse();
    kept
}
