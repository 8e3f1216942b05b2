//! Technicians and the access tokens their desktops sign in with (issue 15, item 2). A token
//! is shown once, when it is made; the database keeps only its SHA-256. Tokens are 256 random
//! bits, so a fast hash is enough: there is nothing to guess that a slow one would protect.

use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use tether_core::secret::Secret;

use crate::error::PgError;

/// What every token starts with, so one pasted in the wrong place is recognisable.
const PREFIX: &str = "tether_";

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TeamTechnician {
    pub id: String,
    pub name: String,
    pub email: String,
    pub can_release: bool,
}

/// A token as the admin sees it listed: never the token itself.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenInfo {
    pub id: i64,
    pub technician_id: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// A token just made: its value is in `token`, shown once.
pub struct IssuedToken {
    pub id: i64,
    pub token: Secret,
}

#[derive(Clone)]
pub struct AccessTokens {
    pool: PgPool,
}

fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

impl AccessTokens {
    pub fn new(pool: PgPool) -> Self {
        AccessTokens { pool }
    }

    pub async fn add_technician(
        &self,
        t: &TeamTechnician,
        now: DateTime<Utc>,
    ) -> Result<(), PgError> {
        if t.id.trim().is_empty() || t.name.trim().is_empty() {
            return Err(PgError::Invalid(
                "a technician needs an id and a name".into(),
            ));
        }
        let added = sqlx::query(
            "INSERT INTO technicians (id, name, email, can_release, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(&t.email)
        .bind(t.can_release)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(PgError::query)?;
        if added.rows_affected() == 0 {
            return Err(PgError::Invalid(format!(
                "there is already a technician {}",
                t.id
            )));
        }
        Ok(())
    }

    /// Removes a technician; their tokens stop working with them.
    pub async fn remove_technician(&self, id: &str) -> Result<(), PgError> {
        sqlx::query("DELETE FROM technicians WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(PgError::query)?;
        Ok(())
    }

    /// A new token for `technician_id`'s desktop called `label`.
    pub async fn issue(
        &self,
        technician_id: &str,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<IssuedToken, PgError> {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let token = format!("{PREFIX}{hex}");
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO access_tokens (technician_id, label, token_hash, created_at) \
             SELECT id, $2, $3, $4 FROM technicians WHERE id = $1 RETURNING id",
        )
        .bind(technician_id)
        .bind(label)
        .bind(digest(&token))
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(PgError::query)?;
        let id =
            id.ok_or_else(|| PgError::Invalid(format!("there is no technician {technician_id}")))?;
        Ok(IssuedToken {
            id,
            token: Secret::new(token),
        })
    }

    /// Whom `token` signs in, if it is one of ours and not revoked.
    pub async fn authenticate(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<TeamTechnician>, PgError> {
        if !token.starts_with(PREFIX) {
            return Ok(None);
        }
        // Looked up by its hash: equal hashes, not a comparison of secrets in Rust.
        sqlx::query_as(
            "UPDATE access_tokens a SET last_used_at = $2 FROM technicians t \
             WHERE a.token_hash = $1 AND a.revoked_at IS NULL AND t.id = a.technician_id \
             RETURNING t.id, t.name, t.email, t.can_release",
        )
        .bind(digest(token))
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(PgError::query)
    }

    pub async fn revoke(&self, token_id: i64, now: DateTime<Utc>) -> Result<(), PgError> {
        let done = sqlx::query(
            "UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1",
        )
        .bind(token_id)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(PgError::query)?;
        if done.rows_affected() == 0 {
            return Err(PgError::Invalid(format!("there is no token {token_id}")));
        }
        Ok(())
    }

    pub async fn tokens(&self, technician_id: &str) -> Result<Vec<TokenInfo>, PgError> {
        sqlx::query_as(
            "SELECT id, technician_id, label, created_at, last_used_at, revoked_at IS NOT NULL \
             AS revoked FROM access_tokens WHERE technician_id = $1 ORDER BY id",
        )
        .bind(technician_id)
        .fetch_all(&self.pool)
        .await
        .map_err(PgError::query)
    }
}
