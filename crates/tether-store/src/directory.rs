//! Customers with their sites and end users, teams, ticket types, technician availability.

use std::collections::HashMap;

use sqlx::Row;
use tether_core::domain::{Customer, EndUser, Site, Team, TicketType};
use tether_core::ports::StoreError;

use crate::codec::{get, ids, ids_json};
use crate::json::{from_json, to_json};
use crate::{query_error, SqliteStore};

impl SqliteStore {
    pub(crate) async fn list_customers(&self) -> Result<Vec<Customer>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, syncro_id, active, parent_id FROM customers ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        let sites = sqlx::query("SELECT id, customer_id, name FROM sites ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error)?;
        let users = sqlx::query(
            "SELECT id, customer_id, site_id, name, email FROM end_users ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        let mut out = Vec::with_capacity(rows.len());
        let mut at: HashMap<String, usize> = HashMap::with_capacity(rows.len());
        for r in &rows {
            let id: String = get(r, "id")?;
            at.insert(id.clone(), out.len());
            out.push(Customer {
                name: get(r, "name")?,
                sites: Vec::new(),
                end_users: Vec::new(),
                id,
                syncro_id: get(r, "syncro_id")?,
                active: get::<i64>(r, "active")? != 0,
                parent_id: get(r, "parent_id")?,
            });
        }
        // Grouped in one pass each: an import may bring thousands of customers.
        for s in &sites {
            if let Some(&i) = at.get(&s.get::<String, _>("customer_id")) {
                out[i].sites.push(Site {
                    id: get(s, "id")?,
                    name: get(s, "name")?,
                });
            }
        }
        for u in &users {
            if let Some(&i) = at.get(&u.get::<String, _>("customer_id")) {
                out[i].end_users.push(EndUser {
                    id: get(u, "id")?,
                    name: get(u, "name")?,
                    email: get(u, "email")?,
                    site_id: get(u, "site_id")?,
                });
            }
        }
        Ok(out)
    }

    pub(crate) async fn put_customer(&self, c: &Customer) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query(
            "INSERT INTO customers (id, name, syncro_id, active, parent_id) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                syncro_id = COALESCE(excluded.syncro_id, customers.syncro_id), \
                parent_id = COALESCE(excluded.parent_id, customers.parent_id)",
        )
        .bind(&c.id)
        .bind(&c.name)
        .bind(c.syncro_id)
        .bind(c.active)
        .bind(&c.parent_id)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        for table in ["sites", "end_users"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE customer_id = ?"))
                .bind(&c.id)
                .execute(&mut *tx)
                .await
                .map_err(query_error)?;
        }
        for s in &c.sites {
            sqlx::query("INSERT OR REPLACE INTO sites (id, customer_id, name) VALUES (?, ?, ?)")
                .bind(&s.id)
                .bind(&c.id)
                .bind(&s.name)
                .execute(&mut *tx)
                .await
                .map_err(query_error)?;
        }
        for u in &c.end_users {
            sqlx::query(
                "INSERT OR REPLACE INTO end_users (id, customer_id, site_id, name, email) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&u.id)
            .bind(&c.id)
            .bind(&u.site_id)
            .bind(&u.name)
            .bind(&u.email)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        }
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn list_teams(&self) -> Result<Vec<Team>, StoreError> {
        let rows = sqlx::query("SELECT id, name, channel_id, members FROM teams ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error)?;
        rows.iter()
            .map(|r| {
                Ok(Team {
                    id: get(r, "id")?,
                    name: get(r, "name")?,
                    channel_id: get(r, "channel_id")?,
                    members: ids(&get::<String>(r, "members")?, "members")?,
                })
            })
            .collect()
    }

    pub(crate) async fn put_team(&self, t: &Team) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO teams (id, name, channel_id, members) VALUES (?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                channel_id = excluded.channel_id, members = excluded.members",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(&t.channel_id)
        .bind(ids_json(&t.members))
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn list_ticket_types(&self) -> Result<Vec<TicketType>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, send_invite_on_create, invite_target FROM ticket_types ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter()
            .map(|r| {
                Ok(TicketType {
                    id: get(r, "id")?,
                    name: get(r, "name")?,
                    send_invite_on_create: get(r, "send_invite_on_create")?,
                    invite_target: from_json(&get::<String>(r, "invite_target")?, "invite_target")?,
                })
            })
            .collect()
    }

    pub(crate) async fn put_ticket_type(&self, t: &TicketType) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO ticket_types (id, name, send_invite_on_create, invite_target) \
             VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                send_invite_on_create = excluded.send_invite_on_create, \
                invite_target = excluded.invite_target",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(t.send_invite_on_create)
        .bind(to_json(&t.invite_target)?)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn put_available(&self, id: &str, available: bool) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE technicians SET available = ? WHERE id = ?")
            .bind(available)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Gone(format!("technician {id}")));
        }
        Ok(())
    }
}
