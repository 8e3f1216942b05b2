//! Customers with their sites and end users, teams, ticket types, technician availability.

use std::collections::HashMap;

use sqlx::{Postgres, Transaction};
use tether_core::domain::{Customer, EndUser, Site, Team, TicketType};
use tether_core::ports::StoreError;

use super::codec::{from_json, read_error, to_json};
use super::words::document;
use crate::workspace::{logged, query_error, PgStore};

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: String,
    name: String,
    syncro_id: Option<i64>,
    active: bool,
    parent_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SiteRow {
    id: String,
    customer_id: String,
    name: String,
}

#[derive(sqlx::FromRow)]
struct EndUserRow {
    id: String,
    customer_id: String,
    site_id: Option<String>,
    name: String,
    email: String,
}

#[derive(sqlx::FromRow)]
struct TeamRow {
    id: String,
    name: String,
    channel_id: String,
    members: serde_json::Value,
}

#[derive(sqlx::FromRow)]
struct TicketTypeRow {
    id: String,
    name: String,
    send_invite_on_create: bool,
    invite_target: serde_json::Value,
}

/// The words a customer is found by, on its own and on its tickets and assets.
pub(crate) fn customer_words(name: &str) -> Vec<String> {
    document([name])
}

impl PgStore {
    pub(crate) async fn list_customers(&self) -> Result<Vec<Customer>, StoreError> {
        let rows: Vec<CustomerRow> = sqlx::query_as(
            "SELECT id, name, syncro_id, active, parent_id FROM customers ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        let sites: Vec<SiteRow> =
            sqlx::query_as("SELECT id, customer_id, name FROM sites ORDER BY name, id")
                .fetch_all(&self.pool)
                .await
                .map_err(read_error)?;
        let users: Vec<EndUserRow> = sqlx::query_as(
            "SELECT id, customer_id, site_id, name, email FROM end_users ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        let mut out = Vec::with_capacity(rows.len());
        let mut index: HashMap<String, usize> = HashMap::with_capacity(rows.len());
        for r in rows {
            index.insert(r.id.clone(), out.len());
            out.push(Customer {
                id: r.id,
                name: r.name,
                sites: Vec::new(),
                end_users: Vec::new(),
                syncro_id: r.syncro_id,
                active: r.active,
                parent_id: r.parent_id,
            });
        }
        // Grouped in one pass each: an import may bring thousands of customers.
        for s in sites {
            if let Some(&i) = index.get(&s.customer_id) {
                out[i].sites.push(Site {
                    id: s.id,
                    name: s.name,
                });
            }
        }
        for u in users {
            if let Some(&i) = index.get(&u.customer_id) {
                out[i].end_users.push(EndUser {
                    id: u.id,
                    name: u.name,
                    email: u.email,
                    site_id: u.site_id,
                });
            }
        }
        Ok(out)
    }

    /// The desk's own save of a customer: its sites and end users are replaced whole; an
    /// import's link (Syncro id, top level) and state stay unless the customer says otherwise.
    pub(crate) async fn put_customer(&self, c: &Customer) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query(
            "INSERT INTO customers (id, name, syncro_id, active, parent_id, words) \
             VALUES ($1, $2, $3, $4, $5, array_to_tsvector($6)) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                syncro_id = COALESCE(excluded.syncro_id, customers.syncro_id), \
                parent_id = COALESCE(excluded.parent_id, customers.parent_id), \
                words = excluded.words",
        )
        .bind(&c.id)
        .bind(&c.name)
        .bind(c.syncro_id)
        .bind(c.active)
        .bind(&c.parent_id)
        .bind(customer_words(&c.name))
        .execute(&mut *tx)
        .await
        .map_err(query_error)?;
        let mut changed = vec![c.id.clone()];
        for table in ["sites", "end_users"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE customer_id = $1"))
                .bind(&c.id)
                .execute(&mut *tx)
                .await
                .map_err(query_error)?;
        }
        // A site or end user another customer had moves here (the solo file's INSERT OR
        // REPLACE): that customer changed too.
        let site_ids: Vec<&str> = c.sites.iter().map(|s| s.id.as_str()).collect();
        let user_ids: Vec<&str> = c.end_users.iter().map(|u| u.id.as_str()).collect();
        for (table, ids) in [("sites", &site_ids), ("end_users", &user_ids)] {
            let from: Vec<String> = sqlx::query_scalar(&format!(
                "DELETE FROM {table} WHERE id = ANY($1) RETURNING customer_id"
            ))
            .bind(ids)
            .fetch_all(&mut *tx)
            .await
            .map_err(query_error)?;
            changed.extend(from);
        }
        for s in &c.sites {
            sqlx::query(
                "INSERT INTO sites (id, customer_id, name) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, \
                    name = excluded.name",
            )
            .bind(&s.id)
            .bind(&c.id)
            .bind(&s.name)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        }
        for u in &c.end_users {
            sqlx::query(
                "INSERT INTO end_users (id, customer_id, site_id, name, email) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, \
                    site_id = excluded.site_id, name = excluded.name, email = excluded.email",
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
        log_each(&mut tx, "customer", changed).await?;
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn list_teams(&self) -> Result<Vec<Team>, StoreError> {
        let rows: Vec<TeamRow> =
            sqlx::query_as("SELECT id, name, channel_id, members FROM teams ORDER BY name, id")
                .fetch_all(&self.pool)
                .await
                .map_err(read_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(Team {
                    members: serde_json::from_value(r.members).map_err(|e| {
                        StoreError::Corrupt(format!("members is not a list of ids: {e}"))
                    })?,
                    id: r.id,
                    name: r.name,
                    channel_id: r.channel_id,
                })
            })
            .collect()
    }

    pub(crate) async fn put_team(&self, t: &Team) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let changed = sqlx::query(
            "INSERT INTO teams (id, name, channel_id, members) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                channel_id = excluded.channel_id, members = excluded.members \
             WHERE (teams.name, teams.channel_id, teams.members) \
                IS DISTINCT FROM (excluded.name, excluded.channel_id, excluded.members)",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(&t.channel_id)
        .bind(to_json(&t.members)?)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?
        .rows_affected();
        if changed > 0 {
            logged(&mut tx, "team", &t.id).await?;
        }
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn list_ticket_types(&self) -> Result<Vec<TicketType>, StoreError> {
        let rows: Vec<TicketTypeRow> = sqlx::query_as(
            "SELECT id, name, send_invite_on_create, invite_target FROM ticket_types \
             ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(TicketType {
                    invite_target: from_json(r.invite_target, "invite_target")?,
                    id: r.id,
                    name: r.name,
                    send_invite_on_create: r.send_invite_on_create,
                })
            })
            .collect()
    }

    pub(crate) async fn put_ticket_type(&self, t: &TicketType) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let changed = sqlx::query(
            "INSERT INTO ticket_types (id, name, send_invite_on_create, invite_target) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                send_invite_on_create = excluded.send_invite_on_create, \
                invite_target = excluded.invite_target \
             WHERE (ticket_types.name, ticket_types.send_invite_on_create, \
                    ticket_types.invite_target) \
                IS DISTINCT FROM (excluded.name, excluded.send_invite_on_create, \
                    excluded.invite_target)",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(t.send_invite_on_create)
        .bind(to_json(&t.invite_target)?)
        .execute(&mut *tx)
        .await
        .map_err(query_error)?
        .rows_affected();
        if changed > 0 {
            logged(&mut tx, "ticket_type", &t.id).await?;
        }
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn put_available(&self, id: &str, available: bool) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let done = sqlx::query("UPDATE technicians SET available = $1 WHERE id = $2")
            .bind(available)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Gone(format!("technician {id}")));
        }
        logged(&mut tx, "technician", id).await?;
        tx.commit().await.map_err(query_error)
    }
}

/// Logs each id once, in order of first mention.
pub(crate) async fn log_each(
    tx: &mut Transaction<'_, Postgres>,
    kind: &str,
    ids: impl IntoIterator<Item = String>,
) -> Result<(), StoreError> {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if seen.insert(id.clone()) {
            logged(tx, kind, &id).await?;
        }
    }
    Ok(())
}
