//! The workspace's technicians: the team's own rows (migration 0002, which also gives them
//! access tokens), listed in the order they were added.

use tether_core::domain::Technician;
use tether_core::ports::StoreError;

use super::rows::read_error;
use crate::workspace::{logged, query_error, PgStore};

#[derive(sqlx::FromRow)]
struct TechnicianRow {
    id: String,
    name: String,
    email: String,
    can_release: bool,
    available: bool,
}

impl From<TechnicianRow> for Technician {
    fn from(r: TechnicianRow) -> Technician {
        Technician {
            id: r.id,
            name: r.name,
            email: r.email,
            can_release: r.can_release,
            available: r.available,
        }
    }
}

impl PgStore {
    pub(crate) async fn list_technicians(&self) -> Result<Vec<Technician>, StoreError> {
        // Names compare byte by byte, as in the SQLite file.
        let rows: Vec<TechnicianRow> = sqlx::query_as(
            "SELECT id, name, email, can_release, available FROM technicians \
             ORDER BY position, name COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        Ok(rows.into_iter().map(Technician::from).collect())
    }

    /// A new technician goes last; one already there keeps its place (and its tokens).
    pub(crate) async fn put_technician(&self, t: &Technician) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query(
            "INSERT INTO technicians (id, name, email, can_release, available, position) \
             VALUES ($1, $2, $3, $4, $5, \
                (SELECT COALESCE(MAX(position), 0) + 1 FROM technicians)) \
             ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, \
                can_release = EXCLUDED.can_release, available = EXCLUDED.available",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(&t.email)
        .bind(t.can_release)
        .bind(t.available)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        logged(&mut tx, "technician", &t.id).await?;
        tx.commit().await.map_err(query_error)
    }
}
