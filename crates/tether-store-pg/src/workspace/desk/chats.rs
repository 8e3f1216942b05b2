//! Chats (a chat may belong to a ticket) and their messages (IN4).

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use tether_core::domain::ChatMessage;
use tether_core::ports::StoreError;

use super::codec::read_error;
use crate::workspace::{at, logged, query_error, PgStore};

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    chat_id: String,
    at: DateTime<Utc>,
    author: String,
    html: String,
}

impl From<MessageRow> for ChatMessage {
    fn from(r: MessageRow) -> ChatMessage {
        ChatMessage {
            id: r.id,
            chat_id: r.chat_id,
            at: r.at,
            author: r.author,
            html: r.html,
        }
    }
}

impl PgStore {
    /// The ticket's first chat.
    pub(crate) async fn chat_of_ticket(
        &self,
        ticket_id: &str,
    ) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(
            "SELECT id FROM chats WHERE ticket_id = $1 ORDER BY created_at, id LIMIT 1",
        )
        .bind(ticket_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(read_error)
    }

    pub(crate) async fn put_chat(
        &self,
        id: &str,
        ticket_id: Option<&str>,
        created_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        sqlx::query("INSERT INTO chats (id, ticket_id, created_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(ticket_id)
            .bind(at(created_at))
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        logged(&mut tx, "chat", id).await?;
        tx.commit().await.map_err(query_error)
    }

    pub(crate) async fn list_messages(
        &self,
        chat_id: &str,
    ) -> Result<Vec<ChatMessage>, StoreError> {
        let rows: Vec<MessageRow> = sqlx::query_as(
            "SELECT id, chat_id, at, author, html FROM chat_messages WHERE chat_id = $1 \
             ORDER BY id",
        )
        .bind(chat_id)
        .fetch_all(&self.pool)
        .await
        .map_err(read_error)?;
        Ok(rows.into_iter().map(ChatMessage::from).collect())
    }

    pub(crate) async fn put_message(&self, m: &ChatMessage) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let id = insert_message(&mut tx, m).await?;
        logged(&mut tx, "chat", &m.chat_id).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(id)
    }
}

/// One chat message inside the caller's transaction; returns its id. The caller logs the
/// chat.
pub(crate) async fn insert_message(
    tx: &mut Transaction<'_, Postgres>,
    m: &ChatMessage,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO chat_messages (chat_id, at, author, html) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(&m.chat_id)
    .bind(at(m.at))
    .bind(&m.author)
    .bind(&m.html)
    .fetch_one(&mut **tx)
    .await
    .map_err(query_error)
}
