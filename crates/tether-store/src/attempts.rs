//! Both outboxes (provider actions, messages) count a failed delivery the same way: one
//! attempt more, why, and either when to try again or when it was refused for good.

use chrono::{DateTime, Utc};
use tether_core::ports::StoreError;

use crate::codec::millis;
use crate::{query_error, SqliteStore};

#[derive(Clone, Copy)]
pub(crate) enum Outbox {
    Provider,
    Messages,
}

impl Outbox {
    fn table(self) -> &'static str {
        match self {
            Outbox::Provider => "outbox",
            Outbox::Messages => "mail_outbox",
        }
    }
}

pub(crate) enum Next {
    /// Tried again from this time on.
    RetryAt(DateTime<Utc>),
    /// Kept, not tried again until a technician says so.
    RefusedAt(DateTime<Utc>),
}

impl SqliteStore {
    pub(crate) async fn record_attempt(
        &self,
        outbox: Outbox,
        id: i64,
        error: &str,
        next: Next,
    ) -> Result<(), StoreError> {
        let (column, at) = match next {
            Next::RetryAt(at) => ("next_attempt_at", at),
            Next::RefusedAt(at) => ("refused_at", at),
        };
        sqlx::query(&format!(
            "UPDATE {} SET attempts = attempts + 1, last_error = ?, {column} = ? WHERE id = ?",
            outbox.table()
        ))
        .bind(error)
        .bind(millis(at))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(())
    }
}
