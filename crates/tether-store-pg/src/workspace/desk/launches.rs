//! UA5: an asset's launch history, newest first. A launch the system could not open did not
//! happen, so it leaves the history again.

use chrono::{DateTime, Utc};
use tether_core::domain::AssetLaunch;
use tether_core::ports::StoreError;

use super::codec::read_error;
use crate::workspace::{at, logged, query_error, PgStore};

/// The history shows this many launches.
const HISTORY: i64 = 200;

#[derive(sqlx::FromRow)]
struct LaunchRow {
    id: i64,
    asset_id: String,
    at: DateTime<Utc>,
    actor: String,
    provider: String,
    label: String,
    url: String,
}

impl From<LaunchRow> for AssetLaunch {
    fn from(r: LaunchRow) -> AssetLaunch {
        AssetLaunch {
            id: r.id,
            asset_id: r.asset_id,
            at: r.at,
            actor: r.actor,
            provider: r.provider,
            label: r.label,
            url: r.url,
        }
    }
}

impl PgStore {
    pub(crate) async fn list_launches(
        &self,
        asset_id: &str,
    ) -> Result<Vec<AssetLaunch>, StoreError> {
        let rows: Vec<LaunchRow> = sqlx::query_as(
            "SELECT id, asset_id, at, actor, provider, label, url FROM asset_launches \
             WHERE asset_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(asset_id)
        .bind(HISTORY)
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        Ok(rows.into_iter().map(AssetLaunch::from).collect())
    }

    /// The asset's history changed: logged as the asset.
    pub(crate) async fn put_launch(&self, l: &AssetLaunch) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO asset_launches (asset_id, at, actor, provider, label, url) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&l.asset_id)
        .bind(at(l.at))
        .bind(&l.actor)
        .bind(&l.provider)
        .bind(&l.label)
        .bind(&l.url)
        .fetch_one(&mut *tx)
        .await
        .map_err(query_error)?;
        logged(&mut tx, "asset", &l.asset_id).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(id)
    }

    pub(crate) async fn delete_launch(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let asset: Option<String> =
            sqlx::query_scalar("DELETE FROM asset_launches WHERE id = $1 RETURNING asset_id")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(query_error)?;
        if let Some(asset) = asset {
            logged(&mut tx, "asset", &asset).await?;
        }
        tx.commit().await.map_err(query_error)
    }
}
