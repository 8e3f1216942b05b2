//! Chats (a chat may belong to a ticket) and their messages (IN4).

use chrono::{DateTime, Utc};
use tether_core::domain::ChatMessage;
use tether_core::ports::StoreError;

use crate::codec::{get, millis, time};
use crate::{query_error, SqliteStore};

impl SqliteStore {
    pub(crate) async fn chat_of_ticket(
        &self,
        ticket_id: &str,
    ) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT id FROM chats WHERE ticket_id = ? ORDER BY created_at LIMIT 1")
            .bind(ticket_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error)
    }

    pub(crate) async fn put_chat(
        &self,
        id: &str,
        ticket_id: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO chats (id, ticket_id, created_at) VALUES (?, ?, ?)")
            .bind(id)
            .bind(ticket_id)
            .bind(millis(at))
            .execute(&self.pool)
            .await
            .map_err(query_error)?;
        Ok(())
    }

    pub(crate) async fn list_messages(
        &self,
        chat_id: &str,
    ) -> Result<Vec<ChatMessage>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, chat_id, at, author, html FROM chat_messages WHERE chat_id = ? ORDER BY id",
        )
        .bind(chat_id)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?;
        rows.iter()
            .map(|r| {
                Ok(ChatMessage {
                    id: get(r, "id")?,
                    chat_id: get(r, "chat_id")?,
                    at: time(get(r, "at")?, "at")?,
                    author: get(r, "author")?,
                    html: get(r, "html")?,
                })
            })
            .collect()
    }

    pub(crate) async fn put_message(&self, m: &ChatMessage) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let id = insert_message(&mut tx, m).await?;
        tx.commit().await.map_err(query_error)?;
        Ok(id)
    }
}

/// One chat message, inside a caller's transaction.
pub(crate) async fn insert_message(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    m: &ChatMessage,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO chat_messages (chat_id, at, author, html) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(&m.chat_id)
    .bind(millis(m.at))
    .bind(&m.author)
    .bind(&m.html)
    .fetch_one(&mut **tx)
    .await
    .map_err(query_error)
}
