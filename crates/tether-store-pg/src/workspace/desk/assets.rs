//! Asset types, and assets with their typed fields, found by any of their words.

use sqlx::{Postgres, QueryBuilder};
use tether_core::domain::{Asset, AssetQuery, AssetType};
use tether_core::ports::StoreError;

use super::codec::{from_json, platform, platform_str, read_error, to_json};
use super::ticket_search::DEFAULT_LIMIT;
use super::words::{document, prefix_query};
use crate::workspace::{logged, query_error, PgStore};

/// The columns `AssetRow` reads, from `assets a LEFT JOIN customers c`.
pub(crate) const ASSET_COLUMNS: &str = "a.id, a.name, a.customer_id, \
    COALESCE(c.name, '') AS customer_name, a.type_id, a.inventory_number, a.platform, a.fields, \
    a.syncro_id, a.active, a.site_id";

#[derive(sqlx::FromRow)]
pub(crate) struct AssetRow {
    id: String,
    name: String,
    customer_id: Option<String>,
    customer_name: String,
    type_id: String,
    inventory_number: String,
    platform: String,
    fields: serde_json::Value,
    syncro_id: Option<i64>,
    active: bool,
    site_id: Option<String>,
}

impl TryFrom<AssetRow> for Asset {
    type Error = StoreError;

    fn try_from(r: AssetRow) -> Result<Asset, StoreError> {
        Ok(Asset {
            platform: platform(r.platform)?,
            fields: from_json(r.fields, "fields")?,
            id: r.id,
            name: r.name,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            type_id: r.type_id,
            inventory_number: r.inventory_number,
            syncro_id: r.syncro_id,
            active: r.active,
            site_id: r.site_id,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AssetTypeRow {
    id: String,
    name: String,
    fields: serde_json::Value,
    group_name: Option<String>,
}

/// An asset's own words: its name, inventory number and field values (its customer's name
/// is added by the database, and follows a rename).
pub(crate) fn asset_words(a: &Asset) -> Vec<String> {
    document(
        [a.name.as_str(), a.inventory_number.as_str()]
            .into_iter()
            .chain(a.fields.values().map(String::as_str)),
    )
}

impl PgStore {
    pub(crate) async fn list_asset_types(&self) -> Result<Vec<AssetType>, StoreError> {
        let rows: Vec<AssetTypeRow> = sqlx::query_as(
            "SELECT id, name, fields, group_name FROM asset_types ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(AssetType {
                    fields: from_json(r.fields, "fields")?,
                    id: r.id,
                    name: r.name,
                    group: r.group_name,
                })
            })
            .collect()
    }

    /// A group an import gave the type stays unless this one names another.
    pub(crate) async fn put_asset_type(&self, t: &AssetType) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let changed = sqlx::query(
            "INSERT INTO asset_types (id, name, fields, group_name) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, fields = excluded.fields, \
                group_name = COALESCE(excluded.group_name, asset_types.group_name) \
             WHERE (asset_types.name, asset_types.fields, asset_types.group_name) \
                IS DISTINCT FROM (excluded.name, excluded.fields, \
                    COALESCE(excluded.group_name, asset_types.group_name))",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(to_json(&t.fields)?)
        .bind(&t.group)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?
        .rows_affected();
        if changed > 0 {
            logged(&mut tx, "asset_type", &t.id).await?;
        }
        tx.commit().await.map_err(query_error)
    }

    /// By name; a text search keeps the assets having every typed word as a prefix.
    pub(crate) async fn search_assets(&self, q: &AssetQuery) -> Result<Vec<Asset>, StoreError> {
        let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(format!(
            "SELECT {ASSET_COLUMNS} FROM assets a \
             LEFT JOIN customers c ON c.id = a.customer_id WHERE TRUE"
        ));
        if let Some(text) = prefix_query(&q.text) {
            sql.push(" AND a.search @@ ")
                .push_bind(text)
                .push("::tsquery");
        }
        if let Some(c) = &q.customer_id {
            sql.push(" AND a.customer_id = ").push_bind(c);
        }
        sql.push(" ORDER BY a.name, a.id LIMIT ")
            .push_bind(i64::from(q.limit.unwrap_or(DEFAULT_LIMIT)));
        let rows: Vec<AssetRow> = sql
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(read_error)?;
        rows.into_iter().map(Asset::try_from).collect()
    }

    pub(crate) async fn get_asset(&self, id: &str) -> Result<Option<Asset>, StoreError> {
        let row: Option<AssetRow> = sqlx::query_as(&format!(
            "SELECT {ASSET_COLUMNS} FROM assets a LEFT JOIN customers c ON c.id = a.customer_id \
             WHERE a.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(read_error)?;
        row.map(Asset::try_from).transpose()
    }

    /// The desk's own write of an asset (a desk file, an edit): what an import linked or
    /// deactivated stays so unless the asset says otherwise.
    pub(crate) async fn put_asset(&self, a: &Asset) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let changed = sqlx::query(
            "INSERT INTO assets (id, name, customer_id, type_id, inventory_number, platform, \
                fields, syncro_id, active, site_id, words) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, array_to_tsvector($11)) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                customer_id = excluded.customer_id, type_id = excluded.type_id, \
                inventory_number = excluded.inventory_number, platform = excluded.platform, \
                fields = excluded.fields, \
                syncro_id = COALESCE(excluded.syncro_id, assets.syncro_id), \
                site_id = COALESCE(excluded.site_id, assets.site_id), words = excluded.words \
             WHERE (assets.name, assets.customer_id, assets.type_id, assets.inventory_number, \
                    assets.platform, assets.fields, assets.syncro_id, assets.site_id) \
                IS DISTINCT FROM (excluded.name, excluded.customer_id, excluded.type_id, \
                    excluded.inventory_number, excluded.platform, excluded.fields, \
                    COALESCE(excluded.syncro_id, assets.syncro_id), \
                    COALESCE(excluded.site_id, assets.site_id))",
        )
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
        .bind(asset_words(a))
        .execute(&mut *tx)
        .await
        .map_err(query_error)?
        .rows_affected();
        if changed > 0 {
            logged(&mut tx, "asset", &a.id).await?;
        }
        tx.commit().await.map_err(query_error)
    }
}
