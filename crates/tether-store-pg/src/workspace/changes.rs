//! Each write says what it changed, in the transaction that changes it.

use chrono::Utc;
use sqlx::{Postgres, Transaction};
use tether_core::ports::StoreError;

use crate::change_log::{ChangeLog, NewChange};

/// Logs that `kind` (`session`, `ticket`, `channel`, …) with `id` changed, inside `tx`. The
/// actor is the technician the request acts as; background work (polls, webhooks) is
/// `tether`.
pub(crate) async fn logged(
    tx: &mut Transaction<'_, Postgres>,
    kind: &str,
    id: &str,
) -> Result<(), StoreError> {
    let change = NewChange {
        actor: tether_core::acting::current().unwrap_or_else(|| "tether".into()),
        kind: kind.to_string(),
        payload: serde_json::json!({ "id": id }),
    };
    ChangeLog::append(tx, &change, Utc::now())
        .await
        .map_err(|e| StoreError::Query(e.to_string()))?;
    Ok(())
}
