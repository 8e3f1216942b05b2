//! Asset types, assets with their typed fields, search, and the launch history.

use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite};
use tether_core::domain::{Asset, AssetLaunch, AssetQuery, AssetType, Platform};
use tether_core::ports::StoreError;

use crate::codec::{get, millis, time};
use crate::json::{from_json, to_json};
use crate::search::fts_query;
use crate::{query_error, SqliteStore};

const ASSET_COLUMNS: &str = "a.id, a.name, a.customer_id, COALESCE(c.name, '') AS customer_name, \
    a.type_id, a.inventory_number, a.platform, a.fields, a.syncro_id, a.active, a.site_id";

/// The desk's own write of an asset (a desk file, an edit): what an import linked or
/// deactivated stays so unless the row says otherwise.
pub(crate) const UPSERT_ASSET: &str =
    "INSERT INTO assets (id, name, customer_id, type_id, inventory_number, platform, fields, \
        syncro_id, active, site_id) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
        customer_id = excluded.customer_id, type_id = excluded.type_id, \
        inventory_number = excluded.inventory_number, platform = excluded.platform, \
        fields = excluded.fields, syncro_id = COALESCE(excluded.syncro_id, assets.syncro_id), \
        site_id = COALESCE(excluded.site_id, assets.site_id)";

pub(crate) fn platform(s: &str) -> Result<Platform, StoreError> {
    from_json(&format!("\"{s}\""), "platform")
}

pub(crate) fn platform_str(p: Platform) -> Result<String, StoreError> {
    Ok(to_json(&p)?.trim_matches('"').to_string())
}

pub(crate) fn asset(row: &SqliteRow) -> Result<Asset, StoreError> {
    Ok(Asset {
        id: get(row, "id")?,
        name: get(row, "name")?,
        customer_id: get(row, "customer_id")?,
        customer_name: get(row, "customer_name")?,
        type_id: get(row, "type_id")?,
        inventory_number: get(row, "inventory_number")?,
        platform: platform(&get::<String>(row, "platform")?)?,
        fields: from_json(&get::<String>(row, "fields")?, "fields")?,
        syncro_id: get(row, "syncro_id")?,
        active: get::<i64>(row, "active")? != 0,
        site_id: get(row, "site_id")?,
    })
}

impl SqliteStore {
    pub(crate) async fn list_asset_types(&self) -> Result<Vec<AssetType>, StoreError> {
        let rows =
            sqlx::query("SELECT id, name, fields, group_name FROM asset_types ORDER BY name")
                .fetch_all(&self.pool)
                .await
                .map_err(query_error)?;
        rows.iter()
            .map(|r| {
                Ok(AssetType {
                    id: get(r, "id")?,
                    name: get(r, "name")?,
                    fields: from_json(&get::<String>(r, "fields")?, "fields")?,
                    group: get(r, "group_name")?,
                })
            })
            .collect()
    }

    pub(crate) async fn put_asset_type(&self, t: &AssetType) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO asset_types (id, name, fields, group_name) VALUES (?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, fields = excluded.fields, \
                group_name = COALESCE(excluded.group_name, asset_types.group_name)",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(to_json(&t.fields)?)
        .bind(&t.group)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn search_assets(&self, q: &AssetQuery) -> Result<Vec<Asset>, StoreError> {
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(format!("SELECT {ASSET_COLUMNS} "));
        match fts_query(&q.text) {
            Some(m) => {
                sql.push(
                    "FROM assets_fts f JOIN assets a ON a.seq = f.rowid \
                     LEFT JOIN customers c ON c.id = a.customer_id WHERE assets_fts MATCH ",
                )
                .push_bind(m);
            }
            None => {
                sql.push("FROM assets a LEFT JOIN customers c ON c.id = a.customer_id WHERE 1 ");
            }
        }
        if let Some(c) = &q.customer_id {
            sql.push(" AND a.customer_id = ").push_bind(c.clone());
        }
        sql.push(" ORDER BY a.name LIMIT ")
            .push_bind(i64::from(q.limit.unwrap_or(500)));
        let rows = sql
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(query_error)?;
        rows.iter().map(asset).collect()
    }

    pub(crate) async fn get_asset(&self, id: &str) -> Result<Option<Asset>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ASSET_COLUMNS} FROM assets a LEFT JOIN customers c ON c.id = a.customer_id \
             WHERE a.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error)?;
        row.as_ref().map(asset).transpose()
    }

    pub(crate) async fn put_asset(&self, a: &Asset) -> Result<(), StoreError> {
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
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn list_launches(
        &self,
        asset_id: &str,
    ) -> Result<Vec<AssetLaunch>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, asset_id, at, actor, provider, label, url FROM asset_launches \
             WHERE asset_id = ? ORDER BY id DESC LIMIT 200",
        )
        .bind(asset_id)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter()
            .map(|r| {
                Ok(AssetLaunch {
                    id: get(r, "id")?,
                    asset_id: get(r, "asset_id")?,
                    at: time(get(r, "at")?, "at")?,
                    actor: get(r, "actor")?,
                    provider: get(r, "provider")?,
                    label: get(r, "label")?,
                    url: get(r, "url")?,
                })
            })
            .collect()
    }

    pub(crate) async fn put_launch(&self, l: &AssetLaunch) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "INSERT INTO asset_launches (asset_id, at, actor, provider, label, url) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&l.asset_id)
        .bind(millis(l.at))
        .bind(&l.actor)
        .bind(&l.provider)
        .bind(&l.label)
        .bind(&l.url)
        .fetch_one(&self.pool)
        .await
        .map_err(query_error)
    }

    pub(crate) async fn delete_launch(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM asset_launches WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }
}
