//! Which tickets a list shows: a text search newest ticket first, a list most recently
//! updated first, each narrowed by status, customer and assignee.

use sqlx::{Postgres, QueryBuilder};
use tether_core::domain::{Ticket, TicketQuery};
use tether_core::ports::StoreError;

use super::codec::read_error;
use super::tickets::{TicketRow, TICKET_COLUMNS};
use super::words::prefix_query;
use crate::workspace::PgStore;

/// What a list shows when it does not say.
pub(crate) const DEFAULT_LIMIT: u32 = 500;

impl PgStore {
    pub(crate) async fn search_tickets(&self, q: &TicketQuery) -> Result<Vec<Ticket>, StoreError> {
        let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(format!(
            "SELECT {TICKET_COLUMNS} FROM tickets t \
             LEFT JOIN customers c ON c.id = t.customer_id WHERE TRUE"
        ));
        let text = prefix_query(&q.text);
        let searching = text.is_some();
        if let Some(text) = text {
            sql.push(" AND t.search @@ ")
                .push_bind(text)
                .push("::tsquery");
        }
        if let Some(s) = q.status {
            sql.push(" AND t.status = ").push_bind(s.as_str());
        }
        if let Some(c) = &q.customer_id {
            sql.push(" AND t.customer_id = ").push_bind(c);
        }
        if let Some(a) = &q.assignee {
            sql.push(" AND t.assignee = ").push_bind(a);
        }
        sql.push(if searching {
            " ORDER BY t.number DESC LIMIT "
        } else {
            " ORDER BY t.updated_at DESC, t.number DESC LIMIT "
        })
        .push_bind(i64::from(q.limit.unwrap_or(DEFAULT_LIMIT)));
        let rows: Vec<TicketRow> = sql
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(read_error)?;
        rows.into_iter().map(Ticket::try_from).collect()
    }
}
