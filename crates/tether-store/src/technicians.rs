use sqlx::Row;
use tether_core::domain::Technician;
use tether_core::ports::StoreError;

use crate::{query_error, SqliteStore};

impl SqliteStore {
    pub(crate) async fn list_technicians(&self) -> Result<Vec<Technician>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, email, can_release, available FROM technicians \
             ORDER BY position, name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter()
            .map(|r| {
                Ok(Technician {
                    id: r.try_get("id").map_err(query_error)?,
                    name: r.try_get("name").map_err(query_error)?,
                    email: r.try_get("email").map_err(query_error)?,
                    can_release: r.try_get("can_release").map_err(query_error)?,
                    available: r.try_get("available").map_err(query_error)?,
                })
            })
            .collect()
    }

    pub(crate) async fn put_technician(&self, t: &Technician) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO technicians (id, name, email, can_release, available, position) \
             VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM technicians)) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, \
                can_release = excluded.can_release, available = excluded.available",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(&t.email)
        .bind(t.can_release)
        .bind(t.available)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }
}
